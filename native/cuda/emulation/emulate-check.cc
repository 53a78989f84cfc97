// CPU-only check of the CUDA kernels' logic: the kernel sources, rewritten by native/scripts/cuda-emulate.mjs and
// run on CPU threads by the emulated runtime beside this file, must match the CPU backend (native/src/cpu, scalar
// path, through host-reference.h) bit for bit. Shapes are small (one std::thread per CUDA thread) but cover every
// tiling, partial tiles, the 4-byte copy path, empty and gapped runs, both attention scratch paths, exp_js
// against V8's vectors, and the router and RoPE suites of check-router.cu at their smaller shapes. Real rounding on
// the GPU is checked by gpu-check; this catches indexing, tiling, run-table and barrier mistakes where no GPU is
// present.
#include <cstdio>
#include <string>
#include <vector>

#include "check-suites.h"
#include "check-support.h"
#include "host-reference.h"
#include "kernels.cuh"

namespace {

namespace lc = litellm::cuda;
namespace hr = litellm::hostref;
using litellm::check::compare;
using litellm::check::from_bits;
using litellm::check::kPoison;
using litellm::check::random_floats;
using litellm::check::Report;

constexpr lc::Tiling kTilings[] = {lc::Tiling::Auto, lc::Tiling::Large, lc::Tiling::Medium, lc::Tiling::Small,
                                   lc::Tiling::Skinny};

const uint64_t kExpVectors[][2] = {
#include "exp-vectors.inc"
};

void matmul_case(Report& report, int64_t rows, int64_t outDim, int64_t inDim, bool extreme, int64_t misalign,
                 uint64_t seed) {
  const std::vector<float> W = random_floats(static_cast<size_t>(outDim * inDim), seed, extreme);
  const std::vector<float> X = random_floats(static_cast<size_t>(rows * inDim), seed + 1, extreme);
  std::vector<float> want(static_cast<size_t>(rows * outDim));
  hr::matmul_rows(W.data(), outDim, inDim, X.data(), rows, want.data());
  std::vector<float> w(W.size() + 4);
  std::vector<float> x(X.size() + 4);
  std::copy(W.begin(), W.end(), w.begin() + misalign);
  std::copy(X.begin(), X.end(), x.begin() + misalign);
  for (lc::Tiling tiling : kTilings) {
    std::vector<float> y(want.size(), from_bits(kPoison));
    if (lc::matmul_rows(w.data() + misalign, outDim, inDim, x.data() + misalign, rows, y.data(), nullptr, tiling) !=
        cudaSuccess) {
      report.errors.push_back("matmul_rows refused a valid shape");
    }
    compare(report, "matmul_rows",
            "rows=" + std::to_string(rows) + " out=" + std::to_string(outDim) + " in=" + std::to_string(inDim) +
                " tiling=" + lc::tiling_name(tiling),
            y.data(), want.data(), y.size());
  }
}

void ffn_case(Report& report, int64_t d, int64_t dFF, int64_t experts, const std::vector<int32_t>& counts, bool gaps,
              bool extreme, uint64_t seed) {
  std::vector<int32_t> expert;
  std::vector<int32_t> start;
  int32_t at = gaps ? 1 : 0;
  for (size_t r = 0; r < counts.size(); r++) {
    expert.push_back(static_cast<int32_t>((r * 3 + seed) % static_cast<uint64_t>(experts)));
    start.push_back(at);
    at += counts[r] + (gaps && r == 0 ? 1 : 0);
  }
  const int64_t rows = at + (gaps ? 1 : 0);
  const int64_t runs = static_cast<int64_t>(counts.size());
  const size_t wSize = static_cast<size_t>(experts * dFF * d);
  const std::vector<float> w1 = random_floats(wSize, seed, extreme);
  const std::vector<float> w3 = random_floats(wSize, seed + 1, extreme);
  const std::vector<float> w2 = random_floats(wSize, seed + 2, extreme);
  const std::vector<float> X = random_floats(static_cast<size_t>(rows * d), seed + 3, extreme);
  std::vector<float> want(static_cast<size_t>(rows * d), from_bits(kPoison));
  std::vector<float> U(static_cast<size_t>(rows * dFF));
  std::vector<float> V(U.size());
  hr::expert_ffn_runs(w1.data(), w3.data(), w2.data(), d, dFF, X.data(), expert.data(), start.data(), counts.data(),
                      runs, want.data());
  for (lc::Tiling tiling : kTilings) {
    std::vector<float> y(want.size(), from_bits(kPoison));
    if (lc::expert_ffn_runs(w1.data(), w3.data(), w2.data(), d, dFF, X.data(), expert.data(), start.data(),
                            counts.data(), runs, y.data(), U.data(), V.data(), nullptr, tiling) != cudaSuccess) {
      report.errors.push_back("expert_ffn_runs refused valid runs");
    }
    compare(report, "expert_ffn_runs", "d=" + std::to_string(d) + " tiling=" + lc::tiling_name(tiling), y.data(),
            want.data(), y.size());
  }
}

void norm_and_attention(Report& report) {
  for (int64_t d : {32, 33, 1024, 13000}) {  // 13000 floats do not fit the staged path
    for (int64_t rows : {1, 3}) {
      const std::vector<float> x = random_floats(static_cast<size_t>(rows * d), static_cast<uint64_t>(d + rows),
                                                 rows == 3);
      const std::vector<float> w = random_floats(static_cast<size_t>(d), static_cast<uint64_t>(d), false);
      std::vector<float> want(x.size());
      std::vector<float> got(x.size(), from_bits(kPoison));
      hr::rmsnorm_rows(x.data(), rows, d, w.data(), want.data());
      lc::rmsnorm_rows(x.data(), rows, d, w.data(), got.data());
      compare(report, "rmsnorm_rows", "d=" + std::to_string(d), got.data(), want.data(), got.size());
    }
  }
  struct Case {
    int64_t heads, dHead, firstPos, count;
    bool forceGlobal, extreme;
  };
  for (const Case& c : {Case{1, 32, 0, 1, false, false}, Case{4, 16, 0, 9, false, false},
                        Case{2, 33, 100, 3, false, false}, Case{3, 20, 9, 5, true, false},
                        Case{1, 8, 7000, 2, false, false}, Case{2, 8, 30, 4, false, true}}) {
    const int64_t d = c.heads * c.dHead;
    const int64_t firstRow = 2;
    const int64_t capacity = c.firstPos + c.count + 3;
    const std::vector<float> q = random_floats(static_cast<size_t>((firstRow + c.count + 1) * d), 1, c.extreme);
    const std::vector<float> k = random_floats(static_cast<size_t>(capacity * d), 2, c.extreme);
    const std::vector<float> v = random_floats(static_cast<size_t>(capacity * d), 3, c.extreme);
    std::vector<float> want(q.size(), from_bits(kPoison));
    std::vector<float> got(q.size(), from_bits(kPoison));
    hr::attend_causal(q.data(), firstRow, c.count, c.firstPos, k.data(), v.data(), c.heads, c.dHead, want.data());
    lc::attend_causal(q.data(), firstRow, c.count, c.firstPos, k.data(), v.data(), c.heads, c.dHead, got.data(),
                      nullptr, c.forceGlobal);
    compare(report, "attend_causal", "firstPos=" + std::to_string(c.firstPos), got.data(), want.data(), got.size());
  }
}

void elementwise(Report& report) {
  std::vector<float> u = random_floats(3001, 77, true);
  const std::vector<float> v = random_floats(3001, 78, true);
  for (size_t i = 0; i < u.size(); i += 3) u[i] = static_cast<float>(i % 240) - 120.5f;
  std::vector<float> want = u;
  hr::swiglu(want.data(), v.data(), static_cast<int64_t>(want.size()));
  lc::swiglu(u.data(), v.data(), static_cast<int64_t>(u.size()));
  compare(report, "swiglu", "n=3001", u.data(), want.data(), u.size());

  std::vector<double> x;
  std::vector<double> expected;
  for (const auto& pair : kExpVectors) {
    double a;
    double b;
    std::memcpy(&a, &pair[0], sizeof a);
    std::memcpy(&b, &pair[1], sizeof b);
    x.push_back(a);
    expected.push_back(b);
  }
  std::vector<double> y(x.size());
  lc::exp_js_batch(x.data(), y.data(), static_cast<int64_t>(x.size()));
  compare(report, "exp_js", "device code vs V8 vectors", y.data(), expected.data(), y.size());
}

}  // namespace

