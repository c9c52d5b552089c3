#pragma once
// A run and its verified proposal in the form they are stored, listed and
// exported: parcel transfers grouped into deals (parties linked by transfers
// sign together), participants before and after, and key figures. Plain
// data: the database and the exporters read these, never the optimiser.

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"

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
  /// The what-if variant this run belongs to; empty for the region's own runs.
  std::string variant;
};

struct TransferRecord {
  int deal_id = 0;
  std::string parcel_id;
  std::string from_farm_id;  ///< empty for pool land
  std::string to_farm_id;
  std::string owner_before, owner_after;
  std::string form;  ///< lease, lease_exchange, sale
  double area_ha = 0.0;
  double value_eur = 0.0;
  Date effective_date;
  /// For a lease of pool land: the term (the offer's and, for government
  /// land, the scenario's maximum, whichever is shorter) and, for government
  /// land, the scenario's rent. Empty where nobody set one.
  std::optional<int> lease_years;
  std::optional<double> rent_eur_per_ha_year;
  /// How money changes hands for it, by its legal form: "capital" (the
  /// owner changes: value_eur), "yearly" (an exchange of use: the use value
  /// per year) or "rent" (pool land leased: the lease's rent to its owner).
  std::string settles;
  /// Area × rent per ha and year (the parcel's latest lease rent, else the
  /// scenario's [deals] rent_eur_per_ha_year); empty where the owner changes.
  std::optional<double> use_value_eur_per_year;
};

/// A deal: transfers signed together (solver/records/deal_grouping.hpp), with its
/// legal form after Dutch practice: lease (pool land leased out, nothing
/// else), lease_exchange (use changes, ownership does not), kavelruil
/// (ownership changes, at least three owners bring land in and at least two
/// receive: no transfer tax) or sale (ownership changes otherwise: transfer
/// tax on the value changing owner).
struct DealRecord {
  int deal_id = 0;
  std::string form;
  Date effective_date;  ///< the latest availability among its parcels
  double area_ha = 0.0;
  std::vector<std::string> farm_ids;        ///< farms taking part, in order of first transfer
  std::vector<std::string> pool_owner_ids;  ///< owners whose pool land starts the chain
  double benefit_eur = 0.0;     ///< the objective of the deal alone minus that of no proposal
  double settlement_eur = 0.0;  ///< capital changing hands: sum of the payers' settlements
  /// Yearly payments for exchanges of use: sum of the payers' yearly settlements.
  double settlement_eur_per_year = 0.0;
  double transfer_tax_eur = 0.0;
};

/// One participating farm before and after (exports' participants.csv).
struct ParticipantRecord {
  std::string farm_id;
  int deal_id = 0;
  double area_before_ha = 0.0, area_after_ha = 0.0;
  double value_before_eur = 0.0, value_after_eur = 0.0;
  double travel_before_ha_km = 0.0, travel_after_ha_km = 0.0;
  int parcels_before = 0, parcels_after = 0;
  int blocks_before = 0, blocks_after = 0;  ///< groups of the farm's parcels sharing a boundary
  /// Capital value received minus given where owners change: + = the farm pays.
  double settlement_eur = 0.0;
  /// Use value per year received minus given in exchanges of use: + = the farm pays.
  double settlement_eur_per_year = 0.0;
  double gain_eur = 0.0;  ///< its own measure (rule 5)
};

