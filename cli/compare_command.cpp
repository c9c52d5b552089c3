// `landpool compare`: scenarios side by side on the same region state.

#include <iostream>
#include <memory>

#include <spdlog/fmt/fmt.h>

#include "cli/exit_codes.hpp"
#include "cli/shell.hpp"
#include "workflow/compare.hpp"

namespace landpool::cli {
namespace {

int compare(const GlobalOptions& global, const workflow::CompareRequest& request) {
  const auto comparison = workflow::compare_scenarios(
      global.db_path, request,
      [](std::size_t index, std::size_t count, const std::string& name, const std::string& file) {
        std::cerr << fmt::format("landpool: scenario {} of {}: {} ({})\n", index, count, name,
                                 file);
      });
  std::cout << comparison_text(comparison);
  if (!request.out.empty())
    std::cout << "Wrote " << request.out.string() << '\n';
  return exit_code::kSuccess;
}

}  // namespace

void add_compare_command(CLI::App& app, Shell& shell) {
  auto request = std::make_shared<workflow::CompareRequest>();
  auto* cmd = app.add_subcommand(
      "compare", "Run several scenarios on the same region state and compare their KPIs");
  cmd->fallthrough();
  cmd->add_option("SCENARIO", request->scenario_files, "Scenario TOML files")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--out", request->out,
                  "Also write the comparison: FILE.html (with maps), .csv or .json");
  cmd->add_option("--time-limit", request->time_limit_s, "Seconds per scenario")
      ->check(CLI::Range(0.1, 7.0 * 24 * 3600));
  cmd->add_option("--seed", request->seed,
                  "Solver seed for every scenario (default: the first scenario's)")
      ->check(CLI::Range(0, 1000000));
  cmd->add_option("--quarter", request->quarter, "Quarter of the runs")->check(kQuarter);
  cmd->add_option("--as-of", request->as_of, "Date to plan from (default: today)");
  cmd->add_option_function<std::string>(
         "--lang", [request](const std::string& code) { request->language = parse_language(code); },
         "nl or en for the HTML page (default: the first scenario's [report] language)")
      ->check(CLI::IsMember({"en", "nl"}));
  shell.run_when_chosen(
      cmd, [&shell, request] { return compare(shell.global, *request); }, true);
}

}  // namespace landpool::cli
