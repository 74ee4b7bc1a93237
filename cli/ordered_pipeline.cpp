#include "cli/ordered_pipeline.h"

#include <fmt/format.h>

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

namespace outcomes::cli {

bool jobs_in_range(int jobs) {
  if (jobs >= 1 && jobs <= kMaxJobs) return true;
  fmt::print(stderr, "error: --jobs {}: expected a number of threads from 1 to {}\n", jobs, kMaxJobs);
  return false;
}

namespace {

using BatchPtr = std::unique_ptr<OrderedBatch>;

// Batches waiting for a worker, and finished batches waiting for their turn.
class OrderedQueue {
 public:
  explicit OrderedQueue(size_t capacity) : capacity_(capacity) {}

  bool full() {
    std::lock_guard lock(mutex_);
    return in_flight_ >= capacity_;
  }

  void push(BatchPtr batch) {
    std::lock_guard lock(mutex_);
    ++in_flight_;
    pending_.push_back(std::move(batch));
    work_ready_.notify_one();
  }

  // The next batch to work on; null once closed and drained.
  BatchPtr take_work() {
    std::unique_lock lock(mutex_);
    work_ready_.wait(lock, [&] { return !pending_.empty() || closed_; });
    if (pending_.empty()) return nullptr;
    BatchPtr b = std::move(pending_.front());
    pending_.pop_front();
    return b;
  }

  void finish(BatchPtr batch, std::exception_ptr failure) {
    std::lock_guard lock(mutex_);
    if (failure && !failure_) failure_ = failure;
    int64_t seq = batch->sequence;
    done_.emplace(seq, std::move(batch));
    done_ready_.notify_all();
  }

  // The next batch in input order once it is finished; null when all `total`
  // batches have been handed out (total < 0: not known yet), or, without
  // `wait`, when the next one is not finished.
  BatchPtr next_done(int64_t total, bool wait) {
    std::unique_lock lock(mutex_);
    if (wait) done_ready_.wait(lock, [&] { return done_.count(next_) || (total >= 0 && next_ >= total); });
    auto it = done_.find(next_);
    if (it == done_.end()) return nullptr;
    BatchPtr b = std::move(it->second);
    done_.erase(it);
    ++next_;
    --in_flight_;
    return b;
  }

  // No more batches; with `abandon`, work not yet started is dropped too.
  void close(bool abandon) {
    std::lock_guard lock(mutex_);
    closed_ = true;
    if (abandon) pending_.clear();
    work_ready_.notify_all();
  }

  std::exception_ptr failure() {
    std::lock_guard lock(mutex_);
    return failure_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable work_ready_, done_ready_;
  std::deque<BatchPtr> pending_;
  std::map<int64_t, BatchPtr> done_;
  size_t capacity_, in_flight_ = 0;
  int64_t next_ = 0;
  bool closed_ = false;
  std::exception_ptr failure_;
};

}  // namespace

void OrderedPipeline::run(int workers, const Make& make, const Fill& fill, const Work& work, const Deliver& deliver) {
  if (workers <= 1) {
    BatchPtr batch = make();
    for (int64_t sequence = 0; fill(*batch); ++sequence) {
      batch->sequence = sequence;
      work(0, *batch);
      deliver(*batch);
    }
    return;
  }

  // Three batches per worker keep every worker busy while the calling thread
  // delivers, and bound what is held.
  OrderedQueue queue(static_cast<size_t>(workers) * 3);
  std::vector<std::thread> threads;
  // Joins the workers however this function is left, so an exception thrown
  // while filling or delivering does not leave threads running.
  struct JoinWorkers {
    OrderedQueue& queue;
    std::vector<std::thread>& threads;
    bool finished = false;
    ~JoinWorkers() {
      queue.close(/*abandon=*/!finished);
      for (std::thread& t : threads)
        if (t.joinable()) t.join();
    }
  } join{queue, threads};
  for (int w = 0; w < workers; ++w)
    threads.emplace_back([&, w] {
      while (BatchPtr batch = queue.take_work()) {
        std::exception_ptr failure;
        try {
          work(w, *batch);
        } catch (...) {
          failure = std::current_exception();  // rethrown on the calling thread
        }
        queue.finish(std::move(batch), failure);
      }
    });

  std::vector<BatchPtr> spare;  // delivered batches, filled again
  auto deliver_one = [&](BatchPtr batch) {
    if (auto failure = queue.failure()) std::rethrow_exception(failure);
    deliver(*batch);
    spare.push_back(std::move(batch));
  };
  int64_t sequence = 0;
  for (;;) {
    BatchPtr batch;
    if (spare.empty()) {
      batch = make();
    } else {
      batch = std::move(spare.back());
      spare.pop_back();
    }
    if (!fill(*batch)) break;
    batch->sequence = sequence++;
    // The calling thread delivers finished batches while it waits for room.
    while (queue.full()) deliver_one(queue.next_done(-1, true));
    queue.push(std::move(batch));
    while (BatchPtr done = queue.next_done(-1, false)) deliver_one(std::move(done));
  }
  join.finished = true;
  queue.close(/*abandon=*/false);
  while (BatchPtr done = queue.next_done(sequence, true)) deliver_one(std::move(done));
}

}  // namespace outcomes::cli
