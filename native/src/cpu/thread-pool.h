// Internal: one pooled worker thread that helps the calling thread through a queue of independent pieces of work.
// The caller posts the job and starts taking pieces at once; the worker takes pieces too from the moment it wakes.
// When the caller runs out of pieces before the worker has woken, it withdraws the job and returns: a worker that
// is slow to get a core (the machine busy with other threads) never holds the caller up, and a piece's result never
// depends on which thread computed it.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace litellm::cpu {

// Pieces 0 .. count-1, each handed out exactly once to whichever thread asks first.
class PieceQueue {
 public:
  explicit PieceQueue(int64_t count) : count_(count) {}

  // The next piece, or false when every piece has been handed out.
  bool take(int64_t& piece) {
    piece = next_.fetch_add(1, std::memory_order_relaxed);
    return piece < count_;
  }

 private:
  const int64_t count_;
  std::atomic<int64_t> next_{0};
};

class PairPool {
 public:
  // The process-wide pool; its worker is started on first use and joined at exit.
  static PairPool& instance();

  // Runs work(context, 0) here and, if the worker wakes for it in time, work(context, 1) on the worker, returning
  // once every call made has returned. work must take its pieces from a queue shared by both calls (PieceQueue), so
  // that the caller's call alone completes the job. When the worker is serving another caller, only the caller's
  // call runs. work must not throw.
  void share(void (*work)(void* context, int thread), void* context);

  PairPool(const PairPool&) = delete;
  PairPool& operator=(const PairPool&) = delete;
  ~PairPool();

 private:
  PairPool();
  void worker_loop();

  std::mutex busy_;  // held by the one caller that owns the worker for a share
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  void (*work_)(void*, int) = nullptr;  // the posted job, until the worker takes it or the caller withdraws it
  void* context_ = nullptr;
  bool taken_ = false;     // the worker took the posted job
  bool finished_ = false;  // ... and has returned from it
  bool stopping_ = false;
  std::thread worker_;
};

// Calls f(thread) here (thread 0) and on the pooled worker (thread 1) when it is free; see PairPool::share.
template <typename F>
void share_pieces(F& f) {
  PairPool::instance().share([](void* context, int thread) { (*static_cast<F*>(context))(thread); }, &f);
}

}  // namespace litellm::cpu
