#pragma once
// What-if variants of the region (`landpool serve`): a named set of edits,
// the region revision it was solved on and its own run. A variant never
// changes the region until it is applied.
#include <optional>
#include <string>
#include <vector>

#include "core/run_records.hpp"
#include "db/cycle_store.hpp"
#include "db/database.hpp"

namespace landpool {

struct VariantRecord {
  std::string name;
  std::string created_at;
  std::optional<long> base_run_id;  ///< the region's run it was compared with
  std::string edits_json;           ///< the edits, as the workflow writes them
  RegionRevision read_at;           ///< the region's revision it was solved on
  long run_id = 0;                  ///< its own run (RunRecord::variant == name)
  std::optional<long> applied_run_id;
  std::string applied_at;  ///< empty until applied
};

/// Stores the variant with its run in one transaction, replacing an
/// earlier variant of the same name that was not applied (its run too).
/// Throws UsageError when a variant of that name was applied already,
/// ConcurrentChangeError when the region moved from `variant.read_at`.
VariantRecord store_variant(Database& db, VariantRecord variant, RunRecord run,
                            const ProposalRecord& proposal);

std::vector<VariantRecord> list_variants(Database& db);
std::optional<VariantRecord> find_variant(Database& db, const std::string& name);

/// Inside the caller's transaction: records that `name` became the region's
/// run `applied_run_id`.
void mark_variant_applied(Database& db, const std::string& name, long applied_run_id,
                          const std::string& applied_at);

}  // namespace landpool
