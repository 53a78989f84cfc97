// gpu-check suites for the matrix kernels: matmul_rows and expert_ffn_runs against the CPU backend, bit for bit,
// at every tiling (the automatic choice depends on the device, so each fixed tiling is checked too).
#include <string>
#include <vector>

#include "check-suites.h"
#include "host-reference.h"
#include "kernels.cuh"

namespace litellm::check {
namespace {

namespace lc = litellm::cuda;
namespace hr = litellm::hostref;

constexpr lc::Tiling kTilings[] = {lc::Tiling::Auto, lc::Tiling::Large, lc::Tiling::Medium, lc::Tiling::Small,
                                   lc::Tiling::Skinny};

struct MatmulCase {
  int64_t rows, outDim, inDim;
  bool extreme;
  int64_t misalign;  // floats by which W and X start past a 16-byte boundary
};

std::vector<MatmulCase> matmul_cases() {
  std::vector<MatmulCase> cases;
  for (int64_t rows = 1; rows <= 64; rows++) {
    cases.push_back({rows, 64, 32, rows % 7 == 0, 0});
    cases.push_back({rows, 33, 31, rows % 5 == 0, 0});
  }
  for (int64_t rows : {1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 31, 64, 512}) {
    cases.push_back({rows, 4096, 1024, false, 0});
    cases.push_back({rows, 1024, 4096, false, 0});
  }
  for (int64_t rows : {1, 6, 17, 100}) {
    cases.push_back({rows, 4095, 1023, false, 0});
    cases.push_back({rows, 1023, 4097, false, 0});
    cases.push_back({rows, 130, 67, true, 0});
  }
  cases.push_back({5, 7, 0, false, 0});  // empty reductions give +0
  cases.push_back({3, 1, 1, false, 0});
  cases.push_back({200, 96, 64, false, 0});  // partial row tiles at every tiling
  for (int64_t rows : {3, 64}) cases.push_back({rows, 256, 1024, false, 1});  // 4-byte copies path
  cases.push_back({8, 4096, 1024, true, 0});
  cases.push_back({64, 1024, 4096, true, 0});
  return cases;
}

std::string matmul_name(const MatmulCase& c) {
  return "rows=" + std::to_string(c.rows) + " out=" + std::to_string(c.outDim) + " in=" + std::to_string(c.inDim) +
         (c.extreme ? " extreme" : "") + (c.misalign != 0 ? " misaligned" : "");
}

void run_matmul_case(Report& report, const MatmulCase& c, uint64_t seed, int threads) {
  const std::vector<float> W = random_floats(static_cast<size_t>(c.outDim * c.inDim), seed, c.extreme);
  const std::vector<float> X = random_floats(static_cast<size_t>(c.rows * c.inDim), seed + 1, c.extreme);
  const size_t outputs = static_cast<size_t>(c.rows * c.outDim);
  std::vector<float> want(outputs);
  hr::matmul_rows(W.data(), c.outDim, c.inDim, X.data(), c.rows, want.data(), threads);

  DeviceBuffer<float> dW(W.size() + 4);
  DeviceBuffer<float> dX(X.size() + 4);
  DeviceBuffer<float> dY(outputs);
  dW.upload(W, static_cast<size_t>(c.misalign));
  dX.upload(X, static_cast<size_t>(c.misalign));
  for (lc::Tiling tiling : kTilings) {
    dY.poison();
    cuda_ok(lc::matmul_rows(dW.get() + c.misalign, c.outDim, c.inDim, dX.get() + c.misalign, c.rows, dY.get(),
                            nullptr, tiling),
            "matmul_rows");
    cuda_ok(cudaDeviceSynchronize(), "matmul_rows run");
    const std::vector<float> got = dY.download(outputs);
    compare(report, "matmul_rows", matmul_name(c) + " tiling=" + lc::tiling_name(tiling), got.data(), want.data(),
            outputs);
  }
}

struct FfnCase {
  int64_t d, dFF, experts;
  std::vector<int32_t> counts;  // rows per run; runs are laid out in order
  bool gaps;                    // leave a row before the first run and between runs 0 and 1
  bool extreme;
};

std::vector<FfnCase> ffn_cases() {
  std::vector<FfnCase> cases;
  SplitMix64 rng(0xff17);
  for (int32_t total = 1; total <= 64; total++) {
    const int parts = 1 + static_cast<int>(rng.below(4));
    std::vector<int32_t> counts(static_cast<size_t>(parts), 0);
    for (int32_t i = 0; i < total; i++) counts[static_cast<size_t>(rng.below(parts))]++;  // some runs stay empty
    cases.push_back({32, 64, 4, counts, total % 2 == 1, total % 9 == 0});
  }
  cases.push_back({64, 64, 3, {200, 0, 312}, false, false});
  cases.push_back({1024, 4096, 4, {1}, false, false});
  cases.push_back({1024, 4096, 4, {1, 1, 1, 1}, false, false});
  cases.push_back({1024, 4096, 4, {2, 3, 1, 2}, true, false});
  cases.push_back({1024, 4096, 4, {16, 16, 16, 16}, false, false});
  cases.push_back({1024, 4096, 4, {128, 128, 128, 128}, false, false});
  cases.push_back({33, 65, 5, {3, 0, 17, 1}, true, false});
  cases.push_back({1023, 130, 2, {9, 70}, false, false});
  return cases;
}

void run_ffn_case(Report& report, const FfnCase& c, uint64_t seed, int threads) {
  std::vector<int32_t> expert;
  std::vector<int32_t> start;
  std::vector<int32_t> count;
  int32_t at = c.gaps ? 1 : 0;
  for (size_t r = 0; r < c.counts.size(); r++) {
    expert.push_back(static_cast<int32_t>((r * 3 + seed) % static_cast<uint64_t>(c.experts)));
    start.push_back(at);
    count.push_back(c.counts[r]);
    at += c.counts[r] + (c.gaps && r == 0 ? 1 : 0);
  }
  const int64_t rows = at + (c.gaps ? 1 : 0);
  const int64_t runs = static_cast<int64_t>(c.counts.size());
  const size_t wSize = static_cast<size_t>(c.experts * c.dFF * c.d);
  const std::vector<float> w1 = random_floats(wSize, seed, c.extreme);
  const std::vector<float> w3 = random_floats(wSize, seed + 1, c.extreme);
  const std::vector<float> w2 = random_floats(wSize, seed + 2, c.extreme);
  const std::vector<float> X = random_floats(static_cast<size_t>(rows * c.d), seed + 3, c.extreme);
  const size_t outputs = static_cast<size_t>(rows * c.d);
  const size_t hidden = static_cast<size_t>(rows * c.dFF);
  std::vector<float> want(outputs, from_bits(kPoison));
  hr::expert_ffn_runs(w1.data(), w3.data(), w2.data(), c.d, c.dFF, X.data(), expert.data(), start.data(),
                      count.data(), runs, want.data(), threads);

  DeviceBuffer<float> d1(wSize);
  DeviceBuffer<float> d3(wSize);
  DeviceBuffer<float> d2(wSize);
  DeviceBuffer<float> dX(X.size());
  DeviceBuffer<float> dY(outputs);
  DeviceBuffer<float> dU(hidden);
  DeviceBuffer<float> dV(hidden);
  d1.upload(w1);
  d3.upload(w3);
  d2.upload(w2);
  dX.upload(X);
  std::string name = "d=" + std::to_string(c.d) + " dFF=" + std::to_string(c.dFF) + " runs=";
  for (size_t r = 0; r < c.counts.size(); r++) name += (r == 0 ? "" : ",") + std::to_string(c.counts[r]);
  name += c.gaps ? " gaps" : "";
  name += c.extreme ? " extreme" : "";
  for (lc::Tiling tiling : kTilings) {
    dY.poison();
    dU.poison();
    dV.poison();
    cuda_ok(lc::expert_ffn_runs(d1.get(), d3.get(), d2.get(), c.d, c.dFF, dX.get(), expert.data(), start.data(),
                                count.data(), runs, dY.get(), dU.get(), dV.get(), nullptr, tiling),
            "expert_ffn_runs");
    cuda_ok(cudaDeviceSynchronize(), "expert_ffn_runs run");
    const std::vector<float> got = dY.download(outputs);
    compare(report, "expert_ffn_runs", name + " tiling=" + lc::tiling_name(tiling), got.data(), want.data(),
            outputs);
  }
}

}  // namespace

void check_matmul(Report& report, int hostThreads) {
  uint64_t seed = 0x3a7e;
  for (const MatmulCase& c : matmul_cases()) {
    run_matmul_case(report, c, seed, hostThreads);
    seed += 2;
  }
}

void check_expert_ffn(Report& report, int hostThreads) {
  uint64_t seed = 0xf00d;
  for (const FfnCase& c : ffn_cases()) {
    run_ffn_case(report, c, seed, hostThreads);
    seed += 4;
  }
}

}  // namespace litellm::check
