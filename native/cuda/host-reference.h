// The reference the CUDA checks compare with: the CPU backend itself (litellm::cpu, native/src/cpu, scalar path),
// which the CPU self-test proves bit-identical to the TypeScript kernels. So "CUDA equals the CPU backend bit for
// bit" is what the checks test. This adapter does no arithmetic of its own: it only spreads independent rows or runs
// over host threads (each output is its own ascending reduction, so the split never changes a bit) and applies
// silu over a buffer, which the CPU API otherwise does only inside expert_ffn_runs.
// Link native/src/cpu/*.cc, built with -ffp-contract=off and without fast math.
#pragma once

#include <algorithm>
#include <cstdint>
#include <thread>
#include <vector>

#include "cpu/kernels.h"

namespace litellm::hostref {

using litellm::cpu::attend_causal;
using litellm::cpu::exp_js;
using litellm::cpu::rmsnorm_rows;
using litellm::cpu::silu;

constexpr litellm::cpu::Isa kIsa = litellm::cpu::Isa::Scalar;

// Calls body(part, parts) for part < parts on parts host threads (the caller's own when parts is 1).
template <class Body>
void on_threads(int64_t parts, Body body) {
  if (parts <= 1) {
    body(int64_t{0}, int64_t{1});
    return;
  }
  std::vector<std::thread> pool;
  for (int64_t t = 0; t < parts; t++) pool.emplace_back([=] { body(t, parts); });
  for (auto& th : pool) th.join();
}

// u[i] = silu(u[i]) * v[i], the step between the W1/W3 and W2 products of expert_ffn_runs.
inline void swiglu(float* u, const float* v, int64_t n) {
  for (int64_t i = 0; i < n; i++) u[i] = silu(u[i]) * v[i];
}

// litellm::cpu::matmul_rows (scalar) with the rows split into contiguous blocks over up to `threads` threads.
inline void matmul_rows(const float* W, int64_t outDim, int64_t inDim, const float* X, int64_t rows, float* Y,
                        int threads = 1) {
  on_threads(std::max<int64_t>(1, std::min<int64_t>(threads, rows)), [=](int64_t t, int64_t parts) {
    const int64_t begin = rows * t / parts;
    const int64_t end = rows * (t + 1) / parts;
    litellm::cpu::matmul_rows(kIsa, W, outDim, inDim, X + begin * inDim, end - begin, Y + begin * outDim);
  });
}

// litellm::cpu::expert_ffn_runs (scalar) with the runs cut into blocks of rows, dealt round-robin over up to
// `threads` threads; each thread passes its blocks as runs of its own call.
inline void expert_ffn_runs(const float* w1, const float* w3, const float* w2, int64_t d, int64_t dFF,
                            const float* X, const int32_t* runExpert, const int32_t* runStart,
                            const int32_t* runCount, int64_t runs, float* Y, int threads = 1) {
  int64_t total = 0;
  for (int64_t r = 0; r < runs; r++) total += std::max<int32_t>(runCount[r], 0);
  const int64_t parts = std::max<int64_t>(1, std::min<int64_t>(threads, total));
  const int32_t block = static_cast<int32_t>(std::max<int64_t>(1, (total + parts - 1) / parts));
  std::vector<int32_t> expert;
  std::vector<int32_t> start;
  std::vector<int32_t> count;
  for (int64_t r = 0; r < runs; r++) {
    for (int32_t done = 0; done < runCount[r]; done += block) {
      expert.push_back(runExpert[r]);
      start.push_back(runStart[r] + done);
      count.push_back(std::min(block, runCount[r] - done));
    }
  }
  on_threads(parts, [&](int64_t t, int64_t stride) {
    std::vector<int32_t> e;
    std::vector<int32_t> s;
    std::vector<int32_t> c;
    for (size_t i = static_cast<size_t>(t); i < count.size(); i += static_cast<size_t>(stride)) {
      e.push_back(expert[i]);
      s.push_back(start[i]);
      c.push_back(count[i]);
    }
    litellm::cpu::expert_ffn_runs(kIsa, w1, w3, w2, d, dFF, X, e.data(), s.data(), c.data(),
                                  static_cast<int64_t>(c.size()), Y, 1);
  });
}

}  // namespace litellm::hostref
