#pragma once
// Optimiser runs per quarter, with their deals and transfers. A run is
// written in one transaction.

#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "solver/proposal.hpp"

namespace landpool {

struct RunRecord {
  long run_id = 0;
  std::string quarter;
  std::string started_at, finished_at;
  std::string scenario_name, scenario_text, input_fingerprint;
  std::string status;
  double objective_eur = 0.0, bound_eur = 0.0, gap = 0.0, solve_time_s = 0.0;
  std::string kpis_json;
  std::string planned_from;  ///< YYYY-MM-DD the proposal was planned from; empty for old runs
};

/// Stores the run with its deals and transfers; returns the run id.
long store_run(Database& db, RunRecord run, const solver::ProposalRecord& proposal);

std::vector<RunRecord> list_runs(Database& db);
std::optional<RunRecord> find_run(Database& db, std::optional<long> run_id);  ///< latest if none
std::vector<solver::TransferRecord> load_transfers(Database& db, long run_id);
std::vector<solver::DealRecord> load_deals(Database& db, long run_id);
std::vector<solver::ParticipantRecord> load_participants(Database& db, long run_id);

}  // namespace landpool
