// `landpool kep`: the packing engine on a PrefLib kidney-exchange pool. A test
// and benchmark tool: it checks the engine against published optima.

#include <iostream>

#include <spdlog/fmt/fmt.h>

#include <memory>

#include "cli/exit_codes.hpp"
#include "cli/shell.hpp"
#include "solver/packing/cycle_chain_packing.hpp"
#include "solver/packing/packing_checker.hpp"
#include "solver/packing/wmd_reader.hpp"

namespace landpool::cli {
namespace {

struct KepOptions {
  std::filesystem::path file;
  int cycle_cap = 3;  ///< most parties in a cycle
  int chain_cap = 3;  ///< most arcs in a chain, the starter's included
  double time_limit_s = 600.0;
  int threads = 2;
};

/// Needs no database: reads a PrefLib .wmd file, prints "objective N" first.
int kep(const KepOptions& options) {
  const solver::packing::PackingCaps caps{options.cycle_cap, options.chain_cap};
  if (auto problem = solver::packing::validate_caps(caps); !problem.empty())
    throw std::invalid_argument(problem);
  const auto graph = read_wmd_file(options.file);
  solver::packing::PackingSettings settings;
  settings.time_limit_s = options.time_limit_s;
  settings.threads = options.threads;
  auto backend = solver::make_cbc_backend();
  const auto result = solver::packing::pack_cycles_and_chains(graph, caps, settings, *backend);
  if (!result.call_ok)
    throw std::runtime_error("packing failed: " + result.error);
  // The engine checks itself; this second check keeps the tool honest even
  // if that ever changes.
  const auto check =
      solver::packing::check_packing(graph, caps, result.cycles, result.chains, result.objective);
  if (!check.ok())
    throw std::runtime_error("the packing failed its check: " + check.violations.front());

  std::cout << fmt::format("objective {}\n", result.objective);
  std::cout << fmt::format("status {}\nbound {}\ngap {:.6f}\n", solver::to_string(result.status),
                           result.bound, result.gap);
  std::cout << fmt::format(
      "lp_bound {:.6f}\npricing_rounds {}\ngenerated_columns {}\nfinal_columns {}\nseconds "
      "{:.3f}\n",
      result.lp_bound, result.pricing_rounds, result.generated_columns, result.final_columns,
      result.seconds);
  std::cout << fmt::format("cycles {}\nchains {}\n", result.cycles.size(), result.chains.size());
  for (const auto& cycle : result.cycles) {
    std::cout << "cycle";
    for (int v : cycle.vertices)
      std::cout << ' ' << graph.label(v);
    std::cout << '\n';
  }
  for (const auto& chain : result.chains) {
    std::cout << "chain";
    for (int v : chain.vertices)
      std::cout << ' ' << graph.label(v);
    std::cout << '\n';
  }
  return exit_code::kSuccess;
}

}  // namespace

void add_kep_command(CLI::App& app, Shell& shell) {
  auto options = std::make_shared<KepOptions>();
  auto* cmd = app.add_subcommand(
      "kep",
      "Test and benchmark tool: pack cycles and chains in a PrefLib kidney-exchange pool "
      "(.wmd) with the deal engine; prints 'objective N' first");
  cmd->fallthrough();
  cmd->add_option("file", options->file, "PrefLib .wmd file")->required();
  cmd->add_option("--cycle-cap", options->cycle_cap, "Most arcs (parties) in a cycle, >= 2")
      ->check(CLI::Range(2, 50))
      ->capture_default_str();
  cmd->add_option("--chain-cap", options->chain_cap,
                  "Most arcs in a chain, counting the donor's, >= 0")
      ->check(CLI::Range(0, 50))
      ->capture_default_str();
  cmd->add_option("--time-limit", options->time_limit_s, "Seconds")
      ->check(CLI::Range(0.1, 7.0 * 24 * 3600))
      ->capture_default_str();
  cmd->add_option("--threads", options->threads, "Solver threads")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  shell.run_when_chosen(cmd, [options] { return kep(*options); });
}

}  // namespace landpool::cli
