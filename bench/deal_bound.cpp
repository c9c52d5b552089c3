// How tight would a decomposition by deals be? A development tool that
// prints the bound bench/deal_set_bound.hpp computes, beside the LP's
// (bench/README.md):
//   landpool_deal_bound DB [SCENARIO.toml|-] [AS_OF] [STEPS] [PROPOSAL_EUR]
//
// DEAL_BOUND_SUB_S=S: each set's sub-MIP at most S seconds (5);
// DEAL_BOUND_STEP=X: the first step length (0.25); DEAL_BOUND_ONLY=F1,F2:
// only the set of these farms; DEAL_BOUND_NO_CREDITS=1: no boundary credits
// (no bound: what pricing them could reach); DEAL_BOUND_ANATOMY=1: each
// set's LP against its MIP, by term and column; DEAL_BOUND_MPS=FILE: writes
// each set's model (the last one stays); DEAL_BOUND_SHOW=SOLUTION: the
// transfers and terms of a solution the `cbc` program wrote for the
// region's model (landpool solve --write-mps), and nothing else.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>

#include "bench/deal_set_bound.hpp"
#include "bench/tool_region.hpp"
#include "solver/backends/lp_relaxation.hpp"
#include "solver/model/model_builder.hpp"

namespace {

using namespace landpool;
using namespace landpool::solver;

double env_or(const char* name, double fallback) {
  const char* value = std::getenv(name);
  return value ? std::atof(value) : fallback;
}

/// The farms DEAL_BOUND_ONLY names (ids, comma-separated), or none.
std::vector<std::size_t> named_farms(const solver::Problem& problem) {
  const char* only = std::getenv("DEAL_BOUND_ONLY");
  if (!only)
    return {};
  std::set<std::string> ids;
  std::stringstream list(only);
  for (std::string id; std::getline(list, id, ',');)
    ids.insert(id);
  std::vector<std::size_t> named;
  for (std::size_t f = 0; f < problem.farms.size(); ++f) {
    if (ids.count(problem.farms[f].farm_id))
      named.push_back(f);
  }
  return named;
}

/// The set's LP against its MIP, by objective term and by column that differs.
void print_anatomy(const BuiltModel& built, const RestrictedModel& restricted,
                   const SolveResult& solved) {
  const auto relaxed = solve_lp_relaxation(restricted.model, 60.0);
  const auto lp_whole = restricted.expand(relaxed.values);
  const auto mip_whole = restricted.expand(solved.values);
  std::cout << fmt::format("set LP {:.0f}, MIP {:.0f} (credits included)\n", relaxed.bound,
                           solved.objective);
  for (std::size_t t = 0; t < built.terms.size(); ++t)
    std::cout << fmt::format("  {:<24} LP {:>10.0f} MIP {:>10.0f}\n", kObjectiveTermNames[t],
                             built.terms[t].value(lp_whole), built.terms[t].value(mip_whole));
  for (std::size_t k = 0; k < relaxed.values.size(); ++k) {
    if (std::abs(relaxed.values[k] - solved.values[k]) > 1e-4)
      std::cout << fmt::format("  {:<40} LP {:.3f} MIP {:.3f} objective {:.1f}\n",
                               restricted.model.columns[k].name, relaxed.values[k],
                               solved.values[k], restricted.model.columns[k].objective);
  }
}

/// DEAL_BOUND_SHOW: the transfers and objective terms of a `cbc` solution file.
int show_solution(const solver::Problem& problem, const BuiltModel& built,
                  const landpool::Region& land, const char* path) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << path << ": cannot read\n";
    return 3;
  }
  std::string header;
  std::getline(in, header);
  const auto& model = built.model;
  std::vector<double> values(model.columns.size(), 0.0);
  long index = 0;
  std::string name;
  double value = 0.0, cost = 0.0;
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line.rfind("**", 0) == 0 ? line.substr(2) : line);
    if (fields >> index >> name >> value >> cost && index >= 0 &&
        static_cast<std::size_t>(index) < values.size())
      values[static_cast<std::size_t>(index)] = value;
  }
  std::cout << fmt::format("{}: objective {:.0f}, first violation {}\n", header,
                           model.objective_of(values),
                           model.first_violation(values).value_or("none"));
  for (std::size_t c : chosen_candidates(problem, built, values)) {
    const auto& candidate = problem.candidates[c];
    const auto& parcel = problem.parcels[candidate.parcel];
    const auto& land_parcel = land.parcels[parcel.region_index];
    std::cout << fmt::format("{} {:.2f} ha: {} -> {}\n", land_parcel.parcel_id, land_parcel.area_ha,
                             parcel.from_farm ? problem.farms[*parcel.from_farm].farm_id : "pool",
                             problem.farms[candidate.farm].farm_id);
  }
  for (std::size_t t = 0; t < built.terms.size(); ++t)
    std::cout << fmt::format("  {} {:.0f}\n", kObjectiveTermNames[t], built.terms[t].value(values));
  return 0;
}

bench::DealSetBoundSettings settings_from_environment(const solver::Problem& problem,
                                                      const BuiltModel& built, int steps,
                                                      double proposal_eur) {
  bench::DealSetBoundSettings settings;
  settings.steps = steps;
  settings.target_eur = proposal_eur;
  settings.sub_mip_limit_s = env_or("DEAL_BOUND_SUB_S", 5.0);
  settings.first_step = env_or("DEAL_BOUND_STEP", 0.25);
  settings.credit_boundaries = !std::getenv("DEAL_BOUND_NO_CREDITS");
  settings.only_farms = named_farms(problem);
  settings.on_set_solved = [&built](const std::vector<std::size_t>&,
                                    const RestrictedModel& restricted, const SolveResult& solved) {
    if (const char* path = std::getenv("DEAL_BOUND_MPS"))
      write_mps(restricted.model, path);
    if (std::getenv("DEAL_BOUND_ANATOMY") && solved.has_solution())
      print_anatomy(built, restricted, solved);
  };
  settings.progress = [](const std::string& line) { std::cout << line << "\n"; };
  return settings;
}

int run(int argc, char** argv) {
  const auto arguments = bound_tool_arguments(argc, argv, "landpool_deal_bound", 30);
  if (!arguments.tool)
    return arguments.exit_code;
  const double proposal_eur = arguments.proposal_eur;
  const auto& problem = arguments.tool->problem;
  const auto built = build_model(problem);
  if (const char* path = std::getenv("DEAL_BOUND_SHOW"))
    return show_solution(problem, built, arguments.tool->land, path);
  const auto lp = solve_lp_relaxation(built.model, 3600.0, deal_structure_columns(built), 0L);
  std::cout << fmt::format("LP bound {:.0f} ({:.1f} s)\n", lp.bound, lp.seconds);
  const auto bound = bench::deal_set_bound(
      problem, built, settings_from_environment(problem, built, arguments.steps, proposal_eur));
  std::cout << fmt::format("{} sets, {} boundary sides credited\n", bound.sets,
                           bound.credited_sides);
  std::cout << fmt::format("deal {} {:.0f} against the LP's {:.0f}",
                           bound.is_bound ? "bound" : "value (not a bound: one set or no credits)",
                           bound.bound_eur, lp.bound);
  print_gaps(bound.bound_eur, lp.bound, proposal_eur);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  return landpool::run_tool("landpool_deal_bound", run, argc, argv);
}
