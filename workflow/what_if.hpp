#pragma once
// Use case "what-if" (`landpool serve`, docs/workbench.md): a named variant
// of the region — parcels locked with their user, farms taken out, a farm's
// wanted area, distance or tolerance changed, scenario rules switched —
// solved from the region's current proposal with a short time limit, stored
// beside the region's runs and compared with the latest one. A variant never
// changes the region until it is applied.
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/region.hpp"
#include "core/run_records.hpp"
#include "core/scenario.hpp"
#include "db/variant_store.hpp"

namespace landpool::workflow {

/// New values for one farm's demand; empty fields keep the region's.
struct DemandChange {
  std::string farm_id;
  std::optional<double> wants_min_ha, wants_max_ha, max_distance_km, tolerance_pct;
};

struct WhatIf {
  std::string name;                            ///< letters, digits, '-', '_', ' ' (1-60)
  std::vector<std::string> locked_parcel_ids;  ///< stay with their user (pool land: unleased)
  std::vector<std::string> farms_out;          ///< take no part: no demand, nothing moves
  std::vector<DemandChange> demand_changes;
  std::map<std::string, std::string> rule_modes;  ///< rule name -> hard, penalty or off
  double time_limit_s = 10.0;

  /// Throws UsageError naming the field when a value is out of range.
  void validate() const;
};

/// The what-if from its JSON form (docs/workbench.md); throws UsageError
/// naming the field for a wrong type or value.
WhatIf what_if_from_json(const nlohmann::json& json);
nlohmann::json what_if_to_json(const WhatIf& what_if);

/// `region` with the edits made. Throws UsageError naming an unknown parcel
/// or farm, a farm without a demand, or wanted areas out of order.
Region region_with_edits(Region region, const WhatIf& what_if);

/// `scenario` with the what-if's rule modes and time limit, its stored text
/// saying so; `starts_from_base`: without the stability bonus (the region's
/// latest run is then the what-if's start, not an open proposal the table
/// has seen). Throws UsageError for an unknown rule, who_may_move not hard,
/// or a penalty without a penalty_eur in the scenario.
Scenario scenario_with_edits(const Scenario& scenario, const WhatIf& what_if,
                             bool starts_from_base);

/// A parcel the variant proposes differently from the region's latest run.
struct ParcelChange {
  std::string parcel_id;
  std::string base_to, variant_to;  ///< receiving farm; empty: stays
};

struct WhatIfView {
  VariantRecord variant;
  WhatIf what_if;
  RunRecord run;                  ///< the variant's run
  std::optional<RunRecord> base;  ///< the region's latest run, when any
  std::vector<ParcelChange> changes;
};

/// Solves the what-if on the region in `db_path` under `scenario_file`
/// (empty: built-in defaults), from the region's current proposal (the open
/// proposal the table has seen, as `solve` does; before the table has seen
/// any, the latest run), and stores it. Throws UsageError for bad edits (nothing stored),
/// NoProposalError when the rules admit none, ConcurrentChangeError when the
/// region changed while it solved.
WhatIfView solve_what_if(const std::string& db_path, const std::filesystem::path& scenario_file,
                         const WhatIf& what_if);

std::vector<VariantRecord> list_what_ifs(const std::string& db_path);
/// Throws UsageError when there is no variant of that name.
WhatIfView load_what_if(const std::string& db_path, const std::string& name);

struct AppliedWhatIf {
  std::string name;
  long run_id = 0;  ///< the variant's proposal as the region's latest run
};

/// Writes the variant's edits into the region and makes its proposal the
/// region's latest run, in one transaction. Throws UsageError for an unknown
/// or applied variant or one that switches rules (those belong to a
/// scenario), ConcurrentChangeError when the region changed or has a newer
/// run since the variant was solved (solve it again); nothing is written then.
AppliedWhatIf apply_what_if(const std::string& db_path, const std::string& name);

}  // namespace landpool::workflow