/// Key figures before and after, People / Planet / Profit (docs/model.md).
struct Kpis {
  double kept_organic_ha = 0.0, lost_organic_ha = 0.0, converting_gained_ha = 0.0;
  int participating_farms = 0, farms_better_off = 0;
  double smallest_gain_eur = 0.0;
  /// Of the hectares organic and converting farms want at least
  /// (`wants_min_ha`), the share their net gain in area covers; 1 when
  /// none want any.
  double demand_met_share = 0.0;
  double organic_demand_wanted_ha = 0.0;
  double all_demand_met_share = 0.0;  ///< the same over every farm with a demand
  double demand_wanted_ha = 0.0;
  double travel_before_ha_km = 0.0, travel_after_ha_km = 0.0;  ///< participants
  double own_boundary_before_m = 0.0, own_boundary_after_m = 0.0;
  double settlements_eur = 0.0;           ///< sum of absolute capital settlements
  double settlements_eur_per_year = 0.0;  ///< sum of absolute yearly settlements
  double transferred_ha = 0.0;
  int transfers = 0;
  // Compactness of organic land (solver/verify/organic_clusters.hpp): now, and after
  // the proposal (moved parcels follow their new farm, at-risk pool land that
  // does not move reverts).
  int organic_clusters_before = 0, organic_clusters_after = 0;
  double organic_before_ha = 0.0, organic_after_ha = 0.0;
  double largest_cluster_before_ha = 0.0, largest_cluster_after_ha = 0.0;
  double cluster_size_before_ha = 0.0, cluster_size_after_ha = 0.0;  ///< area-weighted mean
  double organic_in_zone_before_ha = 0.0, organic_in_zone_after_ha = 0.0;
  // Allocation of government land and money.
  double government_land_ha = 0.0;         ///< government land given out
  double government_to_priority_ha = 0.0;  ///< of which to farms in a priority group
  double farm_gains_eur = 0.0;             ///< sum of the participants' own gains
  double transfer_tax_eur = 0.0;
  int deals = 0;                ///< negotiation tables the proposal needs
  double deal_costs_eur = 0.0;  ///< transaction_eur_per_deal for each
  // Planet, continued: clustered share (scenario [kpis] cluster_min_ha), the
  // organic-conventional border, and machinery travel of the participants
  // (the travel weight's assumption: 8 round trips a year, 2 km per km).
  double clustered_share_before = 0.0, clustered_share_after = 0.0;
  double drift_border_before_km = 0.0, drift_border_after_km = 0.0;
  double machinery_before_km_year = 0.0, machinery_after_km_year = 0.0;
  // Profit, continued, over the participating farms.
  double blocks_per_farm_before = 0.0, blocks_per_farm_after = 0.0;
  double mean_block_before_ha = 0.0, mean_block_after_ha = 0.0;
  double mean_distance_before_m = 0.0, mean_distance_after_m = 0.0;  ///< area-weighted
  double travel_cost_before_eur_year = 0.0, travel_cost_after_eur_year = 0.0;
  double conversion_cost_eur = 0.0;  ///< borne by the farms and by owners who pay it
  // Distance against its bound (solver/bounds/distance_bound.hpp), over every
  // farm of the problem: travel now, after the proposal, and the least any
  // proposal could reach; the reductions as shares of the travel now.
  double travel_farms_before_ha_km = 0.0, travel_farms_after_ha_km = 0.0;
  double travel_bound_ha_km = 0.0;
  bool travel_bound_proven = false;
  double distance_reduction_share = 0.0;           ///< (before - after) / before
  double distance_reduction_possible_share = 0.0;  ///< (before - bound) / before
  /// Of the possible reduction, the share this proposal achieves (1 when
  /// nothing could be reduced).
  double distance_reduction_achieved_share = 0.0;
};

/// Why an at-risk organic parcel that the proposal does not keep organic is
/// lost: the reason that binds for the parcel alone, everything else as
/// proposed (docs/model.md, "Why organic land is lost").
struct LostOrganicRecord {
  std::string parcel_id;
  double area_ha = 0.0;
  /// no_farm_in_reach: no organic or converting farm with a demand within its
  ///   reach (max_distance_km) of the parcel;
  /// offer_fits_no_demand: the offer's modes fit no such farm's demand;
  /// demand_met: each farm it fits has no room for it in its wanted area;
  /// rule: a hard rule of the scenario stops the nearest with room (`rule`:
  ///   the one that stops most of them);
  /// costs_more: the best farm's taking it lowers the objective (`cost_eur`);
  /// search_missed: a farm could take it and the objective would rise.
  std::string reason;
  std::string farm_id;       ///< the farm nearest to taking it (the best, or the nearest in reach)
  std::string rule;          ///< for `rule`: the rule that binds
  double distance_km = 0.0;  ///< from farm_id's farmstead
  /// For costs_more: what the best farm's taking it lowers the objective by,
  /// and the keep_organic weight at which it would pay.
  double cost_eur = 0.0;
  double keep_weight_eur_per_ha = 0.0;
};

struct ProposalRecord {
  std::vector<DealRecord> deals;
  std::vector<TransferRecord> transfers;
  std::vector<ParticipantRecord> participants;
  std::vector<LostOrganicRecord> lost_organic;
  Kpis kpis;
};

/// The reason codes of LostOrganicRecord::reason, in the order reports list them.
inline constexpr std::array<const char*, 6> kLossReasons = {
    "no_farm_in_reach", "offer_fits_no_demand", "demand_met", "rule",
    "costs_more",       "search_missed"};

/// KPIs as JSON text (stored with the run).
std::string kpis_to_json(const Kpis& kpis);

}  // namespace landpool
