// outcomes_bench: the performance figures of docs/performance.md, measured in
// one run and printed as a table. scripts/bench.sh builds and runs it.
//
//   outcomes_bench [--families N] [--repeats R] [--rss-families N] [--smoke]
//                  [--outcomes PATH] [--plans DIR] [--as-of DATE] [--seed S]
//
// Sections (each repeated R times; the table shows medians):
//   gen       the project's generator writing N families into memory
//   parse     JSONL parse + validation with a CohortReader over that buffer
//   eval      each plan's VM over the N families held in memory
//   native    the hand-written herts-2018 (bench/native_herts2018.cpp), and
//             the VM/native time ratio
//   compile   compile_file() of each plan, stdlib included
//   run       `outcomes run --format jsonl` on a temporary cohort file,
//             stdout to /dev/null (a separate process: end to end)
//   jobs      run, compare and validate with --jobs 2 against --jobs 1 (wall
//             speed-up, and CPU seconds of each), for commands that have --jobs
//   rss       peak resident memory of `outcomes gen --n N | outcomes run
//             --families - ...`: ru_maxrss of the run process, spawned from
//             a fresh, small copy of this program (see measure_child)
//
// Throughputs are given per CPU second of the measuring thread or process
// ("per core": on a shared machine this is steadier than wall time, which is
// shown beside it). --smoke runs tiny sizes once and asserts nothing.
#include <fcntl.h>
#include <fmt/format.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/bench_support.h"
#include "bench/native_herts2018.h"

#ifndef OUTCOMES_SOURCE_ROOT
#define OUTCOMES_SOURCE_ROOT "."
#endif

extern char** environ;

using namespace outcomes;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
  int64_t families = 20000;
  int64_t rss_families = 200000;
  int repeats = 5;
  bool smoke = false;
  std::string outcomes;  // the built tool
  std::string plans = OUTCOMES_SOURCE_ROOT "/plans";
  std::string as_of = "2018-06-30";
  uint64_t seed = 1;
  std::vector<std::string> sections;  // empty: all
  std::vector<std::string> eval_plans = {"herts-2018", "tf2", "herefordshire-v6.1"};
  bool wants(std::string_view section) const {
    return sections.empty() || std::find(sections.begin(), sections.end(), section) != sections.end();
  }
};

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at <= text.size()) {
    size_t end = text.find(',', at);
    if (end == std::string::npos) end = text.size();
    if (end > at) out.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

const char* kPlans[] = {"herts-2018", "tf2", "herefordshire-v6.1"};

double thread_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

struct Sample {
  double wall = 0, cpu = 0;
};

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

struct Timing {
  double wall = 0, cpu = 0;  // medians
  double wall_min = 0, wall_max = 0;
};

Timing summarise(const std::vector<Sample>& samples) {
  std::vector<double> wall, cpu;
  for (const Sample& s : samples) wall.push_back(s.wall), cpu.push_back(s.cpu);
  Timing t;
  t.wall = median(wall);
  t.cpu = median(cpu);
  t.wall_min = *std::min_element(wall.begin(), wall.end());
  t.wall_max = *std::max_element(wall.begin(), wall.end());
  return t;
}

// Runs `body` `repeats` times in this thread and returns the medians.
template <class F>
Timing measure(int repeats, F&& body) {
  std::vector<Sample> samples;
  for (int r = 0; r < repeats; ++r) {
    auto start = Clock::now();
    double cpu = thread_cpu_seconds();
    body();
    samples.push_back({bench::seconds_since(start), thread_cpu_seconds() - cpu});
  }
  return summarise(samples);
}

// ---- child processes ----------------------------------------------------------

pid_t spawn(const std::vector<std::string>& args, int in_fd, int out_fd, int err_fd,
            const std::vector<int>& close_fds = {}) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (in_fd >= 0) posix_spawn_file_actions_adddup2(&actions, in_fd, 0);
  if (out_fd >= 0) posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
  if (err_fd >= 0) posix_spawn_file_actions_adddup2(&actions, err_fd, 2);
  for (int fd : close_fds) posix_spawn_file_actions_addclose(&actions, fd);
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error(fmt::format("cannot start {}: {}", args[0], std::strerror(rc)));
  return pid;
}

struct Finished {
  int status = -1;
  double cpu = 0;        // user + system seconds
  long max_rss_kb = 0;   // ru_maxrss
};

