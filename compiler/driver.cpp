#include "compiler/driver.h"

#include <fmt/format.h>

#include <pthread.h>

#include <cstdlib>
#include <exception>
#include <functional>
#include <optional>
#include <filesystem>
#include <fstream>
#include <set>
#include <unordered_map>
#include <sstream>

#include "compiler/codegen.h"
#include "compiler/parser.h"
#include "runtime/native_check.h"
#include "runtime/vm.h"

namespace outcomes {

namespace fs = std::filesystem;

std::string stdlib_directory() {
  if (const char* env = std::getenv("OUTCOMES_STDLIB"); env && *env) return env;
  return OUTCOMES_STDLIB_DIR;
}

namespace {

// Maximum size of one rule file: a generous bound that keeps a hostile input
// from exhausting memory.
constexpr uintmax_t kMaxRuleFileBytes = 16u << 20;

std::optional<std::string> read_file(const std::string& path, std::string* error) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    *error = fs::exists(path, ec) ? "it is not a regular file" : "no such file";
    return std::nullopt;
  }
  if (fs::file_size(path, ec) > kMaxRuleFileBytes) {
    *error = "it is larger than 16 MiB";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = "it cannot be opened";
    return std::nullopt;
  }
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class ModuleLoader {
 public:
  explicit ModuleLoader(Compilation& c) : c_(c) {}

  // Loads `path` after everything it imports (post-order), once each.
  void load(const std::string& path, const std::string& text, Span imported_at, bool add_prelude) {
    if (add_prelude) {
      load_stdlib("schema", {}, false);
      load_stdlib("prelude", {}, false);
    }
    std::string key = fs::weakly_canonical(path).string();
    if (done_.count(key)) return;
    if (std::find(stack_.begin(), stack_.end(), key) != stack_.end()) {
      c_.diagnostics.error("E0401", imported_at, fmt::format("imports form a cycle through {}", path)).help =
          "move the shared rules into a module that neither file imports";
      return;
    }
    stack_.push_back(key);
    uint32_t file = c_.sources.add(path, text);
    auto module = std::make_unique<Module>(parse_module(c_.sources, file, c_.diagnostics));
    for (const ImportDecl& imp : module->imports) {
      if (imp.is_path) load_path((fs::path(path).parent_path() / imp.module).string(), imp.span);
      else load_stdlib(imp.module, imp.span, false);
    }
    stack_.pop_back();
    done_.insert(key);
    c_.modules.push_back(std::move(module));
  }

  void load_stdlib(const std::string& name, Span at, bool add_prelude) {
    load_path((fs::path(stdlib_directory()) / (name + ".rules")).string(), at, add_prelude, name);
  }

  void load_path(const std::string& path, Span at, bool add_prelude = false, const std::string& module = {}) {
    std::string error;
    auto text = read_file(path, &error);
    if (!text) {
      std::string what = module.empty() ? fmt::format("cannot read {}: {}", path, error)
                                        : fmt::format("no stdlib module `{}` ({}: {})", module, path, error);
      c_.diagnostics.error("E0402", at, what);
      return;
    }
    load(path, *text, at, add_prelude);
  }

 private:
  Compilation& c_;
  std::vector<std::string> stack_;
  std::set<std::string> done_;
};

std::unique_ptr<Compilation> finish(std::unique_ptr<Compilation> c, bool trace = false) {
  if (c->diagnostics.has_errors()) return c;
  std::vector<const Module*> modules;
  for (const auto& m : c->modules) modules.push_back(m.get());
  c->semantics = std::make_unique<Semantics>();
  if (!check_modules(modules, *c->semantics, c->diagnostics)) return c;
  c->program = generate_program(modules, *c->semantics, c->sources, trace);
  return c;
}

std::unique_ptr<Compilation> compile_file_here(const std::string& path, bool trace) {
  auto c = std::make_unique<Compilation>();
  ModuleLoader loader(*c);
  std::string error;
  auto text = read_file(path, &error);
  if (!text) {
    c->sources.add(path, "");
    c->diagnostics.error("E0400", Span{0, 0, 0}, fmt::format("cannot read {}: {}", path, error));
    return c;
  }
  loader.load(path, *text, {}, true);
  return finish(std::move(c), trace);
}

std::unique_ptr<Compilation> compile_text_here(const std::string& name, const std::string& text, bool trace) {
  auto c = std::make_unique<Compilation>();
  ModuleLoader loader(*c);
  loader.load(name, text, {}, true);
  return finish(std::move(c), trace);
}

std::unique_ptr<Compilation> compile_stdlib_here() {
  auto c = std::make_unique<Compilation>();
  ModuleLoader loader(*c);
  loader.load_stdlib("schema", {}, false);
  loader.load_stdlib("prelude", {}, false);
  return finish(std::move(c));
}

// Parser and checker recurse once per level of nesting, and the limits
// (kMaxNesting levels in an expression, kMaxDefinitionDepth definitions in a
// chain) allow tens of thousands of levels: more than a default 8 MiB stack
// holds in a sanitized build, whose frames are several times larger. So each
// compilation runs on a thread of its own whose stack is large enough for
// the limits in any build; the memory is reserved, and used only as deep as
// the rules go.
constexpr size_t kCompilerStackBytes = size_t{512} << 20;

std::unique_ptr<Compilation> on_compiler_stack(const std::function<std::unique_ptr<Compilation>()>& compile) {
  struct Job {
    const std::function<std::unique_ptr<Compilation>()>* compile;
    std::unique_ptr<Compilation> result;
    std::exception_ptr failure;
  } job{&compile, nullptr, nullptr};
  auto body = [](void* arg) -> void* {
    auto* j = static_cast<Job*>(arg);
    try {
      j->result = (*j->compile)();
    } catch (...) {
      j->failure = std::current_exception();
    }
    return nullptr;
  };
  pthread_attr_t attr;
  pthread_t thread;
  bool started = pthread_attr_init(&attr) == 0 && pthread_attr_setstacksize(&attr, kCompilerStackBytes) == 0 &&
                 pthread_create(&thread, &attr, body, &job) == 0;
  pthread_attr_destroy(&attr);
  if (!started) return compile();  // no thread to be had: the caller's stack is all there is
  pthread_join(thread, nullptr);
  if (job.failure) std::rethrow_exception(job.failure);
  return std::move(job.result);
}

}  // namespace

