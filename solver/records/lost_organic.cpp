#include "solver/records/lost_organic.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "core/distance.hpp"
#include "solver/problem/problem.hpp"
#include "solver/verify/verifier.hpp"

namespace landpool::solver {
namespace {

const std::string kDemandBalance = kRuleNames[static_cast<std::size_t>(RuleId::demand_balance)];

/// An organic or converting farm with a demand, and how far the parcel is.
struct Taker {
  const Farm* farm = nullptr;
  const Demand* demand = nullptr;
  double distance_m = 0.0;
  double reach_m = 0.0;
};

class LossExplainer {
 public:
  LossExplainer(const Region& region, const std::vector<ParcelNeighbours>& neighbours,
                const Scenario& scenario, const Date& as_of, const OptimiseResult& result)
      : scenario_(scenario),
        result_(result),
        verifier_(region, neighbours, scenario, as_of),
        base_eur_(verifier_.evaluate(result.transfers).objective_eur) {
    for (const auto& offer : region.offers)
      offer_of_[offer.parcel_id] = &offer;
    std::unordered_map<std::string, const Farm*> farm_of;
    for (const auto& farm : region.farms)
      farm_of[farm.farm_id] = &farm;
    for (const auto& farm : result.evaluation.farms)
      outcome_of_[farm.farm_id] = &farm;
    for (const auto& demand : region.demands) {
      const Farm* farm = farm_of.at(demand.farm_id);
      if (farm->organic_status != OrganicStatus::conventional || demand.converts)
        takers_.push_back({farm, &demand, 0.0, 0.0});
    }
  }

  LostOrganicRecord explain(const Parcel& parcel) const {
    LostOrganicRecord record;
    record.parcel_id = parcel.parcel_id;
    record.area_ha = parcel.area_ha;
    auto takers = takers_by_distance(parcel);
    const auto in_reach = std::partition(takers.begin(), takers.end(), [](const Taker& t) {
      return t.distance_m <= t.reach_m + 1e-6;
    });
    if (in_reach == takers.begin()) {
      record.reason = "no_farm_in_reach";
      if (!takers.empty())
        name(record, *std::min_element(takers.begin(), takers.end(), nearer));
      return record;
    }
    std::sort(takers.begin(), in_reach, nearer);
    // Lost organic land is pool land: it always has an offer.
    const Offer& offer = *offer_of_.at(parcel.parcel_id);
    std::vector<std::pair<const Taker*, TransferForm>> fitting;
    for (auto t = takers.begin(); t != in_reach; ++t) {
      if (const auto form = pool_form(offer, t->demand->modes))
        fitting.emplace_back(&*t, *form);
    }
    name(record, takers.front());
    if (fitting.empty()) {
      record.reason = "offer_fits_no_demand";
      return record;
    }
    try_farms(parcel, fitting, record);
    return record;
  }

 private:
  /// Nearest first; ties by farm id, so that the order never depends on the input's.
  static bool nearer(const Taker& a, const Taker& b) {
    return a.distance_m != b.distance_m ? a.distance_m < b.distance_m
                                        : a.farm->farm_id < b.farm->farm_id;
  }

  static void name(LostOrganicRecord& record, const Taker& taker) {
    record.farm_id = taker.farm->farm_id;
    record.distance_km = taker.distance_m / 1000.0;
  }

  std::vector<Taker> takers_by_distance(const Parcel& parcel) const {
    auto takers = takers_;
    for (auto& t : takers) {
      t.distance_m = travel_distance_m(t.farm->farmstead, parcel.centroid);
      t.reach_m = 1000.0 * t.demand->max_distance_km.value_or(scenario_.defaults.max_distance_km);
    }
    return takers;
  }

