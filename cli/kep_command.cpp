// `landpool kep`: the packing engine on a PrefLib kidney-exchange pool. A test
// and benchmark tool: it checks the engine against published optima.

#include <iostream>

#include <spdlog/fmt/fmt.h>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "importers/wmd_reader.hpp"
#include "solver/packing/cycle_chain_packing.hpp"
#include "solver/packing/packing_checker.hpp"

namespace landpool::cli {

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

}  // namespace landpool::cli
