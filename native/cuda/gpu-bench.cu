// gpu-check's benchmarks: matmul_rows and expert_ffn_runs (d = 1024, dFF = 4096) at decode (1, 4, 8 rows) and
// prefill (64, 512 rows) against cublasSgemm, plus the JSON report writer. cuBLAS is loaded at run time with dlopen
// (LITELLM_CUBLAS_LIB, else libcublas.so.13/.12), so the program builds where only the CUDA runtime is installed;
// without it the baseline columns are reported as unavailable. cuBLAS runs in its default FP32 mode (FMA, no TF32):
// it is a speed reference only, its results are not bit-comparable.
#include <dlfcn.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "check-support.h"
#include "kernels.cuh"

namespace litellm::check {
namespace {

namespace lc = litellm::cuda;

constexpr int64_t kD = 1024;
constexpr int64_t kDFF = 4096;
constexpr int64_t kExperts = 8;
constexpr int64_t kBenchRows[] = {1, 4, 8, 64, 512};
constexpr lc::Tiling kTilings[] = {lc::Tiling::Auto, lc::Tiling::Large, lc::Tiling::Medium, lc::Tiling::Small,
                                   lc::Tiling::Skinny};

class Cublas {
 public:
  Cublas() {
    std::vector<std::string> names;
    if (const char* env = std::getenv("LITELLM_CUBLAS_LIB"); env != nullptr && *env != '\0') names.emplace_back(env);
    names.insert(names.end(), {"libcublas.so.13", "libcublas.so.12", "libcublas.so"});
    for (const std::string& name : names) {
      lib_ = dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (lib_ != nullptr) {
        describe_ = "loaded " + name;
        break;
      }
      describe_ = std::string("unavailable: ") + dlerror();
    }
    if (lib_ == nullptr) return;
    create_ = reinterpret_cast<int (*)(void**)>(dlsym(lib_, "cublasCreate_v2"));
    destroy_ = reinterpret_cast<int (*)(void*)>(dlsym(lib_, "cublasDestroy_v2"));
    auto setMath = reinterpret_cast<int (*)(void*, int)>(dlsym(lib_, "cublasSetMathMode"));
    sgemm_ = reinterpret_cast<SgemmFn>(dlsym(lib_, "cublasSgemm_v2"));
    if (create_ == nullptr || destroy_ == nullptr || setMath == nullptr || sgemm_ == nullptr ||
        create_(&handle_) != 0 || setMath(handle_, 0 /* CUBLAS_DEFAULT_MATH */) != 0) {
      describe_ += ", but cublasCreate/SetMathMode/Sgemm failed";
      handle_ = nullptr;
    }
  }
  Cublas(const Cublas&) = delete;
  Cublas& operator=(const Cublas&) = delete;
  ~Cublas() {
    if (handle_ != nullptr) destroy_(handle_);
  }
  bool ok() const { return handle_ != nullptr; }
  const std::string& describe() const { return describe_; }

  // Row-major Y[rows, outDim] = X[rows, inDim] W[outDim, inDim]^T, i.e. column-major Y^T = op_T(W) X^T.
  void gemm(const float* W, int64_t outDim, int64_t inDim, const float* X, int64_t rows, float* Y) const {
    const float one = 1.0f;
    const float zero = 0.0f;
    const int status = sgemm_(handle_, 1 /* CUBLAS_OP_T */, 0 /* CUBLAS_OP_N */, static_cast<int>(outDim),
                              static_cast<int>(rows), static_cast<int>(inDim), &one, W, static_cast<int>(inDim), X,
                              static_cast<int>(inDim), &zero, Y, static_cast<int>(outDim));
    if (status != 0) throw CudaFailure("cublasSgemm_v2 returned status " + std::to_string(status));
  }

