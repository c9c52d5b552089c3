#pragma once
// The named terms of the objective, in euros (docs/model.md, "Objective").
// One name each, shared by the verifier's terms_eur, the model's files that
// write the term and docs/model.md.

#include <array>
#include <cstddef>

namespace landpool {

enum class ObjectiveTerm {
  farm_gains,                ///< Σ of the farms' own gains (model_value.cpp)
  keep_organic,              ///< at-risk organic land kept organic (model_value.cpp)
  organic_gain,              ///< conventional land brought into conversion (model_value.cpp)
  organic_contiguity,        ///< organic-organic boundary (model_value.cpp)
  drift_border,              ///< organic-conventional boundary (model_value.cpp)
  penalties,                 ///< rules in penalty mode (add_penalty_slack)
  stability,                 ///< transfers of the last open proposal (model_carry_over.cpp)
  priority,                  ///< government land to priority groups (model_allocation.cpp)
  cluster_zone,              ///< organic land in the cluster zone (model_allocation.cpp)
  conversion_paid_by_owner,  ///< conversion of government land (model_allocation.cpp)
  transfer_tax,              ///< land changing owner outside a kavelruil (model_tax.cpp)
  deal_costs,                ///< per deal a negotiation table signs (model_deal_costs.cpp)
};

inline constexpr std::array<const char*, 12> kObjectiveTermNames = {
    "farm_gains",   "keep_organic",
    "organic_gain", "organic_contiguity",
    "drift_border", "penalties",
    "stability",    "priority",
    "cluster_zone", "conversion_paid_by_owner",
    "transfer_tax", "deal_costs"};

inline constexpr const char* term_name(ObjectiveTerm term) {
  return kObjectiveTermNames[static_cast<std::size_t>(term)];
}

}  // namespace landpool
