#include "exporters/lost_organic_text.hpp"

namespace landpool {

std::string loss_reason_label(const std::string& reason, Language language) {
  return std::string(text(language, "loss." + reason));
}

std::string loss_explanation(const LostOrganicRecord& lost, Language language) {
  const std::string nearest = lost.farm_id.empty()
                                  ? std::string()
                                  : say(language, "loss.nearest", lost.farm_id, lost.distance_km);
  if (lost.reason == "no_farm_in_reach")
    return lost.farm_id.empty()
               ? std::string(text(language, "loss.why.nobody_asks"))
               : say(language, "loss.why.no_farm_in_reach", lost.farm_id, lost.distance_km);
  if (lost.reason == "offer_fits_no_demand" || lost.reason == "demand_met")
    return say(language, "loss.why." + lost.reason, nearest);
  if (lost.reason == "rule")
    return say(language, "loss.why.rule", lost.rule, nearest);
  if (lost.reason == "costs_more")
    return say(language, "loss.why.costs_more", lost.farm_id, lost.distance_km, lost.cost_eur,
               lost.keep_weight_eur_per_ha);
  if (lost.reason == "search_missed")
    return say(language, "loss.why.search_missed", lost.farm_id, lost.distance_km, -lost.cost_eur);
  return lost.reason;
}

}  // namespace landpool