std::unique_ptr<Compilation> compile_file(const std::string& path, bool trace) {
  return on_compiler_stack([&] { return compile_file_here(path, trace); });
}

std::unique_ptr<Compilation> compile_text(const std::string& name, const std::string& text, bool trace) {
  return on_compiler_stack([&] { return compile_text_here(name, text, trace); });
}

std::unique_ptr<Compilation> compile_stdlib() {
  return on_compiler_stack([] { return compile_stdlib_here(); });
}

namespace {
// The calling thread's VM for `program`'s checks. Keyed by the program's
// serial, not its address, so a later program at the same address is never
// handed a VM built for an earlier one.
Vm& check_vm(const Program& program) {
  thread_local std::unordered_map<uint64_t, std::unique_ptr<Vm>> vms;
  auto& vm = vms[program.serial];
  if (!vm) vm = std::make_unique<Vm>(program);
  return *vm;
}

// Each check is answered from the event's slots when its code is simple
// enough (runtime/native_check.h: every check of the schema is); otherwise,
// or when the VM would fail on the event (an overflow, which it reports in
// its own words), by `on_vm`. `native` is also set on the check, so the
// loader's fast path can ask it without the call through `holds`.
template <typename OnVm>
void bind_checks(Program& program, const OnVm& on_vm) {
  size_t next = 0;
  for (EventTypeDef& type : program.schema.types) {
    for (EventCheck& check : type.checks) {
      const int function = program.check_functions[next++];
      std::optional<NativeCheck> native = NativeCheck::recognise(program, function, type);
      if (!native) {
        check.native = nullptr;
        check.holds = [on_vm, function](const Family& family, uint32_t event) { return on_vm(function, family, event); };
        continue;
      }
      check.native = std::make_shared<const NativeCheck>(*native);
      check.holds = [on_vm, function, native = check.native](const Family& family, uint32_t event) {
        switch (native->evaluate(family, event)) {
          case NativeCheck::Answer::Holds: return true;
          case NativeCheck::Answer::Fails: return false;
          case NativeCheck::Answer::AskVm: break;
        }
        return on_vm(function, family, event);
      };
    }
  }
}
}  // namespace

void bind_event_checks(Program& program, Vm& vm) {
  Vm* const check_vm = &vm;
  bind_checks(program, [check_vm](int function, const Family& family, uint32_t event) {
    return check_vm->run_check(function, family, event);
  });
}

void bind_event_checks(Program& program) {
  const Program* const p = &program;
  bind_checks(program, [p](int function, const Family& family, uint32_t event) {
    return check_vm(*p).run_check(function, family, event);
  });
}

}  // namespace outcomes
