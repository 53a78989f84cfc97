// Internal: one pooled worker thread that shares a two-way split with the calling thread. Work is always split
// into two fixed parts before it starts, so which thread runs a part never changes any result.
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>

namespace litellm::cpu {

class PairPool {
 public:
  // The process-wide pool; its worker is started on first use and joined at exit.
  static PairPool& instance();

  // Runs part(context, 0) on the caller and part(context, 1) on the worker, returning when both are done. When the
  // worker is serving another caller, runs both parts here, one after the other. part must not throw.
  void run_two(void (*part)(void* context, int index), void* context);

  PairPool(const PairPool&) = delete;
  PairPool& operator=(const PairPool&) = delete;
  ~PairPool();

 private:
  PairPool();
  void worker_loop();

  std::mutex busy_;  // held by the one caller that owns the worker for a run_two
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  void (*part_)(void*, int) = nullptr;
  void* context_ = nullptr;
  bool finished_ = false;
  bool stopping_ = false;
  std::thread worker_;
};

// Calls f(0) here and f(1) on the pooled worker (see PairPool::run_two).
template <typename F>
void run_two(F& f) {
  PairPool::instance().run_two([](void* context, int index) { (*static_cast<F*>(context))(index); }, &f);
}

}  // namespace litellm::cpu
