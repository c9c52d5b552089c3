#pragma once
// A scenario: the optimiser's weights (euros), rule switches, defaults for
// what demands leave open, and solver settings. Read from TOML
// (scenarios/default.toml documents every key); docs/model.md gives each
// weight's assumption or source.

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "core/enums.hpp"
#include "core/messages.hpp"
#include "core/region.hpp"

namespace landpool {

/// How a rule is applied: as a hard constraint, as a penalty in the
/// objective (euros per unit of violation), or not at all.
enum class RuleMode { hard, penalty, off };

struct RuleSetting {
  RuleMode mode = RuleMode::hard;
  double penalty_eur = 0.0;  ///< per unit of violation (see docs/model.md)
};

/// The named rules of the model, in the order of docs/model.md.
enum class RuleId {
  who_may_move,
  organic_stays_organic,
  offer_conditions,
  demand_balance,
  nobody_worse_off,
  partners,
  deal_caps,
  government_land,
  government_caps
};
inline constexpr std::array<const char*, 9> kRuleNames = {
    "who_may_move",   "organic_stays_organic", "offer_conditions",
    "demand_balance", "nobody_worse_off",      "partners",
    "deal_caps",      "government_land",       "government_caps"};

struct ScenarioWeights {
  double keep_organic_eur_per_ha = 4000.0;     ///< at-risk organic land kept organic
  double organic_gain_eur_per_ha = 1000.0;     ///< a hectare newly brought into conversion
  double area_wanted_eur_per_ha_year = 300.0;  ///< a wanted hectare's worth to its farm
  double conversion_eur_per_ha_year = 800.0;   ///< income lost while land converts
  double travel_eur_per_ha_km_year = 25.0;     ///< machinery trips farmstead–parcel
  double consolidation_eur_per_m_year = 2.0;   ///< boundary shared with the farm's own land
  double block_eur_per_year = 0.0;             ///< per block a farm works: moving between blocks
  double organic_contiguity_eur_per_m_year = 1.0;  ///< organic–organic boundary
  double drift_border_eur_per_m_year = 1.0;        ///< organic–conventional boundary
  double transaction_eur_per_parcel = 250.0;       ///< notary, survey, paperwork per parcel
  double transaction_eur_per_deal = 1000.0;        ///< the table's hours and the deed's fixed fees
  double appraisal_years = 5.0;                    ///< years over which yearly terms count

  /// What a pair of neighbouring parcels both used by one farm is worth to
  /// it over the appraisal years: their shared boundary with its own land,
  /// and one block fewer where they share one (docs/model.md, rule 5).
  double own_pair_eur(double shared_boundary_m) const {
    return consolidation_eur_per_m_year * appraisal_years * shared_boundary_m +
           (shared_boundary_m > 0.0 ? block_eur_per_year * appraisal_years : 0.0);
  }
};

struct ScenarioDefaults {
  double tolerance_pct = 10.0;
  double max_distance_km = 5.0;
  int max_partners = 3;
  int horizon_months = 24;
};

/// How transfers are packed into deals a negotiation table can sign. A deal
/// is the set of farms linked by farm-to-farm transfers (each farm is in one
/// deal per run) with the pool land they receive. Without pool land it is a
/// ring of at most max_ring_parties farms; with pool land a chain of at most
/// max_chain_links links (pool -> A -> B -> C is 3 links, so 3 farms; a
/// lease of pool land to one farm is always allowed).
struct ScenarioDeals {
  int max_ring_parties = 3;
  int max_chain_links = 4;
  double transfer_tax_pct = 10.4;  ///< on land changing owner outside a kavelruil
  /// Values the use of a parcel without a recorded lease rent: a use
  /// exchange settles its difference in these euros per year.
  double rent_eur_per_ha_year = 850.0;
  /// false: two farms may not exchange land as a deal of their own (without
  /// pool land); exchanges then need a ring of at least three farms.
  bool two_party_swaps = true;
  /// true: a farm's own parcel given in an exchange to a farm that wants to
  /// own land (demand mode `buy`) changes owner (a kavelruil or, with fewer
  /// owners, a sale); false: every exchange between farms is of use only.
  bool ownership_exchanges = true;

