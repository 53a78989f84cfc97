// Informational timing of matmul_rows per ISA at inDim 1024, outDim 4096 (a 16 MiB weight matrix, larger than the
// L2 caches), and of the two-thread split. Nothing is asserted on time.

#include <chrono>
#include <cstdio>
#include <vector>

#include "cpu/kernels.h"
#include "selftest-support.h"

namespace selftest {

namespace {

using litellm::cpu::Isa;

// Best of several runs, repeating until at least 0.3 s have been spent; seconds per call.
template <typename F>
double best_seconds(F&& f) {
  using Clock = std::chrono::steady_clock;
  double best = 1e30;
  double spent = 0.0;
  for (int run = 0; run < 50 && (run < 2 || spent < 0.3); run++) {
    const Clock::time_point t0 = Clock::now();
    f();
    const double s = std::chrono::duration<double>(Clock::now() - t0).count();
    spent += s;
    if (s < best) best = s;
  }
  return best;
}

// 8 experts, d=1024, dFF=2048 (three 8 MiB weight matrices each): 64 rows spread over 8 runs, then 8 rows over 8.
void bench_expert_ffn() {
  const int64_t d = 1024;
  const int64_t dFF = 2048;
  const int64_t experts = 8;
  SplitMix64 rng(0x5EED0007);
  const std::vector<float> w1 = ordinary_floats(rng, static_cast<size_t>(experts * dFF * d), 0.05);
  const std::vector<float> w3 = ordinary_floats(rng, static_cast<size_t>(experts * dFF * d), 0.05);
  const std::vector<float> w2 = ordinary_floats(rng, static_cast<size_t>(experts * d * dFF), 0.05);
  const std::vector<float> X = ordinary_floats(rng, static_cast<size_t>(64 * d), 1.0);
  std::vector<float> Y(static_cast<size_t>(64 * d));
  const Isa isa = litellm::cpu::best_isa();
  for (int32_t perRun : {8, 1}) {
    std::vector<int32_t> expert, start, count;
    for (int32_t e = 0; e < experts; e++) {
      expert.push_back(e);
      start.push_back(e * perRun);
      count.push_back(perRun);
    }
    std::printf("expert_ffn_runs %s d=%ld dFF=%ld, %d rows in %ld runs, GFLOP/s:", litellm::cpu::isa_name(isa),
                static_cast<long>(d), static_cast<long>(dFF), perRun * static_cast<int>(experts),
                static_cast<long>(experts));
    for (int threads = 1; threads <= 2; threads++) {
      const double s = best_seconds([&] {
        litellm::cpu::expert_ffn_runs(isa, w1.data(), w3.data(), w2.data(), d, dFF, X.data(), expert.data(),
                                      start.data(), count.data(), experts, Y.data(), threads);
      });
      std::printf("  threads=%d %7.2f", threads, 6.0 * perRun * experts * d * dFF / s * 1e-9);
    }
    std::printf("\n");
  }
}

}  // namespace

void bench_matmul() {
  const int64_t inDim = 1024;
  const int64_t outDim = 4096;
  const int64_t rowCounts[] = {1, 8, 64, 512};
  SplitMix64 rng(0x5EED0004);
  const std::vector<float> W = ordinary_floats(rng, static_cast<size_t>(outDim * inDim), 0.05);
  const std::vector<float> X = ordinary_floats(rng, static_cast<size_t>(512 * inDim), 1.0);
  std::vector<float> Y(static_cast<size_t>(512 * outDim));
  std::printf("matmul_rows GFLOP/s at inDim=%ld outDim=%ld:\n", static_cast<long>(inDim), static_cast<long>(outDim));
  const Isa isas[] = {Isa::Scalar, Isa::Avx2, Isa::Avx512};
  for (Isa isa : isas) {
    if (static_cast<int>(isa) > static_cast<int>(litellm::cpu::best_isa())) continue;
    for (int threads = 1; threads <= 2; threads++) {
      if (threads == 2 && isa != litellm::cpu::best_isa()) continue;
      std::printf("  %-6s threads=%d:", litellm::cpu::isa_name(isa), threads);
      for (int64_t rows : rowCounts) {
        const double s = best_seconds([&] {
          litellm::cpu::matmul_rows_threads(isa, W.data(), outDim, inDim, X.data(), rows, Y.data(), threads);
        });
        std::printf("  rows=%-3ld %7.2f", static_cast<long>(rows), 2.0 * rows * outDim * inDim / s * 1e-9);
      }
      std::printf("\n");
    }
  }
  bench_expert_ffn();
}

}  // namespace selftest