Finished wait_for(pid_t pid) {
  Finished f;
  rusage usage{};
  int status = 0;
  while (wait4(pid, &status, 0, &usage) < 0) {
    if (errno != EINTR) throw std::runtime_error("wait4 failed");
  }
  f.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  f.cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
          static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6;
  f.max_rss_kb = usage.ru_maxrss;
  return f;
}

int open_null() {
  int fd = ::open("/dev/null", O_RDWR);
  if (fd < 0) throw std::runtime_error("cannot open /dev/null");
  return fd;
}

// Runs one command to completion, stdout and stderr to /dev/null.
Finished run_quiet(const std::vector<std::string>& args, double& wall) {
  int null_fd = open_null();
  auto start = Clock::now();
  pid_t pid = spawn(args, null_fd, null_fd, null_fd);
  Finished f = wait_for(pid);
  wall = bench::seconds_since(start);
  ::close(null_fd);
  return f;
}

std::string capture_stdout(const std::vector<std::string>& args) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  int null_fd = open_null();
  pid_t pid = spawn(args, null_fd, fds[1], null_fd, {fds[0]});
  ::close(fds[1]);
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(fds[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  ::close(fds[0]);
  ::close(null_fd);
  wait_for(pid);
  return out;
}

// ---- the table -------------------------------------------------------------------

struct Row {
  std::string measure, value, detail, target, status;
};

std::string si(double x) {
  if (x >= 1e6) return fmt::format("{:.2f} M", x / 1e6);
  if (x >= 1e3) return fmt::format("{:.1f} k", x / 1e3);
  return fmt::format("{:.0f}", x);
}

void print_table(const std::vector<Row>& rows) {
  size_t w[4] = {7, 5, 6, 6};
  for (const Row& r : rows) {
    w[0] = std::max(w[0], r.measure.size());
    w[1] = std::max(w[1], r.value.size());
    w[2] = std::max(w[2], r.detail.size());
    w[3] = std::max(w[3], r.target.size());
  }
  auto line = [&](const std::string& a, const std::string& b, const std::string& c, const std::string& d,
                  const std::string& e) {
    fmt::print("| {:<{}} | {:>{}} | {:<{}} | {:<{}} | {} |\n", a, w[0], b, w[1], c, w[2], d, w[3], e);
  };
  line("measure", "value", "detail", "target", "status");
  fmt::print("|{}|{}|{}|{}|---|\n", std::string(w[0] + 2, '-'), std::string(w[1] + 2, '-'),
             std::string(w[2] + 2, '-'), std::string(w[3] + 2, '-'));
  for (const Row& r : rows) line(r.measure, r.value, r.detail, r.target, r.status);
}

std::string machine_summary() {
  std::string model = "unknown CPU";
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string l; std::getline(cpuinfo, l);)
    if (l.rfind("model name", 0) == 0) {
      model = l.substr(l.find(':') + 2);
      break;
    }
  double load[3] = {0, 0, 0};
  getloadavg(load, 3);
  return fmt::format("{} online cores, {}; load average {:.2f} {:.2f} {:.2f} at start", sysconf(_SC_NPROCESSORS_ONLN),
                     model, load[0], load[1], load[2]);
}

std::string default_outcomes_path() {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "outcomes";
  for (auto dir : {self.parent_path().parent_path(), self.parent_path()}) {
    auto candidate = dir / "outcomes";
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate.string();
  }
  return "outcomes";
}

Options parse_options(int argc, char** argv) {
  Options o;
  bool families_given = false, repeats_given = false, rss_given = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--families") o.families = std::stoll(value()), families_given = true;
    else if (arg == "--repeats") o.repeats = std::stoi(value()), repeats_given = true;
    else if (arg == "--rss-families") o.rss_families = std::stoll(value()), rss_given = true;
    else if (arg == "--smoke") o.smoke = true;
    else if (arg == "--outcomes") o.outcomes = value();
    else if (arg == "--plans") o.plans = value();
    else if (arg == "--as-of") o.as_of = value();
    else if (arg == "--seed") o.seed = std::stoull(value());
    else if (arg == "--sections") o.sections = split_commas(value());
    else if (arg == "--eval-plans") o.eval_plans = split_commas(value());
    else if (arg == "-h" || arg == "--help") {
      fmt::print("usage: outcomes_bench [--families N] [--repeats R] [--rss-families N] [--smoke]\n"
                 "                      [--outcomes PATH] [--plans DIR] [--as-of DATE] [--seed S]\n"
                 "                      [--sections gen,parse,eval,native,compile,run,jobs,rss]\n"
                 "                      [--eval-plans herts-2018,tf2,herefordshire-v6.1]\n");
      std::exit(0);
    } else {
      throw std::invalid_argument("unknown option " + arg);
    }
  }
  if (o.smoke) {
    if (!families_given) o.families = 300;
    if (!repeats_given) o.repeats = 1;
    if (!rss_given) o.rss_families = 1000;
  }
  if (o.families < 1 || o.repeats < 1 || o.rss_families < 1) throw std::invalid_argument("sizes must be positive");
  if (o.outcomes.empty()) o.outcomes = default_outcomes_path();
  return o;
}