 private:
  using SgemmFn = int (*)(void*, int, int, int, int, int, const float*, const float*, int, const float*, int,
                          const float*, float*, int);
  void* lib_ = nullptr;
  void* handle_ = nullptr;
  int (*create_)(void**) = nullptr;
  int (*destroy_)(void*) = nullptr;
  SgemmFn sgemm_ = nullptr;
  std::string describe_;
};

// Median time of one call, in microseconds, over five batches sized to ~20 ms each (launch gaps included, as in
// back-to-back use). `launch(i)` gets the iteration number so callers can rotate through weight copies.
double time_us(const std::function<void(int)>& launch) {
  cudaEvent_t begin;
  cudaEvent_t end;
  cuda_ok(cudaEventCreate(&begin), "cudaEventCreate");
  cuda_ok(cudaEventCreate(&end), "cudaEventCreate");
  int iteration = 0;
  for (int i = 0; i < 3; i++) launch(iteration++);
  cuda_ok(cudaEventRecord(begin), "cudaEventRecord");
  launch(iteration++);
  cuda_ok(cudaEventRecord(end), "cudaEventRecord");
  cuda_ok(cudaEventSynchronize(end), "warm-up run");
  float ms = 0;
  cuda_ok(cudaEventElapsedTime(&ms, begin, end), "cudaEventElapsedTime");
  const int batch = std::clamp(static_cast<int>(20.0 / std::max(ms, 1e-3f)), 3, 400);
  std::vector<double> samples;
  for (int s = 0; s < 5; s++) {
    cuda_ok(cudaEventRecord(begin), "cudaEventRecord");
    for (int i = 0; i < batch; i++) launch(iteration++);
    cuda_ok(cudaEventRecord(end), "cudaEventRecord");
    cuda_ok(cudaEventSynchronize(end), "timed batch");
    cuda_ok(cudaEventElapsedTime(&ms, begin, end), "cudaEventElapsedTime");
    samples.push_back(1000.0 * ms / batch);
  }
  cudaEventDestroy(begin);
  cudaEventDestroy(end);
  std::sort(samples.begin(), samples.end());
  return samples[2];
}

double measure_bandwidth_gbs() {
  const size_t bytes = size_t{256} << 20;
  DeviceBuffer<char> a(bytes);
  DeviceBuffer<char> b(bytes);
  cuda_ok(cudaMemset(a.get(), 1, bytes), "memset");
  const double us = time_us([&](int) { cuda_ok(cudaMemcpyAsync(b.get(), a.get(), bytes, cudaMemcpyDeviceToDevice),
                                               "cudaMemcpyAsync"); });
  return 2.0 * static_cast<double>(bytes) / (us * 1e3);  // read + write
}

// Fills `copies` consecutive blocks of `each` floats with one seeded random block (copied on the device).
void fill_copies(DeviceBuffer<float>& buffer, size_t each, size_t copies, uint64_t seed) {
  buffer.upload(random_floats(each, seed, false));
  for (size_t c = 1; c < copies; c++) {
    cuda_ok(cudaMemcpy(buffer.get() + c * each, buffer.get(), each * sizeof(float), cudaMemcpyDeviceToDevice),
            "copy weights");
  }
}

double max_rel_diff(const std::vector<float>& ours, const std::vector<float>& theirs) {
  double scale = 0;
  double diff = 0;
  for (size_t i = 0; i < ours.size(); i++) {
    scale = std::max(scale, std::fabs(static_cast<double>(ours[i])));
    diff = std::max(diff, std::fabs(static_cast<double>(ours[i]) - static_cast<double>(theirs[i])));
  }
  return scale > 0 ? diff / scale : diff;
}

void print_row(const BenchRow& r) {
  std::printf("%-15s %-7s rows=%-3lld out=%-4lld in=%-4lld %-22s ours %9.1f us %8.1f GF/s | cuBLAS %9.1f us %8.1f "
              "GF/s | mem floor %7.1f us\n",
              r.kernel.c_str(), r.phase.c_str(), static_cast<long long>(r.rows), static_cast<long long>(r.outDim),
              static_cast<long long>(r.inDim), r.tiling.c_str(), r.oursUs, r.oursGflops, r.cublasUs, r.cublasGflops,
              r.memFloorUs);
  std::fflush(stdout);
}

void bench_matmul(Report& report, const Cublas& cublas) {
  for (const auto& shape : {std::pair<int64_t, int64_t>{kDFF, kD}, {kD, kDFF}}) {
    const int64_t outDim = shape.first;
    const int64_t inDim = shape.second;
    const size_t wSize = static_cast<size_t>(outDim * inDim);
    // Enough weight copies to exceed the L2 cache, so every call streams its weights from device memory.
    const size_t copies = std::clamp<size_t>((size_t{200} << 20) / (wSize * sizeof(float)) + 1, 2, 16);
    DeviceBuffer<float> W(copies * wSize);
    fill_copies(W, wSize, copies, 0xbe7c);
    for (int64_t rows : kBenchRows) {
      DeviceBuffer<float> X(static_cast<size_t>(rows * inDim));
      DeviceBuffer<float> Y(static_cast<size_t>(rows * outDim));
      X.upload(random_floats(X.size(), 0xbe7d + static_cast<uint64_t>(rows), false));
      const double flops = 2.0 * static_cast<double>(rows) * static_cast<double>(outDim) * static_cast<double>(inDim);
      const double bytes = 4.0 * static_cast<double>(wSize + X.size() + Y.size());
      BenchRow base{"matmul_rows", rows <= 8 ? "decode" : "prefill", rows, outDim, inDim, 1, "", 0, 0, -1, -1, -1,
                    bytes / (report.bandwidthGBs * 1e3)};
      if (cublas.ok()) {
        base.cublasUs = time_us([&](int i) { cublas.gemm(W.get() + (i % copies) * wSize, outDim, inDim, X.get(),
                                                         rows, Y.get()); });
        base.cublasGflops = flops / (base.cublasUs * 1e3);
        const std::vector<float> theirs = Y.download(Y.size());
        cuda_ok(lc::matmul_rows(W.get(), outDim, inDim, X.get(), rows, Y.get()), "matmul_rows");
        base.cublasRelDiff = max_rel_diff(Y.download(Y.size()), theirs);
      }
      const int32_t count = static_cast<int32_t>(rows);
      for (lc::Tiling tiling : kTilings) {
        BenchRow row = base;
        row.tiling = tiling == lc::Tiling::Auto
                         ? std::string("auto(") + lc::tiling_name(lc::auto_tiling(&count, 1, outDim, 1)) + ")"
                         : lc::tiling_name(tiling);
        row.oursUs = time_us([&](int i) {
          cuda_ok(lc::matmul_rows(W.get() + (i % copies) * wSize, outDim, inDim, X.get(), rows, Y.get(), nullptr,
                                  tiling),
                  "matmul_rows");
        });
        row.oursGflops = flops / (row.oursUs * 1e3);
        print_row(row);
        report.bench.push_back(row);
      }
    }
  }
}

void bench_expert_ffn(Report& report, const Cublas& cublas) {
  const size_t wSize = static_cast<size_t>(kDFF * kD);
  DeviceBuffer<float> w1(kExperts * wSize);
  DeviceBuffer<float> w3(kExperts * wSize);
  DeviceBuffer<float> w2(kExperts * wSize);
  fill_copies(w1, wSize, kExperts, 0xf1);
  fill_copies(w3, wSize, kExperts, 0xf3);
  fill_copies(w2, wSize, kExperts, 0xf2);
  for (int64_t rows : kBenchRows) {
    // min(rows, 8) runs of near-equal size, each with its own expert; experts rotate every call.
    const int64_t runs = std::min<int64_t>(rows, kExperts);
    std::vector<int32_t> expert(static_cast<size_t>(runs));
    std::vector<int32_t> start(static_cast<size_t>(runs));
    std::vector<int32_t> count(static_cast<size_t>(runs));
    for (int64_t r = 0, at = 0; r < runs; r++) {
      count[r] = static_cast<int32_t>(rows / runs + (r < rows % runs ? 1 : 0));
      start[r] = static_cast<int32_t>(at);
      at += count[r];
    }
    auto rotate = [&](int i) {
      for (int64_t r = 0; r < runs; r++) expert[r] = static_cast<int32_t>((r + i * runs) % kExperts);
    };
    DeviceBuffer<float> X(static_cast<size_t>(rows * kD));
    DeviceBuffer<float> Y(static_cast<size_t>(rows * kD));
    DeviceBuffer<float> U(static_cast<size_t>(rows * kDFF));
    DeviceBuffer<float> V(static_cast<size_t>(rows * kDFF));
    X.upload(random_floats(X.size(), 0xf4 + static_cast<uint64_t>(rows), false));
    const double flops = 6.0 * static_cast<double>(rows) * static_cast<double>(kD) * static_cast<double>(kDFF);
    const double bytes = 4.0 * (3.0 * static_cast<double>(runs * wSize) + static_cast<double>(2 * X.size()));
    BenchRow base{"expert_ffn_runs", rows <= 8 ? "decode" : "prefill", rows, kD, kDFF, runs, "", 0, 0, -1, -1, -1,
                  bytes / (report.bandwidthGBs * 1e3)};
    auto ours = [&](int i, lc::Tiling tiling) {
      rotate(i);
      cuda_ok(lc::expert_ffn_runs(w1.get(), w3.get(), w2.get(), kD, kDFF, X.get(), expert.data(), start.data(),
                                  count.data(), runs, Y.get(), U.get(), V.get(), nullptr, tiling),
              "expert_ffn_runs");
    };
    if (cublas.ok()) {
      auto theirs = [&](int i) {
        rotate(i);
        for (int64_t r = 0; r < runs; r++) {
          const size_t e = static_cast<size_t>(expert[r]) * wSize;
          cublas.gemm(w1.get() + e, kDFF, kD, X.get() + start[r] * kD, count[r], U.get() + start[r] * kDFF);
          cublas.gemm(w3.get() + e, kDFF, kD, X.get() + start[r] * kD, count[r], V.get() + start[r] * kDFF);
        }
        cuda_ok(lc::swiglu(U.get(), V.get(), rows * kDFF), "swiglu");
        for (int64_t r = 0; r < runs; r++) {
          const size_t e = static_cast<size_t>(expert[r]) * wSize;
          cublas.gemm(w2.get() + e, kD, kDFF, U.get() + start[r] * kDFF, count[r], Y.get() + start[r] * kD);
        }
      };
      base.cublasUs = time_us(theirs);
      base.cublasGflops = flops / (base.cublasUs * 1e3);
      theirs(0);
      const std::vector<float> reference = Y.download(Y.size());
      ours(0, lc::Tiling::Auto);
      base.cublasRelDiff = max_rel_diff(Y.download(Y.size()), reference);
    }
    for (lc::Tiling tiling : kTilings) {
      BenchRow row = base;
      row.tiling = tiling == lc::Tiling::Auto
                       ? std::string("auto(") + lc::tiling_name(lc::auto_tiling(count.data(), runs, kDFF, 2)) + "/" +
                             lc::tiling_name(lc::auto_tiling(count.data(), runs, kD, 1)) + ")"
                       : lc::tiling_name(tiling);
      row.oursUs = time_us([&](int i) { ours(i, tiling); });
      row.oursGflops = flops / (row.oursUs * 1e3);
      print_row(row);
      report.bench.push_back(row);
    }
  }
}

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (static_cast<unsigned char>(c) >= 0x20) out += c;
  }
  return out + "\"";
}

