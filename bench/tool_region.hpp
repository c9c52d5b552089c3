#pragma once
// The region of a database as `landpool solve` builds it (its quarter's
// carry-over of held deals, refusals and the last open proposal included),
// for the development tools that take the arguments DB [SCENARIO.toml|-]
// [AS_OF] first (landpool_gap_anatomy, landpool_deal_bound, landpool_farm_bound).

#include <cstdlib>
#include <exception>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>

#include "core/date.hpp"
#include "db/cycle_store.hpp"
#include "db/database.hpp"
#include "db/geometry_store.hpp"
#include "db/region_store.hpp"
#include "importers/scenario_reader.hpp"
#include "solver/problem/problem.hpp"
#include "workflow/solve.hpp"

namespace landpool {

struct ToolRegion {
  ToolRegion() = default;
  ToolRegion(const ToolRegion&) = delete;
  ToolRegion& operator=(const ToolRegion&) = delete;
  Scenario scenario;
  Region land;
  std::vector<ParcelNeighbours> neighbours;
  solver::Problem problem;  ///< refers to `land`: a ToolRegion is never moved
};

/// Loads argv[1] (the database; argc >= 2) with the scenario of argv[2]
/// (default: the built-in one, also for "-") at the planning date argv[3]
/// (default 2026-10-01). Nothing, with a message on stderr, when the
/// scenario or the date is not valid; a database that cannot be read throws.
inline std::unique_ptr<ToolRegion> load_tool_region(int argc, char** argv) {
  auto tool = std::make_unique<ToolRegion>();
  if (argc > 2 && std::string(argv[2]) != "-") {
    Diagnostics diagnostics;
    auto read = read_scenario_file(argv[2], diagnostics);
    if (!read) {
      std::cerr << argv[2] << ": invalid scenario\n";
      return nullptr;
    }
    tool->scenario = *read;
  }
  const auto as_of = parse_iso_date(argc > 3 ? argv[3] : "2026-10-01");
  if (!as_of) {
    std::cerr << "AS_OF: not a date (YYYY-MM-DD)\n";
    return nullptr;
  }
  auto db = Database::open(argv[1], Database::OpenMode::must_exist);
  tool->land = load_region(db);
  tool->neighbours = load_neighbours(db);
  const auto carry = load_carry_over(db, workflow::run_quarter(db, *as_of, ""));
  tool->problem =
      solver::build_problem(tool->land, tool->neighbours, tool->scenario, *as_of, carry);
  return tool;
}

/// The arguments of a bound tool: DB [SCENARIO.toml|-] [AS_OF] [STEPS]
/// [PROPOSAL_EUR], the region loaded (load_tool_region above).
struct BoundToolArguments {
  std::unique_ptr<ToolRegion> tool;  ///< empty: exit with `exit_code`
  int exit_code = 0;
  int steps = 0;
  double proposal_eur = 0.0;
};

/// Reads them (usage on stderr and exit code 2 without a database, 3 for a
/// scenario or date that is not valid); quiets the log below warnings and
/// makes stdout unbuffered, for progress lines.
inline BoundToolArguments bound_tool_arguments(int argc, char** argv, const char* name,
                                               int default_steps) {
  BoundToolArguments arguments;
  if (argc < 2) {
    std::cerr << "usage: " << name << " DB [SCENARIO.toml|-] [AS_OF] [STEPS] [PROPOSAL_EUR]\n";
    arguments.exit_code = 2;
    return arguments;
  }
  spdlog::set_level(spdlog::level::warn);
  std::cout << std::unitbuf;
  arguments.tool = load_tool_region(argc, argv);
  arguments.exit_code = arguments.tool ? 0 : 3;
  arguments.steps = argc > 4 ? std::atoi(argv[4]) : default_steps;
  arguments.proposal_eur = argc > 5 ? std::atof(argv[5]) : 0.0;
  return arguments;
}

/// Ends a line that named a bound: with a proposal's value, ", proposal P:
/// gap x % against y %" (below `bound_eur`, below the LP's).
inline void print_gaps(double bound_eur, double lp_bound_eur, double proposal_eur) {
  if (proposal_eur > 0.0)
    std::cout << fmt::format(", proposal {:.0f}: gap {:.1f} % against {:.1f} %", proposal_eur,
                             100.0 * (bound_eur - proposal_eur) / bound_eur,
                             100.0 * (lp_bound_eur - proposal_eur) / lp_bound_eur);
  std::cout << "\n";
}

/// A tool's main: `body(argc, argv)`, an exception its message on stderr
/// (named after the tool) and exit code 1.
inline int run_tool(const char* name, int (*body)(int, char**), int argc, char** argv) {
  try {
    return body(argc, argv);
  } catch (const std::exception& error) {
    std::cerr << name << ": " << error.what() << "\n";
    return 1;
  }
}

}  // namespace landpool
