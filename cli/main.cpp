// outcomes: check, test, run and explain early-help outcomes plans.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.h"

using namespace outcomes::cli;

int main(int argc, char** argv) {
  CLI::App app{"outcomes — compile, test and run early-help outcomes plans over family timelines"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "outcomes 0.1");

  std::vector<std::string> check_plans;
  auto* check = app.add_subcommand("check", "Check plan files for errors without running them");
  check->add_option("plans", check_plans, "Plan files")->required()->check(CLI::ExistingFile);

  std::vector<std::string> test_plans;
  bool verbose = false;
  auto* test = app.add_subcommand("test", "Run the tests of plan files (and their PLAN.test files)");
  test->add_option("plans", test_plans, "Plan files")->required()->check(CLI::ExistingFile);
  test->add_flag("-v,--verbose", verbose, "List every test, not only failures");

  RunOptions run_options;
  auto* run = app.add_subcommand("run", "Evaluate a plan over a cohort of families");
  run->add_option("--plan", run_options.plan, "Plan file")->required()->check(CLI::ExistingFile);
  run->add_option("--families", run_options.families, "Cohort file (JSON Lines), or - for standard input")->required();
  run->add_option("--as-of", run_options.as_of, "Claim date C, YYYY-MM-DD")->required();
  run->add_option("--format", run_options.format, "Output format")
      ->check(CLI::IsMember({"jsonl", "csv", "table"}))
      ->capture_default_str();
  run->add_option("--output", run_options.output, "Write records to this file instead of standard output");
  run->add_flag("-q,--quiet", run_options.quiet, "No summary or progress on standard error");
  run->add_option("-j,--jobs", run_options.jobs,
                  "Threads reading and evaluating families (1 to 256); output is the same for any number")
      ->capture_default_str();

  ExplainOptions explain_options;
  auto* explain = app.add_subcommand("explain", "Explain one family's verdicts: every condition, its window and evidence");
  explain->add_option("--plan", explain_options.plan, "Plan file")->required()->check(CLI::ExistingFile);
  explain->add_option("--families", explain_options.families, "Cohort file (JSON Lines), or - for standard input")->required();
  explain->add_option("--family", explain_options.family, "The family's id")->required();
  explain->add_option("--as-of", explain_options.as_of, "Claim date C, YYYY-MM-DD")->required();
  explain->add_option("--format", explain_options.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();

  DiffOptions diff_options;
  auto* diff = app.add_subcommand("diff", "Show what changed, rule by rule, between two plans or plan versions");
  diff->add_option("from", diff_options.from, "The first (older) plan")->required()->check(CLI::ExistingFile);
  diff->add_option("to", diff_options.to, "The second (newer) plan")->required()->check(CLI::ExistingFile);
  diff->add_option("--format", diff_options.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  diff->add_option("--output", diff_options.output, "Write to this file instead of standard output");

  CompareOptions compare_options;
  auto* compare = app.add_subcommand("compare", "Evaluate several plans over one cohort and compare them side by side");
  compare->add_option("--plan", compare_options.plans, "Plan file (give two or more)")
      ->required()
      ->check(CLI::ExistingFile);
  compare->add_option("--families", compare_options.families, "Cohort file (JSON Lines), or - for standard input")->required();
  compare->add_option("--as-of", compare_options.as_of, "Claim date C, YYYY-MM-DD")->required();
  compare->add_option("--format", compare_options.format, "Output format")
      ->check(CLI::IsMember({"table", "csv", "json", "html"}))
      ->capture_default_str();
  compare->add_option("--output", compare_options.output, "Write to this file instead of standard output");
  compare->add_flag("-q,--quiet", compare_options.quiet, "No summary or progress on standard error");
  compare->add_option("-j,--jobs", compare_options.jobs,
                      "Threads reading and evaluating families (1 to 256); output is the same for any number")
      ->capture_default_str();

  ReportOptions report_options;
  auto* report = app.add_subcommand("report", "Cohort tables per district or lead agency, as councils publish them");
  report->add_option("--plan", report_options.plan, "Plan file")->required()->check(CLI::ExistingFile);
  report->add_option("--families", report_options.families, "Cohort file (JSON Lines), or - for standard input")->required();
  report->add_option("--as-of", report_options.as_of, "Claim date C, YYYY-MM-DD")->required();
  report->add_option("--by", report_options.by, "Group families by")
      ->check(CLI::IsMember({"district", "lead_agency"}))
      ->capture_default_str();
  report->add_option("--format", report_options.format, "Output format")
      ->check(CLI::IsMember({"table", "csv", "html"}))
      ->capture_default_str();
  report->add_option("--output", report_options.output, "Write to this file instead of standard output");
  report->add_flag("-q,--quiet", report_options.quiet, "No summary or progress on standard error");
  report->add_option("-j,--jobs", report_options.jobs,
                     "Threads reading and evaluating families (1 to 256); output is the same for any number")
      ->capture_default_str();

  std::string disasm_plan;
  auto* disasm = app.add_subcommand("disasm", "Print a plan's bytecode beside the rule lines it came from");
  disasm->add_option("plan", disasm_plan, "Plan file")->required()->check(CLI::ExistingFile);

  int64_t gen_families = 100;
  uint64_t gen_seed = 1;
  std::string gen_as_of = "2018-06-30";
  auto* gen = app.add_subcommand("gen", "Write a synthetic cohort (JSON Lines) to standard output");
  gen->add_option("--n", gen_families, "Number of families")->check(CLI::Range(int64_t{0}, int64_t{1} << 40));
  gen->add_option("--seed", gen_seed, "Random seed");
  gen->add_option("--as-of", gen_as_of, "The claim date the scenarios aim at");

  ValidateOptions validate_options;
  auto* validate = app.add_subcommand("validate", "Validate payment-by-results claims, with reasons; optionally record them in an audit ledger");
  validate->add_option("--plan", validate_options.plan, "Plan file")->required()->check(CLI::ExistingFile);
  validate->add_option("--families", validate_options.families, "Cohort file (JSON Lines)")->required()->check(CLI::ExistingFile);
  validate->add_option("--claims", validate_options.claims, "Claims file (CSV: claim_id,family,claim_date,kind)")
      ->required()
      ->check(CLI::ExistingFile);
  validate->add_option("--format", validate_options.format, "Output format")
      ->check(CLI::IsMember({"jsonl", "table", "csv"}))
      ->capture_default_str();
  validate->add_option("--output", validate_options.output, "Write to this file instead of standard output");
  validate->add_option("--ledger", validate_options.ledger, "Record the run in this audit ledger (created if absent)");
  validate->add_flag("-q,--quiet", validate_options.quiet, "No summary or progress on standard error");
  validate->add_option("-j,--jobs", validate_options.jobs,
                       "Threads reading families and judging claims (1 to 256); output and ledger are the same "
                       "for any number")
      ->capture_default_str();

  LedgerOptions ledger_options;
  auto* ledger = app.add_subcommand("ledger", "Read the audit ledger of validated claims");
  ledger->require_subcommand(1);
  auto ledger_common = [&](CLI::App* sub) {
    sub->add_option("--ledger", ledger_options.ledger, "Ledger file")->required();
    sub->add_option("--format", ledger_options.format, "Output format")
        ->check(CLI::IsMember({"table", "json", "csv"}))
        ->capture_default_str();
  };
  auto* ledger_list = ledger->add_subcommand("list", "List the recorded runs");
  ledger_common(ledger_list);
  auto* ledger_show = ledger->add_subcommand("show", "Show one run and each of its claims");
  ledger_show->add_option("run", ledger_options.run, "Run id")->required();
  ledger_common(ledger_show);
  auto* ledger_family = ledger->add_subcommand("family", "Show every recorded claim for one family");
  ledger_family->add_option("id", ledger_options.family, "Family id")->required();
  ledger_common(ledger_family);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return e.get_exit_code() == 0 ? code : kExitUsage;
  }
  if (*check) return check_command(check_plans);
  if (*test) return test_command(test_plans, verbose);
  if (*run) return run_command(run_options);
  if (*disasm) return disasm_command(disasm_plan);
  if (*explain) return explain_command(explain_options);
  if (*gen) return gen_command(gen_families, gen_seed, gen_as_of);
  if (*diff) return diff_command(diff_options);
  if (*compare) return compare_command(compare_options);
  if (*report) return report_command(report_options);
  if (*validate) return validate_command(validate_options);
  if (*ledger) {
    ledger_options.action = *ledger_list ? "list" : *ledger_show ? "show" : "family";
    return ledger_command(ledger_options);
  }
  return kExitUsage;
}
