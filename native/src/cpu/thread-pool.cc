// The worker waits on a condition variable for a posted part; the caller runs its own part meanwhile and then waits
// for the worker's. A second concurrent caller (for example two native calls on different libuv threads) does not
// queue behind the first: it runs both of its parts itself.

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
    wake_.wait(lock, [this] { return stopping_ || part_ != nullptr; });
    if (part_ == nullptr) return;  // stopping with nothing posted
    void (*part)(void*, int) = part_;
    void* context = context_;
    lock.unlock();
    part(context, 1);
    lock.lock();
    part_ = nullptr;
    finished_ = true;
    done_.notify_one();
  }
}

void PairPool::run_two(void (*part)(void* context, int index), void* context) {
  std::unique_lock<std::mutex> owner(busy_, std::try_to_lock);
  if (!owner.owns_lock()) {
    part(context, 0);
    part(context, 1);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    part_ = part;
    context_ = context;
    finished_ = false;
  }
  wake_.notify_one();
  part(context, 0);
  std::unique_lock<std::mutex> lock(mutex_);
  done_.wait(lock, [this] { return finished_; });
}

}  // namespace litellm::cpu
