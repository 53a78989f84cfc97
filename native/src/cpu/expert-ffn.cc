// expert_ffn_runs: the routed-expert FFN of expert-dispatch.ts ffnRows, for every run of packed rows.
// A row's result depends only on its own input and its expert's weights (each output is its own ascending
// reduction), so rows may be grouped, chunked and shared between threads in any way without changing any bit.
// With two threads the rows are cut into chunks that both threads take from one queue: when the cores are shared
// with other work, the thread that is held up takes fewer chunks instead of making the other wait for its half.

#include <algorithm>
#include <memory>
#include <vector>

#include "isa-support.h"
#include "thread-pool.h"

namespace litellm::cpu {

namespace {

// Rows of one run go through the FFN this many at a time, bounding the U/V scratch (2 x rows x dFF floats) while
// still reusing each weight load across many rows.
constexpr int64_t kRowsPerPass = 128;
// Below this many rows in all, a second thread costs more than it saves.
constexpr int64_t kMinRowsToSplit = 8;
// Shared work is cut into about this many chunks (fewer when that would make a chunk shorter than kMinChunkRows):
// enough for the threads to even out, few enough that each chunk still reuses its expert's weights over many rows.
constexpr int64_t kTargetChunks = 8;
constexpr int64_t kMinChunkRows = 8;

// Rows first .. first+count-1 of X (packed [*, d]) through the expert whose weights start at w1, w3, w2.
struct Segment {
  int64_t expert;
  int64_t first;
  int64_t count;
};

struct FfnJob {
  Isa isa;
  const float* w1;
  const float* w3;
  const float* w2;
  int64_t d;
  int64_t dFF;
  const float* X;
  float* Y;
  std::vector<Segment> chunks;
  float* scratch[2];  // per thread: U then V, kRowsPerPass x dFF each
};

void ffn_rows(const FfnJob& job, const Segment& segment, float* U, float* V) {
  const int64_t d = job.d;
  const int64_t dFF = job.dFF;
  const float* w1 = job.w1 + segment.expert * dFF * d;
  const float* w3 = job.w3 + segment.expert * dFF * d;
  const float* w2 = job.w2 + segment.expert * d * dFF;
  for (int64_t done = 0; done < segment.count; done += kRowsPerPass) {
    const int64_t left = segment.count - done;
    const int64_t rows = left < kRowsPerPass ? left : kRowsPerPass;
    const float* x = job.X + (segment.first + done) * d;
    matmul_rows(job.isa, w1, dFF, d, x, rows, U);
    matmul_rows(job.isa, w3, dFF, d, x, rows, V);
    for (int64_t i = 0; i < rows * dFF; i++) U[i] = silu(U[i]) * V[i];
    matmul_rows(job.isa, w2, d, dFF, U, rows, job.Y + (segment.first + done) * d);
  }
}

// Takes chunks from the queue until none is left, with the scratch of `thread`.
void run_chunks(const FfnJob& job, PieceQueue& queue, int thread) {
  float* U = job.scratch[thread];
  float* V = U + kRowsPerPass * job.dFF;
  for (int64_t i = 0; queue.take(i);) ffn_rows(job, job.chunks[static_cast<size_t>(i)], U, V);
}

// Scratch owned by the calling thread and reused across calls: the FFN runs once per layer per step.
float* scratch_for(int64_t floats) {
  thread_local std::unique_ptr<float[]> buffer;
  thread_local int64_t capacity = 0;
  if (floats > capacity) {
    buffer.reset(new float[static_cast<size_t>(floats)]);
    capacity = floats;
  }
  return buffer.get();
}

}  // namespace

void expert_ffn_runs(Isa isa, const float* w1, const float* w3, const float* w2, int64_t d, int64_t dFF,
                     const float* X, const int32_t* runExpert, const int32_t* runStart, const int32_t* runCount,
                     int64_t runs, float* Y, int threads) {
  if (d <= 0) return;
  FfnJob job{usable_isa(isa), w1, w3, w2, d, dFF, X, Y, {}, {nullptr, nullptr}};
  int64_t total = 0;
  for (int64_t r = 0; r < runs; r++) total += runCount[r] > 0 ? runCount[r] : 0;
  if (total == 0) return;
  const bool split = threads >= 2 && total >= kMinRowsToSplit;
  // One thread takes each run whole; two share chunks of at most chunkRows rows (a run longer than that is cut).
  const int64_t chunkRows = split ? std::max(kMinChunkRows, (total + kTargetChunks - 1) / kTargetChunks) : total;
  for (int64_t r = 0; r < runs; r++) {
    const int64_t count = runCount[r] > 0 ? runCount[r] : 0;
    for (int64_t first = 0; first < count; first += chunkRows) {
      job.chunks.push_back({runExpert[r], runStart[r] + first, std::min(chunkRows, count - first)});
    }
  }
  const int64_t perPart = 2 * kRowsPerPass * (dFF > 0 ? dFF : 1);
  float* scratch = scratch_for(split ? 2 * perPart : perPart);
  job.scratch[0] = scratch;
  job.scratch[1] = split ? scratch + perPart : scratch;
  PieceQueue queue(static_cast<int64_t>(job.chunks.size()));
  if (!split) {
    run_chunks(job, queue, 0);
    return;
  }
  auto work = [&job, &queue](int thread) { run_chunks(job, queue, thread); };
  share_pieces(work);
}

}  // namespace litellm::cpu
