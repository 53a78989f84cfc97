// gpu-check: runs every CUDA kernel on seeded data and compares each output element bit for bit with the CPU
// backend (litellm::cpu, scalar path, through host-reference.h), over many shapes and every tiling (routing and RoPE
// in check-router.cu); checks exp_js
// against vectors taken from V8's Math.exp; then benchmarks the matrix kernels against cuBLAS (gpu-bench.cu). Writes
// $OUT/gpu-check.json (or ./gpu-check.json, or --json PATH) and exits 1 on any mismatch or CUDA error, 3 when no GPU
// is present.
//   gpu-check [--no-bench] [--host-only] [--json PATH]
// --host-only checks the CPU backend's exp_js against the V8 vectors and needs no GPU.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "check-support.h"
#include "check-suites.h"
#include "host-reference.h"
#include "kernels.cuh"

namespace litellm::check {
namespace {

namespace lc = litellm::cuda;
namespace hr = litellm::hostref;

const uint64_t kExpVectors[][2] = {
#include "exp-vectors.inc"
};

double from_bits64(uint64_t bits) {
  double x;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

void check_exp(Report& report, bool device) {
  std::vector<double> x;
  std::vector<double> want;
  for (const auto& v : kExpVectors) {
    x.push_back(from_bits64(v[0]));
    want.push_back(from_bits64(v[1]));
  }
  std::vector<double> host(x.size());
  for (size_t i = 0; i < x.size(); i++) host[i] = hr::exp_js(x[i]);
  compare(report, "exp_js", "cpu vs V8 Math.exp vectors", host.data(), want.data(), x.size());
  if (!device) return;

  DeviceBuffer<double> dx(x.size());
  DeviceBuffer<double> dy(x.size());
  dx.upload(x);
  cuda_ok(lc::exp_js_batch(dx.get(), dy.get(), static_cast<int64_t>(x.size())), "exp_js_batch");
  std::vector<double> got = dy.download(x.size());
  compare(report, "exp_js", "device vs V8 Math.exp vectors", got.data(), want.data(), x.size());

  // Two million arguments across every branch of the algorithm, device against the CPU backend.
  SplitMix64 rng(0xe4a1);
  const size_t n = 2'000'000;
  std::vector<double> args(n);
  for (size_t i = 0; i < n; i++) {
    switch (i % 6) {
      case 0: args[i] = rng.unit() * 1500 - 750; break;
      case 1: args[i] = rng.unit() * 40 - 20; break;
      case 2: args[i] = rng.unit() * 3 - 1.5; break;
      case 3: args[i] = static_cast<float>(rng.unit() * 200 - 100); break;
      case 4: args[i] = -rng.unit() * 30; break;
      default: args[i] = from_bits64(rng.next()); break;
    }
  }
  std::vector<double> ref(n);
  for (size_t i = 0; i < n; i++) ref[i] = hr::exp_js(args[i]);
  DeviceBuffer<double> da(n);
  DeviceBuffer<double> db(n);
  da.upload(args);
  cuda_ok(lc::exp_js_batch(da.get(), db.get(), static_cast<int64_t>(n)), "exp_js_batch");
  got = db.download(n);
  compare(report, "exp_js", "device vs cpu, 2M arguments", got.data(), ref.data(), n);
}

void check_swiglu(Report& report) {
  const size_t n = (size_t{1} << 20) + 3;
  SplitMix64 rng(0x5a16);
  std::vector<float> u(n);
  for (size_t i = 0; i < n; i++) {
    u[i] = i % 3 == 0 ? static_cast<float>(rng.unit() * 240 - 120) : random_value(rng, i % 3 == 1);
  }
  const std::vector<float> v = random_floats(n, 0x5a17, true);
  std::vector<float> want = u;
  hr::swiglu(want.data(), v.data(), static_cast<int64_t>(n));
  DeviceBuffer<float> du(n);
  DeviceBuffer<float> dv(n);
  du.upload(u);
  dv.upload(v);
  cuda_ok(lc::swiglu(du.get(), dv.get(), static_cast<int64_t>(n)), "swiglu");
  const std::vector<float> got = du.download(n);
  compare(report, "swiglu", "n=1048579 mixed", got.data(), want.data(), n);
}

void check_rmsnorm(Report& report) {
  uint64_t seed = 0x4a50;
  for (int64_t d : {32, 64, 1024, 33, 4097, 20000}) {
    for (int64_t rows : {1, 2, 7, 64, 512}) {
      for (bool extreme : {false, true}) {
        if (extreme && rows != 7) continue;
        const std::vector<float> x = random_floats(static_cast<size_t>(rows * d), seed++, extreme);
        const std::vector<float> w = random_floats(static_cast<size_t>(d), seed++, false);
        std::vector<float> want(x.size());
        hr::rmsnorm_rows(x.data(), rows, d, w.data(), want.data());
        DeviceBuffer<float> dx(x.size());
        DeviceBuffer<float> dw(w.size());
        DeviceBuffer<float> dout(x.size());
        dx.upload(x);
        dw.upload(w);
        dout.poison();
        cuda_ok(lc::rmsnorm_rows(dx.get(), rows, d, dw.get(), dout.get()), "rmsnorm_rows");
        const std::vector<float> got = dout.download(x.size());
        const std::string name = "rows=" + std::to_string(rows) + " d=" + std::to_string(d) +
                                 (extreme ? " extreme" : "");
        compare(report, "rmsnorm_rows", name, got.data(), want.data(), got.size());
      }
    }
  }
}

struct AttendCase {
  int64_t heads, dHead, firstPos, count;
  bool forceGlobal;
  bool extreme;
};

void check_attention(Report& report) {
  const AttendCase cases[] = {
      {1, 32, 0, 1, false, false},   {4, 16, 0, 64, false, false},   {8, 64, 5, 7, false, false},
      {2, 33, 100, 3, false, false}, {8, 64, 0, 256, false, false},  {3, 20, 9, 5, true, false},
      {2, 64, 7000, 3, false, false},  // 56 KB of scores: shared memory above the default 48 KB
      {1, 32, 40000, 2, false, false}, // 320 KB: the global-scratch path
      {4, 16, 30, 9, false, true},
  };
  uint64_t seed = 0xa77e;
  for (const AttendCase& c : cases) {
    const int64_t d = c.heads * c.dHead;
    const int64_t firstRow = 2;
    const int64_t qRows = firstRow + c.count + 1;
    const int64_t capacity = c.firstPos + c.count + 3;
    const std::vector<float> q = random_floats(static_cast<size_t>(qRows * d), seed++, c.extreme);
    const std::vector<float> keys = random_floats(static_cast<size_t>(capacity * d), seed++, c.extreme);
    const std::vector<float> values = random_floats(static_cast<size_t>(capacity * d), seed++, c.extreme);
    std::vector<float> want(q.size(), from_bits(kPoison));
    hr::attend_causal(q.data(), firstRow, c.count, c.firstPos, keys.data(), values.data(), c.heads, c.dHead,
                      want.data());
    DeviceBuffer<float> dq(q.size());
    DeviceBuffer<float> dk(keys.size());
    DeviceBuffer<float> dv(values.size());
    DeviceBuffer<float> dout(q.size());
    dq.upload(q);
    dk.upload(keys);
    dv.upload(values);
    dout.poison();
    cuda_ok(lc::attend_causal(dq.get(), firstRow, c.count, c.firstPos, dk.get(), dv.get(), c.heads, c.dHead,
                              dout.get(), nullptr, c.forceGlobal),
            "attend_causal");
    const std::vector<float> got = dout.download(q.size());
    const std::string name = "heads=" + std::to_string(c.heads) + " dHead=" + std::to_string(c.dHead) +
                             " firstPos=" + std::to_string(c.firstPos) + " count=" + std::to_string(c.count) +
                             (c.forceGlobal ? " global-scratch" : "") + (c.extreme ? " extreme" : "");
    compare(report, "attend_causal", name, got.data(), want.data(), got.size());
  }
}

template <class Suite>
void timed(const char* name, Suite suite) {
  const auto start = std::chrono::steady_clock::now();
  suite();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("suite %-16s %7.2f s\n", name, s);
  std::fflush(stdout);
}

std::string json_path(int argc, char** argv) {
  for (int i = 1; i + 1 < argc; i++) {
    if (std::string(argv[i]) == "--json") return argv[i + 1];
  }
  const char* out = std::getenv("OUT");
  return out != nullptr && *out != '\0' ? std::string(out) + "/gpu-check.json" : "gpu-check.json";
}

bool has_flag(int argc, char** argv, const char* flag) {
  for (int i = 1; i < argc; i++) {
    if (std::string(argv[i]) == flag) return true;
  }
  return false;
}

void describe_device(Report& report) {
  int device = 0;
  cudaDeviceProp prop{};
  cuda_ok(cudaGetDevice(&device), "cudaGetDevice");
  cuda_ok(cudaGetDeviceProperties(&prop, device), "cudaGetDeviceProperties");
  report.device = prop.name;
  report.computeCapability = prop.major * 10 + prop.minor;
  report.multiprocessors = prop.multiProcessorCount;
  std::printf("device %s, compute capability %d.%d, %d multiprocessors, %.1f GiB\n", prop.name, prop.major,
              prop.minor, prop.multiProcessorCount, static_cast<double>(prop.totalGlobalMem) / (1 << 30));
}

}  // namespace
}  // namespace litellm::check

int main(int argc, char** argv) {
  using namespace litellm::check;
  Report report;
  const bool hostOnly = has_flag(argc, argv, "--host-only");
  const int threads = static_cast<int>(std::max(1u, std::min(32u, std::thread::hardware_concurrency())));
  try {
    if (hostOnly) {
      check_exp(report, false);
    } else {
      int count = 0;
      if (cudaGetDeviceCount(&count) != cudaSuccess || count == 0) {
        std::fprintf(stderr, "gpu-check: no CUDA device is present (%s)\n", cudaGetErrorString(cudaGetLastError()));
        return 3;
      }
      describe_device(report);
      timed("exp_js", [&] { check_exp(report, true); });
      timed("swiglu", [&] { check_swiglu(report); });
      timed("rmsnorm_rows", [&] { check_rmsnorm(report); });
      timed("attend_causal", [&] { check_attention(report); });
      timed("matmul_rows", [&] { check_matmul(report, threads); });
      timed("expert_ffn_runs", [&] { check_expert_ffn(report, threads); });
      timed("route_rows", [&] { check_route(report, false); });
      timed("rope_rows", [&] { check_rope(report, false); });
      if (!has_flag(argc, argv, "--no-bench")) timed("benchmarks", [&] { run_benchmarks(report); });
    }
  } catch (const std::exception& e) {
    report.errors.push_back(e.what());
    std::fprintf(stderr, "gpu-check: %s\n", e.what());
  }

  int64_t elements = 0;
  int64_t mismatches = 0;
  int64_t failedCases = 0;
  for (const Equivalence& e : report.equivalence) {
    elements += e.elements;
    mismatches += e.mismatches;
    failedCases += e.mismatches != 0 ? 1 : 0;
  }
  const std::string path = json_path(argc, argv);
  write_json(report, path);
  std::printf("equivalence: %zu cases, %lld elements compared, %lld mismatched elements in %lld cases\n",
              report.equivalence.size(), static_cast<long long>(elements), static_cast<long long>(mismatches),
              static_cast<long long>(failedCases));
  std::printf("errors: %zu; report written to %s\n", report.errors.size(), path.c_str());
  const bool ok = mismatches == 0 && report.errors.empty();
  std::printf("%s: %zu passed, %lld failed\n", "gpu-check", report.equivalence.size() - failedCases,
              static_cast<long long>(failedCases + static_cast<int64_t>(report.errors.size())));
  return ok ? 0 : 1;
}
