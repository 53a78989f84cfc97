// RMSNorm and causal attention kernels with their launchers. Both have reductions whose order the contract fixes
// (a row's sum of squares; a softmax's max and binary64 sum over positions), so one thread performs each of those
// sequentially while the block's other threads do the independent work around it: loading the row, one dot product
// per position, one exp per position, one output column per thread.
#include <cmath>

#include "exp-js.cuh"
#include "kernels.cuh"

namespace litellm::cuda {
namespace {

constexpr int kNormThreads = 256;
constexpr int kAttendThreads = 128;
constexpr int64_t kNormSharedFloats = 12 * 1024;  // rows up to 48 KiB are staged in shared memory

__global__ void __launch_bounds__(kNormThreads)
    rmsnorm_kernel(const float* __restrict__ x, int64_t d, const float* __restrict__ w, float* __restrict__ out,
                   bool staged) {
  extern __shared__ float rowBuffer[];
  __shared__ float inverseRoot;
  const float* h = x + static_cast<int64_t>(blockIdx.x) * d;
  if (staged) {
    for (int64_t j = threadIdx.x; j < d; j += blockDim.x) rowBuffer[j] = h[j];
    __syncthreads();
  }
  if (threadIdx.x == 0) {
    const float* src = staged ? rowBuffer : h;
    float sum = 0.0f;
    for (int64_t j = 0; j < d; j++) sum = __fadd_rn(sum, __fmul_rn(src[j], src[j]));
    // kernels.ts divides by the integer d in binary64 and rounds once to binary32.
    const float ms = __double2float_rn(__ddiv_rn(static_cast<double>(sum), static_cast<double>(d)));
    const float root = __fsqrt_rn(__fadd_rn(ms, 0x1p-20f));
    inverseRoot = __fdiv_rn(1.0f, root);
  }
  __syncthreads();
  const float r = inverseRoot;
  float* o = out + static_cast<int64_t>(blockIdx.x) * d;
  for (int64_t j = threadIdx.x; j < d; j += blockDim.x) o[j] = __fmul_rn(__fmul_rn(h[j], r), w[j]);
}

// One block per (query row, head). `scores` holds one binary64 per attended position: first the binary32 score,
// then exp(score - max), then p_t rounded to binary32.
__global__ void __launch_bounds__(kAttendThreads)
    attend_kernel(const float* __restrict__ q, int64_t firstRow, int64_t firstPos, const float* __restrict__ keys,
                  const float* __restrict__ values, int heads, int dHead, float scale, float* __restrict__ out,
                  double* globalScores, int64_t scoreStride) {
  extern __shared__ double sharedScores[];
  __shared__ double rowMax;
  __shared__ double rowSum;
  const int64_t r = blockIdx.x;
  const int hd = static_cast<int>(blockIdx.y);
  const int64_t row = firstRow + r;
  const int64_t pos = firstPos + r;
  const int64_t d = static_cast<int64_t>(heads) * dHead;
  const int64_t column = static_cast<int64_t>(hd) * dHead;
  double* scores = globalScores != nullptr ? globalScores + (r * heads + hd) * scoreStride : sharedScores;
  const float* qh = q + row * d + column;

  for (int64_t t = threadIdx.x; t <= pos; t += blockDim.x) {
    const float* k = keys + t * d + column;
    float dot = 0.0f;
    for (int j = 0; j < dHead; j++) dot = __fadd_rn(dot, __fmul_rn(qh[j], k[j]));
    scores[t] = static_cast<double>(__fmul_rn(dot, scale));
  }
  __syncthreads();
  if (threadIdx.x == 0) {
    double max = -INFINITY;  // attention.ts: strict '>' from -Infinity, ascending t
    for (int64_t t = 0; t <= pos; t++) {
      if (scores[t] > max) max = scores[t];
    }
    rowMax = max;
  }
  __syncthreads();
  const double max = rowMax;
  for (int64_t t = threadIdx.x; t <= pos; t += blockDim.x) scores[t] = exp_js(__dsub_rn(scores[t], max));
  __syncthreads();
  if (threadIdx.x == 0) {
    double sum = 0.0;
    for (int64_t t = 0; t <= pos; t++) sum = __dadd_rn(sum, scores[t]);
    rowSum = sum;
  }
  __syncthreads();
  const double sum = rowSum;
  for (int64_t t = threadIdx.x; t <= pos; t += blockDim.x) {
    scores[t] = static_cast<double>(__double2float_rn(__ddiv_rn(scores[t], sum)));
  }
  __syncthreads();
  for (int j = static_cast<int>(threadIdx.x); j < dHead; j += blockDim.x) {
    const float* v = values + column + j;
    float acc = 0.0f;
    for (int64_t t = 0; t <= pos; t++) {
      acc = __fadd_rn(acc, __fmul_rn(static_cast<float>(scores[t]), v[t * d]));
    }
    out[row * d + column + j] = acc;
  }
}

int shared_limit_optin() {
  int device = 0;
  int bytes = 48 * 1024;
  if (cudaGetDevice(&device) != cudaSuccess ||
      cudaDeviceGetAttribute(&bytes, cudaDevAttrMaxSharedMemoryPerBlockOptin, device) != cudaSuccess) {
    cudaGetLastError();
    return 48 * 1024;
  }
  return bytes;
}

}  // namespace

cudaError_t rmsnorm_rows(const float* x, int64_t rows, int64_t d, const float* w, float* out, cudaStream_t stream) {
  if (rows < 0 || d < 0 || rows > 2147483647) return cudaErrorInvalidValue;
  if (rows == 0 || d == 0) return cudaSuccess;
  const bool staged = d <= kNormSharedFloats;
  const size_t shared = staged ? static_cast<size_t>(d) * sizeof(float) : 0;
  rmsnorm_kernel<<<static_cast<unsigned>(rows), kNormThreads, shared, stream>>>(x, d, w, out, staged);
  return cudaGetLastError();
}

cudaError_t attend_causal(const float* q, int64_t firstRow, int64_t count, int64_t firstPos, const float* keys,
                          const float* values, int64_t heads, int64_t dHead, float* out, cudaStream_t stream,
                          bool forceGlobalScratch) {
  if (firstRow < 0 || count < 0 || firstPos < 0 || heads < 1 || dHead < 1 || count > 2147483647 ||
      heads > 65535 || dHead > 2147483647 / heads) {
    return cudaErrorInvalidValue;
  }
  if (count == 0) return cudaSuccess;
  // attention.ts: scale = fround(1 / Math.sqrt(dHead)), binary64 then one rounding.
  const float scale = static_cast<float>(1.0 / std::sqrt(static_cast<double>(dHead)));
  const int64_t positions = firstPos + count;
  const size_t sharedBytes = static_cast<size_t>(positions) * sizeof(double);
  const dim3 grid(static_cast<unsigned>(count), static_cast<unsigned>(heads));
  const int optin = shared_limit_optin();
  if (!forceGlobalScratch && sharedBytes <= static_cast<size_t>(optin) - 64) {
    if (sharedBytes > 48 * 1024) {
      const cudaError_t err =
          cudaFuncSetAttribute(attend_kernel, cudaFuncAttributeMaxDynamicSharedMemorySize, static_cast<int>(sharedBytes));
      if (err != cudaSuccess) return err;
    }
    attend_kernel<<<grid, kAttendThreads, sharedBytes, stream>>>(q, firstRow, firstPos, keys, values,
                                                                 static_cast<int>(heads), static_cast<int>(dHead),
                                                                 scale, out, nullptr, 0);
    return cudaGetLastError();
  }
  // Too long for shared memory: one stream-ordered scratch row of scores per (query row, head).
  double* scratch = nullptr;
  cudaError_t err = cudaMallocAsync(reinterpret_cast<void**>(&scratch), sharedBytes * count * heads, stream);
  if (err != cudaSuccess) return err;
  attend_kernel<<<grid, kAttendThreads, 0, stream>>>(q, firstRow, firstPos, keys, values, static_cast<int>(heads),
                                                     static_cast<int>(dHead), scale, out, scratch, positions);
  err = cudaGetLastError();
  const cudaError_t freed = cudaFreeAsync(scratch, stream);
  return err != cudaSuccess ? err : freed;
}

}  // namespace litellm::cuda
