// The worker waits on a condition variable for a posted job. The caller works through the job's pieces meanwhile;
// once it has no piece left it either withdraws the job (the worker never took it) or waits for the worker to
// return from the piece it is on. A second concurrent caller (for example two native calls on different libuv
// threads) does not queue behind the first: it takes all of its pieces itself.

#include "thread-pool.h"

namespace litellm::cpu {

PairPool& PairPool::instance() {
  static PairPool pool;
  return pool;
}

PairPool::PairPool() : worker_([this] { worker_loop(); }) {}

PairPool::~PairPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (worker_.joinable()) worker_.join();
}

void PairPool::worker_loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return stopping_ || (work_ != nullptr && !taken_); });
    if (stopping_) return;
    void (*work)(void*, int) = work_;
    void* context = context_;
    taken_ = true;
    lock.unlock();
    work(context, 1);
    lock.lock();
    finished_ = true;
    done_.notify_one();
  }
}

void PairPool::share(void (*work)(void* context, int thread), void* context) {
  std::unique_lock<std::mutex> owner(busy_, std::try_to_lock);
  if (!owner.owns_lock()) {
    work(context, 0);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    work_ = work;
    context_ = context;
    taken_ = false;
    finished_ = false;
  }
  wake_.notify_one();
  work(context, 0);
  std::unique_lock<std::mutex> lock(mutex_);
  // Every piece is handed out: a worker that has not taken the job yet would find nothing, so it is withdrawn.
  if (taken_) done_.wait(lock, [this] { return finished_; });
  work_ = nullptr;
  context_ = nullptr;
}

}  // namespace litellm::cpu
