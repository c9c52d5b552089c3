#pragma once
// Optimiser runs per quarter, with their deals and transfers. A run is
// written in one transaction.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/run_records.hpp"
#include "db/cycle_store.hpp"
#include "db/database.hpp"

namespace landpool {

/// Stores the run with its deals, transfers, participants and lost organic
/// land; returns the run id. Throws ConcurrentChangeError, storing nothing,
/// when the region moved from `read_at`, the revision the run was solved on.
long store_run(Database& db, RunRecord run, const ProposalRecord& proposal,
               const RegionRevision& read_at);

/// Stores several runs in one transaction (a comparison: all or none);
/// returns their ids in order. Throws as store_run.
std::vector<long> store_runs(Database& db,
                             const std::vector<std::pair<RunRecord, ProposalRecord>>& runs,
                             const RegionRevision& read_at);

/// Writes the run and its records inside the caller's transaction (throws
/// std::logic_error without one); returns the run id.
long insert_run(Database& db, const RunRecord& run, const ProposalRecord& proposal);

/// The region's runs, oldest first; what-if variants' runs are not among them.
std::vector<RunRecord> list_runs(Database& db);
/// The run `run_id` (a variant's too), or the region's latest run when none.
std::optional<RunRecord> find_run(Database& db, std::optional<long> run_id);
std::vector<TransferRecord> load_transfers(Database& db, long run_id);
std::vector<DealRecord> load_deals(Database& db, long run_id);
std::vector<ParticipantRecord> load_participants(Database& db, long run_id);
/// Why each at-risk organic parcel the run lets revert is lost, as stored
/// (empty for runs stored before schema version 9).
std::vector<LostOrganicRecord> load_lost_organic(Database& db, long run_id);
/// Everything stored with the run: deals, transfers, participants, lost
/// organic land (the KPIs stay in the run's kpis_json).
ProposalRecord load_proposal(Database& db, long run_id);

}  // namespace landpool