std::string met(bool ok) { return ok ? "met" : "NOT met"; }

// A child's ru_maxrss also counts the memory of the process it was forked
// from, up to its exec: spawned from this process, which holds a cohort in
// memory, `outcomes run` would seem to use hundreds of MB. So the streamed
// run is measured through a copy of this program started afresh
// (`--measure-child FILE -- COMMAND...`), which is small when it spawns the
// command and writes the command's exit status, CPU seconds and ru_maxrss to
// FILE.
int measure_child(int argc, char** argv) {
  if (argc < 5 || std::string(argv[3]) != "--") return 2;
  std::vector<std::string> command(argv + 4, argv + argc);
  Finished f;
  try {
    f = wait_for(spawn(command, -1, -1, -1));
  } catch (const std::exception& e) {
    fmt::print(stderr, "outcomes_bench: {}\n", e.what());
    return 2;
  }
  std::FILE* out = std::fopen(argv[2], "w");
  if (!out) return 2;
  fmt::print(out, "{} {} {}\n", f.status, f.cpu, f.max_rss_kb);
  std::fclose(out);
  return 0;
}

Finished read_measurement(const std::string& path) {
  Finished f;
  std::ifstream in(path);
  if (!(in >> f.status >> f.cpu >> f.max_rss_kb)) throw std::runtime_error("no measurement in " + path);
  return f;
}

