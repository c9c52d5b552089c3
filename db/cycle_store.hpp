#pragma once
// The quarterly cycle in the database (docs/workflow.md): the region's clock,
// decisions on deals, snapshots of the region state after every import,
// apply and advance (so each quarter's state can be reconstructed), and what
// applying deals changed. Writers take part in the caller's transaction.

#include <optional>
#include <string>
#include <vector>

#include "core/region_cycle.hpp"
#include "core/transfer.hpp"
#include "db/database.hpp"

namespace landpool {

/// Where the region's inputs stood when a command read them: its last import,
/// snapshot (apply, advance) and deal decision. A command that reads, works
/// a while and then writes checks that none moved meanwhile.
struct RegionRevision {
  long import_id = 0, snapshot_id = 0, decision_id = 0;
  long geometry_import_id = 0;  ///< the last GIS import: the geometry layer's own revision
  bool operator==(const RegionRevision&) const = default;
};
RegionRevision region_revision(Database& db);

/// What a writer read and must find unchanged: the whole region, or only the
/// geometry layer (a region replaced whole depends on nothing else).
enum class RevisionScope { whole_region, geometry_layer };

/// Inside the writer's transaction: throws ConcurrentChangeError unless what
/// `scope` covers is still at `read_at` (another process wrote meanwhile).
void require_unchanged_since(Database& db, const RegionRevision& read_at,
                             RevisionScope scope = RevisionScope::whole_region);

/// The quarter the region is in: set by import and advance; nullopt before.
std::optional<std::string> region_quarter(Database& db);
void set_region_quarter(Database& db, const std::string& quarter);

struct DecisionRecord {
  long run_id = 0;
  int deal_id = 0;
  std::string decision;  ///< accept, reject, hold, release
  std::string quarter;
  std::string decided_on;  ///< YYYY-MM-DD
  std::string refused_by;  ///< reject: the party that said no (empty: not named)
  std::string note;
  std::string applied_on;  ///< accept: the date apply carried it out (empty: not yet)
};

void record_decision(Database& db, const DecisionRecord& decision);
/// Every decision, oldest first.
std::vector<DecisionRecord> load_decisions(Database& db);
/// The latest decision per (run, deal), oldest deal first.
std::vector<DecisionRecord> current_decisions(Database& db);
void mark_applied(Database& db, long run_id, int deal_id, const std::string& applied_on);

struct SnapshotRecord {
  long snapshot_id = 0;
  std::string quarter, taken_at, event, detail;
  double organic_ha = 0.0, converting_ha = 0.0;
};

/// Copies the current region state; returns the snapshot id.
long take_snapshot(Database& db, const std::string& quarter, const std::string& event,
                   const std::string& detail);
std::vector<SnapshotRecord> list_snapshots(Database& db);

void log_applied(Database& db, long run_id, const std::string& quarter,
                 const std::vector<AppliedTransfer>& applied);

struct AppliedTotals {
  double area_ha = 0.0, organic_kept_ha = 0.0, conversion_started_ha = 0.0;
  int deals = 0;
};
AppliedTotals applied_in_quarter(Database& db, const std::string& quarter);

/// Decisions still open: the latest decision of the deal is hold, or accept
/// not yet applied, and no later run's deal of the same shape has been
/// decided (its decision governs then). `apply` applies the open accepts.
std::vector<DecisionRecord> open_decisions(Database& db);

/// What the next run, of `quarter`, must respect, from the decisions so far:
/// deals on hold and accepted deals not yet applied are held
/// (open_decisions); every deal whose latest decision is reject, and the
/// partners its named party refused, are refused; the deals without a
/// decision of the latest run the table has seen are the previous open
/// proposal. A run the table has seen is one of another quarter, or one
/// with a decision on any of its deals: a run of the same quarter that
/// nobody decided on is a re-run (another scenario, or the same again) and
/// does not become the next one's reference, so that solving twice on the
/// same data gives the same proposal.
CarryOver load_carry_over(Database& db, const std::string& quarter);
/// The transfers of run `run_id` whose deals have no decision yet.
std::vector<ProposedTransfer> open_transfers(Database& db, long run_id);

/// One quarter of the history (`landpool history`, the report's quarters).
struct QuarterSummary {
  std::string quarter;
  AppliedTotals applied;
  int runs = 0, deals_proposed = 0, accepted = 0, refused = 0, held = 0;
  /// Deals of the quarter's last run that the run before proposed the same
  /// (same transfers), as a share of its deals; negative when there is no
  /// earlier run.
  double carried_over_share = -1.0;
  double value_eur = 0.0, gap = 0.0;  ///< the quarter's last run
  double kept_organic_ha = 0.0, cluster_size_after_ha = 0.0;
  double organic_ha = 0.0, converting_ha = 0.0;  ///< the region at the quarter's last snapshot
};
std::vector<QuarterSummary> quarter_history(Database& db);

}  // namespace landpool
