// Shared pieces of the CUDA checks: seeded data (generator from native/test/common/test-data.h), device buffers,
// bitwise comparison and the JSON report. Test-program code only; the kernels' library never includes it.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include <cuda_runtime.h>

#include "test-data.h"

namespace litellm::check {

// A CUDA failure inside a check: caught by main, reported, and turned into a failing exit status.
struct CudaFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline void cuda_ok(cudaError_t err, const char* what) {
  if (err != cudaSuccess) {
    throw CudaFailure(std::string(what) + ": " + cudaGetErrorName(err) + " (" + cudaGetErrorString(err) + ")");
  }
}

using litellm::testdata::from_bits;
using litellm::testdata::SplitMix64;
using litellm::testdata::to_bits;

// Mostly moderate values of both signs, with +0, -0, subnormals and tiny normals mixed in (so products underflow
// gradually); `extreme` adds huge magnitudes whose products and sums overflow to infinities.
inline float random_value(SplitMix64& rng, bool extreme) {
  const uint64_t u = rng.next();
  const uint32_t sign = static_cast<uint32_t>(u >> 63) << 31;
  const uint32_t mantissa = static_cast<uint32_t>(u >> 8) & 0x7fffffu;
  const int kind = static_cast<int>(u % 100);
  if (kind < 3) return 0.0f;
  if (kind < 5) return -0.0f;
  if (kind < 7) return from_bits(sign | (mantissa == 0 ? 1u : mantissa));  // subnormal
  if (kind < 10) {
    const uint32_t exponent = 1 + static_cast<uint32_t>((u >> 40) % 60);  // 2^-126 .. 2^-67
    return from_bits(sign | (exponent << 23) | mantissa);
  }
  if (extreme && kind < 14) {
    const uint32_t exponent = 127 + 60 + static_cast<uint32_t>((u >> 40) % 60);  // 2^60 .. 2^119
    return from_bits(sign | (exponent << 23) | mantissa);
  }
  const uint32_t exponent = 127 - 8 + static_cast<uint32_t>((u >> 40) % 10);  // 2^-8 .. 2^1
  return from_bits(sign | (exponent << 23) | mantissa);
}

inline std::vector<float> random_floats(size_t n, uint64_t seed, bool extreme) {
  SplitMix64 rng(seed);
  std::vector<float> v(n);
  for (auto& x : v) x = random_value(rng, extreme);
  return v;
}

// Poison for outputs (cudaMemset 0xff): a NaN that no kernel produces from NaN-free inputs (CUDA's default NaN is
// 0x7fffffff, x86's 0xffc00000). Results must match the host bit for bit; two NaNs count as equal (their payloads
// differ between CPU and GPU, and TS has none), except this poison, which only matches itself.
constexpr uint32_t kPoison = 0xffffffffu;
constexpr unsigned char kPoisonByte = 0xff;

template <class T>
bool same_value(T a, T b) {
  static_assert(sizeof(T) == 4 || sizeof(T) == 8, "float or double");
  if (std::memcmp(&a, &b, sizeof a) == 0) return true;
  if (!(a != a) || !(b != b)) return false;  // not both NaN
  if constexpr (sizeof(T) == 4) return to_bits(a) != kPoison && to_bits(b) != kPoison;
  return true;
}

template <class T>
class DeviceBuffer {
 public:
  explicit DeviceBuffer(size_t n) : n_(n) {
    cuda_ok(cudaMalloc(reinterpret_cast<void**>(&ptr_), (n == 0 ? 1 : n) * sizeof(T)), "cudaMalloc");
  }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  ~DeviceBuffer() { cudaFree(ptr_); }
  T* get() const { return ptr_; }
  size_t size() const { return n_; }
  void upload(const std::vector<T>& host, size_t offset = 0) {
    cuda_ok(cudaMemcpy(ptr_ + offset, host.data(), host.size() * sizeof(T), cudaMemcpyHostToDevice), "upload");
  }
  std::vector<T> download(size_t count, size_t offset = 0) const {
    std::vector<T> host(count);
    cuda_ok(cudaMemcpy(host.data(), ptr_ + offset, count * sizeof(T), cudaMemcpyDeviceToHost), "download");
    return host;
  }
  void poison() { cuda_ok(cudaMemset(ptr_, kPoisonByte, n_ * sizeof(T)), "poison"); }

 private:
  T* ptr_ = nullptr;
  size_t n_;
};

struct Equivalence {
  std::string kernel;
  std::string name;
  int64_t elements;
  int64_t mismatches;
  std::string firstMismatch;
};

struct BenchRow {
  std::string kernel;  // "matmul_rows" or "expert_ffn_runs"
  std::string phase;   // "decode" or "prefill"
  int64_t rows, outDim, inDim, runs;
  std::string tiling;  // the tiling timed, or "auto(<choice>)"
  double oursUs, oursGflops;
  double cublasUs, cublasGflops;  // negative when cuBLAS was not available
  double cublasRelDiff;           // max |ours - cuBLAS| / max |ours| on one product, sanity of the baseline
  double memFloorUs;              // weight + activation bytes over measured device bandwidth
};

struct Report {
  std::string device;
  int computeCapability = 0;
  int multiprocessors = 0;
  double bandwidthGBs = 0;
  std::string cublas;
  std::vector<Equivalence> equivalence;
  std::vector<BenchRow> bench;
  std::vector<std::string> errors;
};

// Compares n results with the CPU backend's; records and returns the number of mismatches.
template <class T>
int64_t compare(Report& report, const std::string& kernel, const std::string& name, const T* got, const T* want,
                size_t n) {
  Equivalence e{kernel, name, static_cast<int64_t>(n), 0, ""};
  for (size_t i = 0; i < n; i++) {
    if (same_value(got[i], want[i])) continue;
    if (e.mismatches++ == 0) {
      char text[160];
      std::snprintf(text, sizeof text, "index %zu: got %.9g want %.9g", i, static_cast<double>(got[i]),
                    static_cast<double>(want[i]));
      e.firstMismatch = text;
    }
  }
  if (e.mismatches != 0) {
    std::printf("MISMATCH %s %s: %lld of %zu (%s)\n", kernel.c_str(), name.c_str(),
                static_cast<long long>(e.mismatches), n, e.firstMismatch.c_str());
  }
  report.equivalence.push_back(e);
  return e.mismatches;
}

void write_json(const Report& report, const std::string& path);
void run_benchmarks(Report& report);

}  // namespace litellm::check