std::string self_path() {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) throw std::runtime_error("cannot find this program (/proc/self/exe)");
  return self.string();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--measure-child") return measure_child(argc, argv);
  Options o;
  try {
    o = parse_options(argc, argv);
  } catch (const std::exception& e) {
    fmt::print(stderr, "outcomes_bench: {}\n", e.what());
    return 2;
  }
  auto as_of = parse_iso_date(o.as_of);
  if (!as_of) {
    fmt::print(stderr, "outcomes_bench: --as-of {}: expected YYYY-MM-DD\n", o.as_of);
    return 2;
  }
  const int R = o.repeats;
  std::vector<Row> rows;
  auto note = [](const std::string& s) { fmt::print(stderr, "outcomes_bench: {}\n", s); };
  fmt::print("outcomes benchmark: {} families in memory, {} repeats (medians), streamed RSS at {} families\n",
             o.families, R, o.rss_families);
  fmt::print("machine: {}\n", machine_summary());

  try {
    // ---- plans ------------------------------------------------------------------
    const bench::Plan herts_plan = bench::load_plan(o.plans + "/herts-2018.plan");
    const Program& herts = herts_plan.program();

    // ---- gen ----------------------------------------------------------------------
    std::string text;
    double megabytes = 0;
    if (o.wants("gen") || o.wants("parse") || o.wants("eval") || o.wants("native")) {
      Timing gen = measure(1, [&] { text = bench::generate_cohort_text(o.families, o.seed, o.as_of); });
      megabytes = static_cast<double>(text.size()) / 1e6;
      rows.push_back({"generate cohort in memory (tools/gen)", fmt::format("{}/s", si(o.families / gen.cpu)),
                      fmt::format("{} families, {:.1f} MB, {:.0f} B/family", o.families, megabytes,
                                  static_cast<double>(text.size()) / o.families),
                      "", "info"});
      note(fmt::format("generated {} families ({:.1f} MB) in {:.2f} s", o.families, megabytes, gen.wall));
    }

    // ---- parse --------------------------------------------------------------------
    if (o.wants("parse")) {
      int64_t accepted = 0;
      Timing parse = measure(R, [&] {
        CohortReader reader(herts.schema, "<memory>", [](const LoadIssue&) {});
        Family family;
        bench::for_each_line(text, [&](std::string_view line, int64_t number) { reader.parse_line(line, number, family); });
        accepted = reader.accepted();
      });
      if (accepted != o.families)
        throw std::runtime_error(fmt::format("the loader accepted {} of {} families", accepted, o.families));
      const double parse_mbps = megabytes / parse.cpu;
      rows.push_back({"JSONL parse + validate (CohortReader, 1 thread)", fmt::format("{:.0f} MB/s", parse_mbps),
                      fmt::format("{} families/s; wall {:.0f} MB/s", si(o.families / parse.cpu), megabytes / parse.wall),
                      ">= 800 MB/s per core", met(parse_mbps >= 800)});
      note(fmt::format("parse: {:.0f} MB/s", parse_mbps));
    }

    // ---- eval and native --------------------------------------------------------------
    if (o.wants("eval") || o.wants("native")) {
      std::vector<Family> cohort;
      bench::read_families(herts.schema, text, cohort, false);
      std::string().swap(text);
      size_t evaluated = 0;
      for (const Family& f : cohort) evaluated += f.assessment_date <= *as_of;
      double vm_herts_cpu = 0;
      for (const std::string& id : o.eval_plans) {
        if (!o.wants("eval") && id != "herts-2018") continue;
        const bench::Plan plan = bench::load_plan(o.plans + "/" + id + ".plan");
        Vm vm(plan.program());
        Evaluation out;
        int64_t failures = 0;
        Timing t = measure(R, [&] {
          failures = 0;
          for (const Family& f : cohort) {
            if (f.assessment_date > *as_of) continue;
            try {
              vm.evaluate(f, *as_of, out);
            } catch (const EvaluationError&) {
              ++failures;
            }
          }
        });
        if (id == "herts-2018") vm_herts_cpu = t.cpu;
        rows.push_back({fmt::format("evaluate {} (VM, cohort in memory)", id), fmt::format("{}/s", si(evaluated / t.cpu)),
                        fmt::format("{:.0f} ns/family{}", t.cpu / evaluated * 1e9,
                                    failures ? fmt::format(", {} failed", failures) : std::string()),
                        "", "info"});
        note(fmt::format("eval {}: {:.0f} ns/family", id, t.cpu / evaluated * 1e9));
      }
      if (o.wants("native")) {
        bench::NativeHerts2018 native(herts);
        Evaluation out;
        Timing t = measure(R, [&] {
          for (const Family& f : cohort)
            if (f.assessment_date <= *as_of) native.evaluate(f, *as_of, out);
        });
        rows.push_back({"evaluate herts-2018 (native C++ baseline)", fmt::format("{}/s", si(evaluated / t.cpu)),
                        fmt::format("{:.0f} ns/family", t.cpu / evaluated * 1e9), "", "info"});
        if (vm_herts_cpu > 0) {
          double ratio = vm_herts_cpu / t.cpu;
          rows.push_back({"VM / native time, herts-2018", fmt::format("{:.1f}x", ratio),
                          fmt::format("{:.0f} vs {:.0f} ns/family", vm_herts_cpu / evaluated * 1e9,
                                      t.cpu / evaluated * 1e9),
                          "<= 2x", met(ratio <= 2.0)});
        }
        note(fmt::format("native: {:.0f} ns/family", t.cpu / evaluated * 1e9));
      }
    }

    // ---- compile --------------------------------------------------------------------
    if (o.wants("compile")) {
      for (const char* id : kPlans) {
        std::string path = o.plans + "/" + id + ".plan";
        Timing t = measure(std::max(R, 3) * 2, [&] {
          auto c = compile_file(path);
          if (!c->ok()) throw std::runtime_error(path + " does not compile");
        });
        rows.push_back({fmt::format("compile {} (with stdlib)", id), fmt::format("{:.1f} ms", t.wall * 1e3),
                        "wall (it compiles on a thread of its own)", "< 50 ms", met(t.wall * 1e3 < 50)});
      }
      note("compile: done");
    }

    // ---- end to end -----------------------------------------------------------------
    auto run_args = [&](const std::string& plan, const std::string& families, int jobs) {
      std::vector<std::string> a = {o.outcomes, "run",     "--plan",   o.plans + "/" + plan + ".plan",
                                    "--families", families, "--as-of", o.as_of,
                                    "--format",   "jsonl",  "--quiet"};
      if (jobs > 0) a.insert(a.end(), {"--jobs", std::to_string(jobs)});
      return a;
    };
    // Medians of R runs; nullopt-like status when a run fails.
    auto time_run = [&](const std::vector<std::string>& args, int& status) {
      std::vector<Sample> samples;
      status = 0;
      for (int r = 0; r < R; ++r) {
        double wall = 0;
        Finished f = run_quiet(args, wall);
        if (f.status != 0 && f.status != 3) {
          status = f.status;
          return Timing{};
        }
        samples.push_back({wall, f.cpu});
      }
      return summarise(samples);
    };
    if (o.wants("run") || o.wants("jobs")) {
      std::string dir = std::filesystem::temp_directory_path().string();
      std::string cohort_path = dir + "/outcomes-bench-XXXXXX";
      int fd = mkstemp(cohort_path.data());
      if (fd < 0) throw std::runtime_error("cannot create a temporary file");
      struct Remove {
        std::string path;
        ~Remove() { std::remove(path.c_str()); }
      } remove_later{cohort_path};
      {
        std::string cohort_text = bench::generate_cohort_text(o.families, o.seed, o.as_of);
        megabytes = static_cast<double>(cohort_text.size()) / 1e6;
        if (::write(fd, cohort_text.data(), cohort_text.size()) != static_cast<ssize_t>(cohort_text.size()))
          throw std::runtime_error("cannot write the temporary cohort");
        ::close(fd);
      }
      if (o.wants("run")) {
        for (const char* id : kPlans) {
          int status = 0;
          Timing t = time_run(run_args(id, cohort_path, 0), status);
          if (status != 0) {
            rows.push_back({fmt::format("end-to-end `outcomes run` {} --format jsonl", id), "-",
                            fmt::format("run failed with exit status {}", status), ">= 100k families/s per core",
                            "failed"});
            continue;
          }
          double per_core = o.families / t.cpu;
          rows.push_back({fmt::format("end-to-end `outcomes run` {} --format jsonl", id),
                          fmt::format("{}/s", si(per_core)),
                          fmt::format("per CPU second ({:.0f} MB/s); wall {}/s", megabytes / t.cpu,
                                      si(o.families / t.wall)),
                          ">= 100k families/s per core", met(per_core >= 100000)});
          note(fmt::format("run {}: {:.0f} families/s per core", id, per_core));
        }
      }
      if (o.wants("jobs")) {
        // run, compare and validate over the same cohort with --jobs 1 and
        // --jobs 2: the wall-time speed-up (what a user waits for) and the
        // CPU time of each (what the threads cost in overhead).
        std::string claims_path = cohort_path + "-claims.csv";
        struct RemoveClaims {
          std::string path;
          ~RemoveClaims() { std::remove(path.c_str()); }
        } remove_claims{claims_path};
        int64_t claims = 0;
        {
          // A claim for every fourth family, both kinds, at the as-of date.
          std::ifstream cohort(cohort_path);
          std::ofstream out(claims_path);
          out << "claim_id,family,claim_date,kind\n";
          int64_t n = 0;
          for (std::string line; std::getline(cohort, line); ++n) {
            size_t at = line.find("\"id\": \"");
            if (n % 4 != 0 || at == std::string::npos) continue;
            at += 7;
            out << "K" << n << "," << line.substr(at, line.find('"', at) - at) << "," << o.as_of << ","
                << (claims++ % 3 == 0 ? "employment" : "sustained_progress") << "\n";
          }
        }
        struct JobsCase {
          std::string command, what;
          std::vector<std::string> args;
        };
        std::vector<JobsCase> cases = {
            {"run", "herts-2018", run_args("herts-2018", cohort_path, 0)},
            {"compare", "herts-2018 vs tf2, json",
             {o.outcomes, "compare", "--plan", o.plans + "/herts-2018.plan", "--plan", o.plans + "/tf2.plan",
              "--families", cohort_path, "--as-of", o.as_of, "--format", "json", "--quiet"}},
            {"validate", fmt::format("herts-2018, {} claims", claims),
             {o.outcomes, "validate", "--plan", o.plans + "/herts-2018.plan", "--families", cohort_path, "--claims",
              claims_path, "--quiet"}},
        };
        for (const JobsCase& c : cases) {
          const std::string what = fmt::format("`outcomes {} --jobs 2` wall speed-up ({})", c.command, c.what);
          if (capture_stdout({o.outcomes, c.command, "--help"}).find("--jobs") == std::string::npos) {
            rows.push_back({what, "-", c.command + " has no --jobs yet", ">= 1.8x on 2 idle cores", "pending"});
            continue;
          }
          auto with_jobs = [&](int jobs) {
            std::vector<std::string> a = c.args;
            a.insert(a.end(), {"--jobs", std::to_string(jobs)});
            return a;
          };
          int status1 = 0, status2 = 0;
          Timing one = time_run(with_jobs(1), status1);
          Timing two = status1 ? Timing{} : time_run(with_jobs(2), status2);
          if (status1 || status2) {
            rows.push_back({what, "-", fmt::format("{} --jobs {} exited with status {}", c.command, status1 ? 1 : 2,
                                                   status1 ? status1 : status2),
                            ">= 1.8x on 2 idle cores", "failed"});
            continue;
          }
          double speedup = one.wall / two.wall;
          rows.push_back({what, fmt::format("{:.2f}x", speedup),
                          fmt::format("wall {:.2f} -> {:.2f} s; CPU {:.2f} -> {:.2f} s ({:+.0f}%)", one.wall, two.wall,
                                      one.cpu, two.cpu, (two.cpu / one.cpu - 1) * 100),
                          ">= 1.8x on 2 idle cores", met(speedup >= 1.8)});
          note(fmt::format("jobs {}: {:.2f}x", c.command, speedup));
        }
        note("jobs: done");
      }
    }

    // ---- streamed RSS -----------------------------------------------------------------
    if (o.wants("rss")) {
      int fds[2];
      if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
      int null_fd = open_null();
      std::string dir = std::filesystem::temp_directory_path().string();
      std::string gen_file = fmt::format("{}/outcomes-bench-gen-{}", dir, getpid());
      std::string run_file = fmt::format("{}/outcomes-bench-run-{}", dir, getpid());
      struct Remove {
        std::string a, b;
        ~Remove() { std::remove(a.c_str()), std::remove(b.c_str()); }
      } remove_later{gen_file, run_file};
      const std::string self = self_path();
      std::vector<std::string> gen_args = {self, "--measure-child", gen_file, "--", o.outcomes, "gen", "--n",
                                           std::to_string(o.rss_families), "--seed", std::to_string(o.seed),
                                           "--as-of", o.as_of};
      std::vector<std::string> run_cmd = run_args("herts-2018", "-", 0);
      std::vector<std::string> run_measured = {self, "--measure-child", run_file, "--"};
      run_measured.insert(run_measured.end(), run_cmd.begin(), run_cmd.end());
      auto start = Clock::now();
      pid_t gen_pid = spawn(gen_args, null_fd, fds[1], null_fd, {fds[0]});
      pid_t run_pid = spawn(run_measured, fds[0], null_fd, null_fd, {fds[1]});
      ::close(fds[0]);
      ::close(fds[1]);
      ::close(null_fd);
      Finished gen_helper = wait_for(gen_pid), run_helper = wait_for(run_pid);
      double wall = bench::seconds_since(start);
      if (gen_helper.status != 0 || run_helper.status != 0) throw std::runtime_error("the streamed run could not be measured");
      Finished gen_done = read_measurement(gen_file), run_done = read_measurement(run_file);
      if (gen_done.status != 0 || (run_done.status != 0 && run_done.status != 3))
        throw std::runtime_error(
            fmt::format("the streamed run failed (gen {}, run {})", gen_done.status, run_done.status));
      double mib = static_cast<double>(run_done.max_rss_kb) / 1024.0;
      bool full = o.rss_families >= 2000000;
      rows.push_back({fmt::format("peak RSS, `gen --n {}` piped to `run --families -`", o.rss_families),
                      fmt::format("{:.1f} MiB", mib),
                      fmt::format("run {}/s per core, {:.0f} s wall; gen {:.1f} MiB",
                                  si(o.rss_families / run_done.cpu), wall,
                                  static_cast<double>(gen_done.max_rss_kb) / 1024.0),
                      "< 500 MB at 2,000,000 families",
                      full ? met(mib * 1.048576 < 500) : std::string("info (fewer than 2M)")});
      note(fmt::format("streamed {} families: run peak RSS {:.1f} MiB", o.rss_families, mib));
    }
  } catch (const std::exception& e) {
    fmt::print(stderr, "outcomes_bench: {}\n", e.what());
    print_table(rows);
    return 1;
  }

  fmt::print("\n");
  print_table(rows);
  fmt::print("\noutcomes benchmark: done\n");
  return 0;
}
