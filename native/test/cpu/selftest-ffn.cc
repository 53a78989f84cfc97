// expert_ffn_runs with threads 1 and 2, for every ISA, against a row-by-row evaluation of
// W2_e (silu(W1_e x) * (W3_e x)) written directly from the definition.

#include <cstdio>
#include <thread>
#include <vector>

#include "cpu/kernels.h"
#include "selftest-support.h"

namespace selftest {

namespace {

using litellm::cpu::Isa;

float dot(const float* w, const float* x, int64_t n) {
  float acc = 0.0f;
  for (int64_t i = 0; i < n; i++) acc = acc + w[i] * x[i];
  return acc;
}

float reference_silu(float z) {
  const float e = static_cast<float>(litellm::cpu::exp_js(-static_cast<double>(z)));
  const float den = 1.0f + e;
  return z / den;
}

void reference_ffn_row(const float* w1, const float* w3, const float* w2, int64_t d, int64_t dFF, const float* x,
                       float* y) {
  std::vector<float> h(static_cast<size_t>(dFF));
  for (int64_t o = 0; o < dFF; o++) {
    const float u = dot(w1 + o * d, x, d);
    const float v = dot(w3 + o * d, x, d);
    h[static_cast<size_t>(o)] = reference_silu(u) * v;
  }
  for (int64_t j = 0; j < d; j++) y[j] = dot(w2 + j * dFF, h.data(), dFF);
}

struct Routing {
  std::vector<int32_t> expert, start, count;
  int64_t total = 0;
  void add(int32_t e, int32_t n) {
    expert.push_back(e);
    start.push_back(static_cast<int32_t>(total));
    count.push_back(n);
    total += n;
  }
};

// Several callers at once, each asking for two threads: the shared worker serves one of them and the others run
// both halves themselves; every caller must still get the same bits.
void check_concurrent_callers(Tally& tally, const std::vector<float>& w1, const std::vector<float>& w3,
                              const std::vector<float>& w2, int64_t d, int64_t dFF, const std::vector<float>& X,
                              const Routing& routing, const std::vector<float>& expected) {
  constexpr int kCallers = 3;
  std::vector<std::vector<float>> results(kCallers, std::vector<float>(expected.size()));
  std::vector<std::thread> callers;
  for (int c = 0; c < kCallers; c++) {
    callers.emplace_back([&, c] {
      for (int repeat = 0; repeat < 10; repeat++) {
        litellm::cpu::expert_ffn_runs(litellm::cpu::best_isa(), w1.data(), w3.data(), w2.data(), d, dFF, X.data(),
                                      routing.expert.data(), routing.start.data(), routing.count.data(),
                                      static_cast<int64_t>(routing.expert.size()), results[c].data(), 2);
      }
    });
  }
  for (std::thread& caller : callers) caller.join();
  for (const std::vector<float>& result : results) {
    tally.compare("expert_ffn_runs concurrent callers", expected.data(), result.data(), expected.size());
  }
}

void check_case(Tally& tally, SplitMix64& rng, int64_t d, int64_t dFF, const Routing& routing, bool awkward,
                bool concurrent = false) {
  const int64_t experts = 3;
  auto make = [&](size_t n) { return awkward ? awkward_floats(rng, n) : ordinary_floats(rng, n, 0.5); };
  const std::vector<float> w1 = make(static_cast<size_t>(experts * dFF * d));
  const std::vector<float> w3 = make(static_cast<size_t>(experts * dFF * d));
  const std::vector<float> w2 = make(static_cast<size_t>(experts * d * dFF));
  const std::vector<float> X = make(static_cast<size_t>(routing.total * d));
  std::vector<float> expected(static_cast<size_t>(routing.total * d));
  for (size_t r = 0; r < routing.expert.size(); r++) {
    const int64_t e = routing.expert[r];
    for (int64_t k = 0; k < routing.count[r]; k++) {
      const int64_t row = routing.start[r] + k;
      reference_ffn_row(w1.data() + e * dFF * d, w3.data() + e * dFF * d, w2.data() + e * d * dFF, d, dFF,
                        X.data() + row * d, expected.data() + row * d);
    }
  }
  const Isa isas[] = {Isa::Scalar, Isa::Avx2, Isa::Avx512};
  char what[128];
  for (Isa isa : isas) {
    if (static_cast<int>(isa) > static_cast<int>(litellm::cpu::best_isa())) continue;
    for (int threads = 1; threads <= 2; threads++) {
      std::vector<float> Y(expected.size(), 777.0f);
      litellm::cpu::expert_ffn_runs(isa, w1.data(), w3.data(), w2.data(), d, dFF, X.data(), routing.expert.data(),
                                    routing.start.data(), routing.count.data(),
                                    static_cast<int64_t>(routing.expert.size()), Y.data(), threads);
      std::snprintf(what, sizeof what, "expert_ffn_runs %s threads=%d d=%ld dFF=%ld runs=%zu rows=%ld%s",
                    litellm::cpu::isa_name(isa), threads, static_cast<long>(d), static_cast<long>(dFF),
                    routing.expert.size(), static_cast<long>(routing.total), awkward ? " awkward" : "");
      tally.compare(what, expected.data(), Y.data(), Y.size());
    }
  }
  if (concurrent) check_concurrent_callers(tally, w1, w3, w2, d, dFF, X, routing, expected);
}

}  // namespace

void test_expert_ffn(Tally& tally) {
  SplitMix64 rng(0x5EED0002);
  const int64_t shapes[][2] = {{24, 40}, {33, 7}, {64, 136}, {17, 300}, {8, 8}};
  for (const auto& shape : shapes) {
    for (int trial = 0; trial < 6; trial++) {
      Routing routing;
      const int64_t runs = 1 + rng.below(6);
      for (int64_t r = 0; r < runs; r++) {
        routing.add(static_cast<int32_t>(rng.below(3)), static_cast<int32_t>(trial < 2 ? rng.below(4) : rng.below(21)));
      }
      check_case(tally, rng, shape[0], shape[1], routing, trial % 3 == 2);
    }
    Routing oneBigRun;  // one run split between the threads, and more rows than one pass holds
    oneBigRun.add(1, 150);
    check_case(tally, rng, shape[0], shape[1], oneBigRun, false, true);
    Routing fewRows;  // below the threshold for a second thread
    fewRows.add(2, 1);
    fewRows.add(0, 0);
    fewRows.add(0, 2);
    check_case(tally, rng, shape[0], shape[1], fewRows, false);
  }
}

}  // namespace selftest
