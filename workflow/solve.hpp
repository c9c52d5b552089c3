#pragma once
// Use case "solve and store": read a scenario, optimise the region in the
// database, describe and check the deals, store the run. Shared by `solve`,
// `compare` and the tests.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/parcel_geometry.hpp"
#include "core/region.hpp"
#include "core/run_records.hpp"
#include "core/scenario.hpp"
#include "core/transfer.hpp"
#include "db/cycle_store.hpp"
#include "db/database.hpp"
#include "solver/optimiser.hpp"

namespace landpool::workflow {

/// What `landpool solve` asks for; empty fields keep the scenario's values.
struct SolveRequest {
  std::filesystem::path scenario_file;  ///< empty: built-in defaults
  std::optional<double> time_limit_s, relative_gap;
  std::optional<int> threads, seed;
  std::string quarter;              ///< default: the region's quarter, else the as-of date's
  std::string as_of;                ///< YYYY-MM-DD; default: the planning date
  std::filesystem::path write_mps;  ///< also write the whole model as one plain MIP
};

/// A stored run: its record, the optimiser's result and the described proposal.
struct SolvedRun {
  RunRecord run;
  solver::OptimiseResult result;
  ProposalRecord proposal;
  Language language = Language::en;  ///< the scenario's [report] language
};

/// The scenario in `file`, or the built-in defaults when `file` is empty.
/// Throws InputError naming every problem (FILE:LINE: key), one per line.
Scenario read_scenario(const std::filesystem::path& file);

/// YYYY-MM-DD; empty gives today. Throws UsageError otherwise.
Date parse_as_of(const std::string& text);

/// The date a run plans from when no as-of date is given: today, or the first
/// day of the region's quarter when its clock was advanced beyond today.
Date planning_date(Database& db, const Date& today);

/// The quarter a run belongs to: `quarter_option` when given, else the
/// region's clock, else the quarter of `as_of`.
std::string run_quarter(Database& db, const Date& as_of, const std::string& quarter_option);

/// Optimises, describes and checks the proposal; stores nothing (run_id 0).
/// Throws as solve_and_store.
SolvedRun solve_scenario(Database& db, const Region& region,
                         const std::vector<ParcelNeighbours>& neighbours, const Scenario& scenario,
                         const Date& as_of, const std::string& quarter, const CarryOver& carry);

/// Optimises, describes and checks the proposal, stores the run in one
/// transaction. `carry` (held, refused, previous transfers) is read once by the
/// caller so that every scenario of a comparison sees the same; `read_at` is
/// the region's revision when region, neighbours and carry were read. Throws
/// NoProposalError when the rules admit none, std::runtime_error when the
/// optimiser or the deal check fails, ConcurrentChangeError when another
/// process changed the region meanwhile; nothing is stored then.
SolvedRun solve_and_store(Database& db, const Region& region,
                          const std::vector<ParcelNeighbours>& neighbours, const Scenario& scenario,
                          const Date& as_of, const std::string& quarter, const CarryOver& carry,
                          const RegionRevision& read_at);

/// `landpool solve`: the region in the database at `db_path` under the
/// request's scenario. The scenario is read before the database is opened.
/// Throws UsageError when the database holds no region.
SolvedRun solve_region(const std::string& db_path, const SolveRequest& request);

/// Throws UsageError naming `db_path` when `db` holds no region.
void require_region(Database& db, const std::string& db_path);

}  // namespace landpool::workflow