std::string number(double x) {
  if (!std::isfinite(x)) return "null";
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", x);
  return text;
}

}  // namespace

void run_benchmarks(Report& report) {
  report.bandwidthGBs = measure_bandwidth_gbs();
  std::printf("device-to-device copy: %.0f GB/s (read + write)\n", report.bandwidthGBs);
  const Cublas cublas;
  report.cublas = cublas.describe();
  std::printf("cuBLAS: %s\n", report.cublas.c_str());
  bench_matmul(report, cublas);
  bench_expert_ffn(report, cublas);
}

void write_json(const Report& report, const std::string& path) {
  std::ofstream out(path);
  int64_t elements = 0;
  int64_t mismatches = 0;
  for (const Equivalence& e : report.equivalence) {
    elements += e.elements;
    mismatches += e.mismatches;
  }
  out << "{\n  \"device\": " << quoted(report.device) << ",\n  \"computeCapability\": " << report.computeCapability
      << ",\n  \"multiprocessors\": " << report.multiprocessors << ",\n  \"bandwidthGBs\": "
      << number(report.bandwidthGBs) << ",\n  \"cublas\": " << quoted(report.cublas)
      << ",\n  \"totals\": {\"cases\": " << report.equivalence.size() << ", \"elements\": " << elements
      << ", \"mismatches\": " << mismatches << ", \"errors\": " << report.errors.size() << "},\n  \"errors\": [";
  for (size_t i = 0; i < report.errors.size(); i++) out << (i ? ", " : "") << quoted(report.errors[i]);
  out << "],\n  \"equivalence\": [\n";
  for (size_t i = 0; i < report.equivalence.size(); i++) {
    const Equivalence& e = report.equivalence[i];
    out << "    {\"kernel\": " << quoted(e.kernel) << ", \"case\": " << quoted(e.name) << ", \"elements\": "
        << e.elements << ", \"mismatches\": " << e.mismatches;
    if (e.mismatches != 0) out << ", \"first\": " << quoted(e.firstMismatch);
    out << "}" << (i + 1 < report.equivalence.size() ? "," : "") << "\n";
  }
  out << "  ],\n  \"bench\": [\n";
  for (size_t i = 0; i < report.bench.size(); i++) {
    const BenchRow& r = report.bench[i];
    out << "    {\"kernel\": " << quoted(r.kernel) << ", \"phase\": " << quoted(r.phase) << ", \"rows\": " << r.rows
        << ", \"outDim\": " << r.outDim << ", \"inDim\": " << r.inDim << ", \"runs\": " << r.runs
        << ", \"tiling\": " << quoted(r.tiling) << ", \"oursUs\": " << number(r.oursUs)
        << ", \"oursGflops\": " << number(r.oursGflops) << ", \"cublasUs\": "
        << (r.cublasUs < 0 ? "null" : number(r.cublasUs)) << ", \"cublasGflops\": "
        << (r.cublasGflops < 0 ? "null" : number(r.cublasGflops)) << ", \"cublasRelDiff\": "
        << (r.cublasRelDiff < 0 ? "null" : number(r.cublasRelDiff)) << ", \"memFloorUs\": " << number(r.memFloorUs)
        << "}" << (i + 1 < report.bench.size() ? "," : "") << "\n";
  }
  out << "  ]\n}\n";
}

}  // namespace litellm::check
