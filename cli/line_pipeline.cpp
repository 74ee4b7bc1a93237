#include "cli/line_pipeline.h"

#include "runtime/line_reader.h"

namespace outcomes::cli {

namespace {

class OrderedQueue {
 public:
  explicit OrderedQueue(size_t capacity) : capacity_(capacity) {}

  bool full() {
    std::lock_guard lock(mutex_);
    return in_flight_ >= capacity_;
  }

  void push(std::unique_ptr<LineBatch> batch) {
    std::lock_guard lock(mutex_);
    ++in_flight_;
    pending_.push_back(std::move(batch));
    work_ready_.notify_one();
  }

  std::unique_ptr<LineBatch> take_work() {
    std::unique_lock lock(mutex_);
    work_ready_.wait(lock, [&] { return !pending_.empty() || closed_; });
    if (pending_.empty()) return nullptr;
    auto b = std::move(pending_.front());
    pending_.pop_front();
    return b;
  }

  void finish(std::unique_ptr<LineBatch> batch) {
    std::lock_guard lock(mutex_);
    int64_t seq = batch->sequence;
    done_.emplace(seq, std::move(batch));
    done_ready_.notify_all();
  }

  // The next batch in input order, once it is finished; null when `last`
  // batches have all been delivered. `wait` false: null if not ready yet.
  std::unique_ptr<LineBatch> next_done(int64_t total, bool wait) {
    std::unique_lock lock(mutex_);
    if (wait) done_ready_.wait(lock, [&] { return done_.count(next_) || (total >= 0 && next_ >= total); });
    auto it = done_.find(next_);
    if (it == done_.end()) return nullptr;
    auto b = std::move(it->second);
    done_.erase(it);
    ++next_;
    --in_flight_;
    return b;
  }

  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    work_ready_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable work_ready_, done_ready_;
  std::deque<std::unique_ptr<LineBatch>> pending_;
  std::map<int64_t, std::unique_ptr<LineBatch>> done_;
  size_t capacity_, in_flight_ = 0;
  int64_t next_ = 0;
  bool closed_ = false;
};

}  // namespace

bool LinePipeline::run(const std::string& path, int workers, size_t lines_per_batch, size_t max_line_bytes,
                       const Work& work, const Deliver& deliver, std::string* error) {
  LineReader reader(path, max_line_bytes);
  if (reader.failed()) {
    *error = reader.error();
    return false;
  }
  OrderedQueue queue(static_cast<size_t>(workers) * 3);
  std::vector<std::thread> threads;
  for (int w = 0; w < workers; ++w)
    threads.emplace_back([&, w] {
      while (auto batch = queue.take_work()) {
        work(w, *batch);
        queue.finish(std::move(batch));
      }
    });

  int64_t sequence = 0;
  auto batch = std::make_unique<LineBatch>();
  std::string_view line;
  int64_t number = 0;
  // The calling thread delivers finished batches while it waits for room, so
  // no more than `capacity` batches are ever held.
  auto flush = [&] {
    batch->sequence = sequence++;
    while (queue.full()) deliver(*queue.next_done(-1, true));
    queue.push(std::move(batch));
    batch = std::make_unique<LineBatch>();
    while (auto done = queue.next_done(-1, false)) deliver(*done);
  };
  while (reader.next(line, number)) {
    LineBatch::Line l;
    l.number = number;
    if (reader.line_too_long()) {
      l.too_long = reader.too_long_length();
    } else {
      l.offset = static_cast<uint32_t>(batch->text.size());
      l.length = static_cast<uint32_t>(line.size());
      batch->text.append(line);
    }
    batch->lines.push_back(l);
    if (batch->lines.size() >= lines_per_batch || batch->text.size() >= (size_t{8} << 20)) flush();
  }
  if (!batch->lines.empty()) flush();
  queue.close();
  while (auto done = queue.next_done(sequence, true)) deliver(*done);
  for (std::thread& t : threads) t.join();
  if (reader.failed()) {
    *error = reader.error();
    return false;
  }
  return true;
}

}  // namespace outcomes::cli