int main() {
  Report report;
  for (int64_t rows : {1, 2, 3, 5, 8, 9, 13, 17, 33, 64, 65}) matmul_case(report, rows, 37, 29, rows % 3 == 0, 0, 100);
  matmul_case(report, 70, 130, 67, true, 0, 5);
  matmul_case(report, 3, 256, 260, false, 1, 6);  // 4-byte copies
  matmul_case(report, 130, 200, 100, false, 0, 7);
  matmul_case(report, 5, 7, 0, false, 0, 8);
  matmul_case(report, 9, 300, 513, false, 0, 11);
  ffn_case(report, 32, 64, 4, {3, 0, 5}, true, false, 1);
  ffn_case(report, 33, 65, 5, {3, 0, 17, 1}, true, false, 2);
  ffn_case(report, 32, 64, 4, {20, 1, 9, 40}, false, true, 3);
  norm_and_attention(report);
  elementwise(report);
  litellm::check::check_route(report, true);
  litellm::check::check_rope(report, true);

  int64_t mismatches = 0;
  int64_t failed = 0;
  for (const auto& e : report.equivalence) {
    mismatches += e.mismatches;
    failed += e.mismatches != 0 ? 1 : 0;
  }
  std::printf("emulated CUDA kernels: %zu cases, %lld mismatched elements, %zu errors, %lld blocks run\n",
              report.equivalence.size(), static_cast<long long>(mismatches), report.errors.size(),
              emu::blocksRun);
  std::printf("cuda-emulate: %lld passed, %lld failed\n", static_cast<long long>(report.equivalence.size()) - failed,
              static_cast<long long>(failed + static_cast<int64_t>(report.errors.size())));
  return failed == 0 && report.errors.empty() ? 0 : 1;
}
