#pragma once
// The solve step shared by `solve` and `compare` (internal to cli/): read a
// scenario, optimise, describe and check the deals, store the run.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"

#include "core/date.hpp"
#include "core/parcel_geometry.hpp"
#include "core/region.hpp"
#include "core/scenario.hpp"
#include "db/run_store.hpp"
#include "solver/optimiser.hpp"
#include "solver/proposal.hpp"

namespace landpool::cli {

struct SolvedRun {
  int exit_code = 1;  ///< cli/exit_codes.hpp; the run is stored only on success
  RunRecord run;
  solver::OptimiseResult result;
  solver::ProposalRecord proposal;
};

/// The scenario in `file` (built-in defaults when empty), or nullopt after
/// printing its problems (FILE:LINE: key) to stderr.
std::optional<Scenario> read_scenario_or_report(const std::filesystem::path& file);

/// YYYY-MM-DD (empty: today), or nullopt after printing the problem.
std::optional<Date> parse_as_of(const std::string& text);

/// The date a run plans from when --as-of is not given: today, or the first
/// day of the region's quarter when its clock was advanced beyond today.
Date planning_date(Database& db, const Date& today);

/// The quarter a run belongs to: `quarter_option` (--quarter) when given,
/// else the region's clock, else the quarter of `as_of`.
std::string run_quarter(Database& db, const Date& as_of, const std::string& quarter_option);

/// `carry`: what earlier quarters fix or forbid (db/cycle_store.hpp), read
/// once by the caller so that every scenario of a comparison sees the same.
SolvedRun solve_and_store(Database& db, const Region& region,
                          const std::vector<ParcelNeighbours>& neighbours, const Scenario& scenario,
                          const Date& as_of, const std::string& quarter,
                          const solver::CarryOver& carry);

}  // namespace landpool::cli
