#include "exporters/lost_organic_text.hpp"

#include <spdlog/fmt/fmt.h>

namespace landpool {

std::string loss_reason_label(const std::string& reason) {
  if (reason == "no_farm_in_reach")
    return "no farm in reach";
  if (reason == "offer_fits_no_demand")
    return "offer fits no demand";
  if (reason == "demand_met")
    return "demand met";
  if (reason == "rule")
    return "a rule";
  if (reason == "costs_more")
    return "costs more than it brings";
  if (reason == "search_missed")
    return "missed by the search";
  return reason;
}

std::string loss_explanation(const LostOrganicRecord& lost) {
  const std::string nearest = lost.farm_id.empty() ? std::string()
                                                   : fmt::format(" (nearest {}, {:.1f} km)",
                                                                 lost.farm_id, lost.distance_km);
  if (lost.reason == "no_farm_in_reach")
    return lost.farm_id.empty()
               ? "No organic or converting farm asks for land."
               : fmt::format(
                     "No organic or converting farm has it within its reach; the nearest, "
                     "{}, is {:.1f} km away.",
                     lost.farm_id, lost.distance_km);
  if (lost.reason == "offer_fits_no_demand")
    return "The offer's terms (lease, exchange or sale) fit none of the demands of the organic "
           "farms within reach" +
           nearest + ".";
  if (lost.reason == "demand_met")
    return "The organic farms within reach already receive the area they asked for" + nearest + ".";
  if (lost.reason == "rule")
    return fmt::format("Rule {} stops the organic farms within reach{}.", lost.rule, nearest);
  if (lost.reason == "costs_more")
    return fmt::format(
        "Giving it to {} ({:.1f} km) costs {:.0f} EUR more than keeping it organic brings; it "
        "would stay organic with keep_organic_eur_per_ha at {:.0f} or more.",
        lost.farm_id, lost.distance_km, lost.cost_eur, lost.keep_weight_eur_per_ha);
  if (lost.reason == "search_missed")
    return fmt::format(
        "{} ({:.1f} km) could take it and the proposal would gain {:.0f} EUR: the search did not "
        "find it within its limits.",
        lost.farm_id, lost.distance_km, -lost.cost_eur);
  return lost.reason;
}

}  // namespace landpool
