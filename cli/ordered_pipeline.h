// Work done on N threads, results handed back in input order: the calling
// thread fills batches of work (lines of a cohort, rows of a claims file),
// worker threads process them, and the calling thread receives each finished
// batch strictly in the order it was filled. So whatever is written while
// delivering is the same for any number of workers, and since at most a few
// batches per worker are alive at once (delivered ones are reused for the
// next fill), memory does not grow with the size of the input.
//
// With one worker nothing runs on another thread: each batch is filled,
// worked and delivered in turn on the calling thread.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace outcomes::cli {

// The threads a command may be given with -j/--jobs.
inline constexpr int kMaxJobs = 256;
// False, with the message commands give, when `jobs` is out of range.
bool jobs_in_range(int jobs);

struct OrderedBatch {
  virtual ~OrderedBatch() = default;
  int64_t sequence = 0;  // set by the pipeline: the order of filling
};

class OrderedPipeline {
 public:
  using Make = std::function<std::unique_ptr<OrderedBatch>()>;
  // Puts the next work into a batch (a new one or one already delivered,
  // which it must reset); false when there is no more work.
  using Fill = std::function<bool(OrderedBatch&)>;
  using Work = std::function<void(int worker, OrderedBatch&)>;  // on a worker thread
  using Deliver = std::function<void(OrderedBatch&)>;           // on the calling thread, in order

  static void run(int workers, const Make& make, const Fill& fill, const Work& work, const Deliver& deliver);

  // The same with the batch type spelled out.
  template <class Batch>
  static void run(int workers, const std::function<bool(Batch&)>& fill,
                  const std::function<void(int, Batch&)>& work, const std::function<void(Batch&)>& deliver) {
    run(
        workers, [] { return std::make_unique<Batch>(); },
        [&](OrderedBatch& b) { return fill(static_cast<Batch&>(b)); },
        [&](int w, OrderedBatch& b) { work(w, static_cast<Batch&>(b)); },
        [&](OrderedBatch& b) { deliver(static_cast<Batch&>(b)); });
  }
};

// One T per worker (a VM, a loader), so workers share nothing mutable.
template <class T, class MakeOne>
std::vector<std::unique_ptr<T>> one_per_worker(int workers, MakeOne make_one) {
  std::vector<std::unique_ptr<T>> items;
  for (int w = 0; w < workers; ++w) items.push_back(make_one());
  return items;
}

}  // namespace outcomes::cli