  /// The most farms a deal may have.
  int max_farms(bool has_pool_land) const {
    return has_pool_land ? (max_chain_links > 1 ? max_chain_links : 1) : max_ring_parties;
  }
};

/// Who may receive government land (rule government_land), from the
/// strictest to the loosest.
enum class Eligibility { organic, organic_or_converting, committed_to_convert, everyone };
inline constexpr std::array<const char*, 4> kEligibilityNames = {
    "organic", "organic_or_converting", "committed_to_convert", "everyone"};

/// Farms that get priority for government land: a bonus in euros per hectare
/// of government land they receive (an objective term, not the farm's gain).
enum class PriorityGroup { young_farmers, in_cluster_zone, organic_nearby, lease_ends };
inline constexpr std::array<const char*, 4> kPriorityGroupNames = {
    "young_farmers", "in_cluster_zone", "organic_nearby", "lease_ends"};

struct Priority {
  PriorityGroup group = PriorityGroup::young_farmers;
  double bonus_eur_per_ha = 0.0;
  double radius_km = 2.0;  ///< organic_nearby: organic land within this of the farmstead
  double top_pct = 25.0;   ///< organic_nearby: this share of the farms with a demand, most first
};

/// A zone where organic land should cluster: a circle or a polygon (RD New).
/// Land inside it that becomes or stays organic through the proposal earns
/// organic_bonus_eur_per_ha once; land inside that leaves organic use costs it.
struct ClusterZone {
  std::optional<PointRd> centre;
  /// Centre the circle on the region's organic core: the organic parcel with
  /// the most organic hectares within radius_m (so one file fits any region).
  bool centre_on_organic_core = false;
  double radius_m = 0.0;
  std::string polygon_wkt;
  double organic_bonus_eur_per_ha = 0.0;
  bool active() const {
    return centre.has_value() || centre_on_organic_core || !polygon_wkt.empty();
  }
};

/// How the municipality's (or province's) own land positions are given out.
/// Government land: offered parcels whose offering owner has one of
/// owner_kinds. Rule government_land checks eligibility and the sale ban,
/// rule government_caps the per-farm caps.
struct GovernmentLand {
  std::vector<OwnerKind> owner_kinds{OwnerKind::government};
  Eligibility eligibility = Eligibility::everyone;
  std::optional<int> lease_years_max;            ///< written on each lease of government land
  std::optional<double> rent_eur_per_ha_year;    ///< written on each lease of government land
  bool sale_allowed = true;                      ///< false: lease or exchange only
  std::optional<double> max_share_pct_per_farm;  ///< of the government land offered
  std::optional<double> max_ha_per_farm;         ///< government land one farm may receive
  bool pays_conversion = false;  ///< the owner bears conversion costs of its land, not the farm
  std::vector<Priority> priorities;

  bool is_government(OwnerKind kind) const {
    for (const auto k : owner_kinds)
      if (k == kind)
        return true;
    return false;
  }
};

/// The quarterly cycle (docs/workflow.md): how the next proposal builds on
/// the last one and on the decisions taken.
/// How key figures are read (docs/model.md, KPIs).
struct ScenarioKpis {
  /// Organic land counts as clustered in clusters of at least this many hectares.
  double cluster_min_ha = 20.0;
};

/// What people read: the language of the report, workbook and summaries
/// when a command is given no --lang.
struct ScenarioReport {
  Language language = Language::en;
};

struct ScenarioCycle {
  /// Euros per transfer of the last run's open proposal proposed again: a
  /// small weight keeps proposals stable between quarters with little change
  /// while a clearly better opportunity still wins.
  double stability_eur_per_transfer = 500.0;
  /// true: a farm that refused a partner may be paired with it again.
  bool pair_refused_partners = false;
};

struct SolverSettings {
  double time_limit_s = 60.0;
  /// A time limit of n times this (n >= 1) searches in n cycles, each with
  /// the work limits of an n-th of the limit, the later ones from the best
  /// proposal so far; a consolidation in one (docs/model.md, "Search cycles").
  double search_cycle_s = 60.0;
  double relative_gap = 0.001;
  int threads = 2;
  int seed = 1;
};

struct Scenario {
  std::string name = "default";
  ScenarioWeights weights;
  ScenarioDefaults defaults;
  ScenarioDeals deals;
  GovernmentLand government;
  ClusterZone cluster_zone;
  ScenarioCycle cycle;
  ScenarioKpis kpis;
  ScenarioReport report;
  SolverSettings solver;
  std::array<RuleSetting, kRuleNames.size()> rules{};
  std::string source_text;  ///< the TOML as read, stored with each run

  const RuleSetting& rule(RuleId id) const { return rules[static_cast<std::size_t>(id)]; }
  RuleSetting& rule(RuleId id) { return rules[static_cast<std::size_t>(id)]; }
};

}  // namespace landpool