  /// Whether the farm's net area after the proposal leaves room for
  /// `area_ha` more within its band (rule demand_balance).
  bool has_room(const Taker& taker, double area_ha) const {
    double net_ha = 0.0, given_ha = 0.0;
    if (const auto it = outcome_of_.find(taker.farm->farm_id); it != outcome_of_.end())
      net_ha = it->second->net_ha, given_ha = it->second->given_ha;
    const double tolerance =
        taker.demand->tolerance_pct.value_or(scenario_.defaults.tolerance_pct) / 100.0;
    return net_ha + area_ha <= taker.demand->wants_max_ha + tolerance * given_ha + 1e-9;
  }

  /// The whole proposal with the parcel added for the nearest farms it fits
  /// that have room for it: the best valid one's change of objective, else
  /// the rule that stops most of them.
  void try_farms(const Parcel& parcel, std::vector<std::pair<const Taker*, TransferForm>> fitting,
                 LostOrganicRecord& record) const {
    std::erase_if(fitting, [&](const auto& f) { return !has_room(*f.first, parcel.area_ha); });
    if (fitting.empty()) {
      record.reason = "demand_met";
      return;
    }
    name(record, *fitting.front().first);
    std::optional<double> best_change_eur;
    std::map<std::string, int> stopped_by;  // rule -> farms it stops, demand_balance aside
    bool always_demand = true;
    const std::size_t tried = std::min(fitting.size(), kLostParcelTrials);
    for (std::size_t i = 0; i < tried; ++i) {
      const auto& [taker, form] = fitting[i];
      auto trial = result_.transfers;
      trial.push_back({parcel.parcel_id, taker->farm->farm_id, form});
      const auto evaluation = verifier_.evaluate(trial);
      if (evaluation.valid()) {
        const double change_eur = evaluation.objective_eur - base_eur_;
        if (!best_change_eur || change_eur > *best_change_eur) {
          best_change_eur = change_eur;
          name(record, *taker);
        }
        continue;
      }
      std::set<std::string> rules;
      for (const auto& v : evaluation.violations)
        rules.insert(v.rule);
      always_demand = always_demand && rules.contains(kDemandBalance);
      for (const auto& rule : rules) {
        if (rule != kDemandBalance)
          ++stopped_by[rule];
      }
    }
    if (best_change_eur) {
      const bool gains = *best_change_eur > 1e-6 * std::max(1.0, std::abs(base_eur_));
      record.reason = gains ? "search_missed" : "costs_more";
      record.cost_eur = -*best_change_eur;
      if (!gains)
        record.keep_weight_eur_per_ha =
            scenario_.weights.keep_organic_eur_per_ha + record.cost_eur / parcel.area_ha;
      return;
    }
    if (always_demand || stopped_by.empty()) {
      record.reason = "demand_met";
      return;
    }
    record.reason = "rule";
    record.rule = std::max_element(stopped_by.begin(), stopped_by.end(), [](auto& a, auto& b) {
                    return a.second < b.second;
                  })->first;
  }

  const Scenario& scenario_;
  const OptimiseResult& result_;
  ProposalVerifier verifier_;
  double base_eur_ = 0.0;
  std::unordered_map<std::string, const Offer*> offer_of_;
  std::unordered_map<std::string, const FarmOutcome*> outcome_of_;
  std::vector<Taker> takers_;
};

}  // namespace

std::vector<LostOrganicRecord> explain_lost_organic(const Region& region,
                                                    const std::vector<ParcelNeighbours>& neighbours,
                                                    const Scenario& scenario, const Date& as_of,
                                                    const OptimiseResult& result) {
  const auto& lost = result.evaluation.reverting_parcel_ids;
  if (lost.empty())
    return {};
  std::unordered_map<std::string, const Parcel*> parcel_of;
  for (const auto& parcel : region.parcels)
    parcel_of[parcel.parcel_id] = &parcel;
  const LossExplainer explainer(region, neighbours, scenario, as_of, result);
  std::vector<LostOrganicRecord> records;
  records.reserve(lost.size());
  for (const auto& parcel_id : lost)
    records.push_back(explainer.explain(*parcel_of.at(parcel_id)));
  return records;
}

}  // namespace landpool::solver
