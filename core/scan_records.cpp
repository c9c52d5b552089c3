#include "core/scan_records.hpp"

namespace landpool {

const std::vector<ScanCriterion>& scan_criteria() {
  static const std::vector<ScanCriterion> criteria = {
      {"organic_ha", "ha"},
      {"organic_share_pct", "%"},
      {"organic_farms", "farms"},
      {"organic_in_clusters_pct", "%"},
      {"at_risk_organic_ha", "ha"},
      {"offered_ha", "ha"},
      {"demands", "farms"},
      {"exchangers", "farms"},
      {"farms_willing_to_convert", "farms"},
      {"government_ha", "ha"},
      {"land_fund_ha", "ha"},
      {"blocks_per_farm", "blocks"},
      {"mean_distance_m", "m"},
      {"drift_border_km", "km"},
      {"soil_diversity", "kinds"},
      {"land_use_diversity", "kinds"},
      {"urban_distance_km", "km"},
  };
  return criteria;
}

ScanSettings ScanSettings::defaults() {
  ScanSettings settings;
  settings.weights = {
      {"organic_ha", 1.0},
      {"organic_share_pct", 1.0},
      {"organic_farms", 0.5},
      {"organic_in_clusters_pct", 0.5},
      {"at_risk_organic_ha", 1.0},
      {"offered_ha", 1.0},
      {"demands", 0.5},
      {"exchangers", 0.5},
      {"farms_willing_to_convert", 0.5},
      {"government_ha", 1.0},
      {"land_fund_ha", 1.0},
      {"blocks_per_farm", 0.5},
      {"mean_distance_m", 0.25},
      {"drift_border_km", 0.25},
      {"soil_diversity", 0.25},
      {"land_use_diversity", 0.25},
      {"urban_distance_km", -0.5},
  };
  return settings;
}

}  // namespace landpool
