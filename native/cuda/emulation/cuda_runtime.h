// A stand-in for <cuda_runtime.h> that runs the kernels' C++ on CPU threads, for checking the kernels' indexing,
// tiling and barrier logic on machines without a GPU (native/scripts/cuda-emulate-check.sh). Each CUDA thread of
// a block is a std::thread, __syncthreads is a std::barrier, blocks run one after another (so a kernel's
// __shared__ variables become function statics), and cp.async copies complete at once. The rounding intrinsics
// map to plain binary32/binary64 operations, which is what they are on the GPU.
#pragma once

#include <algorithm>
#include <barrier>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <thread>
#include <vector>

struct dim3 {
  unsigned x, y, z;
  dim3(unsigned a = 1, unsigned b = 1, unsigned c = 1) : x(a), y(b), z(c) {}
};
struct float4 {
  float x, y, z, w;
};
using cudaError_t = int;
using cudaStream_t = void*;
enum : int { cudaSuccess = 0, cudaErrorInvalidValue = 1 };
enum cudaDeviceAttr { cudaDevAttrMultiProcessorCount, cudaDevAttrMaxSharedMemoryPerBlockOptin };
enum cudaFuncAttribute { cudaFuncAttributeMaxDynamicSharedMemorySize };

inline thread_local dim3 threadIdx;
inline thread_local dim3 blockIdx;
inline dim3 blockDim;
inline dim3 gridDim;

inline cudaError_t cudaGetDevice(int* device) {
  *device = 0;
  return cudaSuccess;
}
inline cudaError_t cudaDeviceGetAttribute(int* value, cudaDeviceAttr attr, int) {
  *value = attr == cudaDevAttrMultiProcessorCount ? 132 : 227 * 1024;  // an H100's figures
  return cudaSuccess;
}
inline cudaError_t cudaGetLastError() { return cudaSuccess; }
inline const char* cudaGetErrorName(cudaError_t err) { return err == cudaSuccess ? "cudaSuccess" : "cudaError"; }
inline const char* cudaGetErrorString(cudaError_t err) { return cudaGetErrorName(err); }
template <class F>
cudaError_t cudaFuncSetAttribute(F, cudaFuncAttribute, int) {
  return cudaSuccess;
}
inline cudaError_t cudaMallocAsync(void** p, size_t bytes, cudaStream_t) {
  *p = std::malloc(bytes == 0 ? 1 : bytes);
  return *p != nullptr ? cudaSuccess : cudaErrorInvalidValue;
}
inline cudaError_t cudaFreeAsync(void* p, cudaStream_t) {
  std::free(p);
  return cudaSuccess;
}
// "Device" memory is host memory here.
enum cudaMemcpyKind { cudaMemcpyHostToDevice, cudaMemcpyDeviceToHost, cudaMemcpyDeviceToDevice };
inline cudaError_t cudaMalloc(void** p, size_t bytes) { return cudaMallocAsync(p, bytes, nullptr); }
inline cudaError_t cudaFree(void* p) { return cudaFreeAsync(p, nullptr); }
inline cudaError_t cudaMemcpy(void* dst, const void* src, size_t bytes, cudaMemcpyKind) {
  std::memcpy(dst, src, bytes);
  return cudaSuccess;
}
inline cudaError_t cudaMemset(void* p, int value, size_t bytes) {
  std::memset(p, value, bytes);
  return cudaSuccess;
}
inline cudaError_t cudaDeviceSynchronize() { return cudaSuccess; }

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __launch_bounds__(...)
#define __restrict__

inline float __fadd_rn(float a, float b) { return a + b; }
inline float __fsub_rn(float a, float b) { return a - b; }
inline float __fmul_rn(float a, float b) { return a * b; }
inline float __fdiv_rn(float a, float b) { return a / b; }
inline float __fsqrt_rn(float a) { return std::sqrt(a); }
inline double __dadd_rn(double a, double b) { return a + b; }
inline double __dsub_rn(double a, double b) { return a - b; }
inline double __dmul_rn(double a, double b) { return a * b; }
inline double __ddiv_rn(double a, double b) { return a / b; }
inline float __double2float_rn(double a) { return static_cast<float>(a); }
inline int __double2int_rz(double a) { return static_cast<int>(a); }
inline int __double2hiint(double a) {
  uint64_t bits;
  std::memcpy(&bits, &a, sizeof bits);
  return static_cast<int>(bits >> 32);
}
inline int __double2loint(double a) {
  uint64_t bits;
  std::memcpy(&bits, &a, sizeof bits);
  return static_cast<int>(bits);
}
inline double __hiloint2double(int hi, int lo) {
  const uint64_t bits = (static_cast<uint64_t>(static_cast<uint32_t>(hi)) << 32) | static_cast<uint32_t>(lo);
  double d;
  std::memcpy(&d, &bits, sizeof d);
  return d;
}
inline double __longlong_as_double(long long v) {
  double d;
  std::memcpy(&d, &v, sizeof d);
  return d;
}
using std::max;
using std::min;

namespace emu {

inline thread_local std::barrier<>* blockBarrier = nullptr;
inline std::vector<unsigned char> dynamicShared;
inline long long blocksRun = 0;

inline void* dynamic_shared() { return dynamicShared.data(); }

// cp.async with a source size: copy `bytes`, zero-fill the rest of the `size`-byte slot.
inline void copy_async(void* smem, const void* gmem, int bytes, int size) {
  std::memcpy(smem, gmem, static_cast<size_t>(bytes));
  std::memset(static_cast<char*>(smem) + bytes, 0, static_cast<size_t>(size - bytes));
}

inline cudaError_t launch(dim3 grid, dim3 block, size_t sharedBytes, cudaStream_t, const std::function<void()>& body) {
  gridDim = grid;
  blockDim = block;
  dynamicShared.assign(sharedBytes + 16, 0xcd);
  const unsigned threads = block.x * block.y * block.z;
  for (unsigned bz = 0; bz < grid.z; bz++) {
    for (unsigned by = 0; by < grid.y; by++) {
      for (unsigned bx = 0; bx < grid.x; bx++) {
        std::barrier<> barrier(threads);
        std::vector<std::thread> pool;
        for (unsigned t = 0; t < threads; t++) {
          pool.emplace_back([&, t] {
            blockIdx = dim3(bx, by, bz);
            threadIdx = dim3(t, 0, 0);
            blockBarrier = &barrier;
            body();
          });
        }
        for (auto& th : pool) th.join();
        blocksRun++;
      }
    }
  }
  return cudaSuccess;
}

}  // namespace emu

inline void __syncthreads() { emu::blockBarrier->arrive_and_wait(); }
