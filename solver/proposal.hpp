#pragma once
// A verified proposal in the form it is stored, listed and exported: parcel
// transfers grouped into deals (parties linked by transfers sign together),
// with the run's status and key figures.

#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/region.hpp"
#include "solver/optimiser.hpp"

namespace landpool::solver {

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
};

struct DealRecord {
  int deal_id = 0;
  std::string form;  ///< lease, lease_exchange, sale (kavelruil comes with the deals engine)
  Date effective_date;
  double area_ha = 0.0;
};

/// Key figures before and after, People / Planet / Profit (docs/model.md).
struct Kpis {
  double kept_organic_ha = 0.0, lost_organic_ha = 0.0, converting_gained_ha = 0.0;
  int participating_farms = 0, farms_better_off = 0;
  double smallest_gain_eur = 0.0;
  double demand_met_share = 0.0;  ///< of the hectares organic farms wanted at least
  double travel_before_ha_km = 0.0, travel_after_ha_km = 0.0;  ///< participants
  double own_boundary_before_m = 0.0, own_boundary_after_m = 0.0;
  double settlements_eur = 0.0;  ///< sum of absolute money settlements
  double transferred_ha = 0.0;
  int transfers = 0;
};

struct ProposalRecord {
  std::vector<DealRecord> deals;
  std::vector<TransferRecord> transfers;
  Kpis kpis;
};

/// Turns the optimiser's verified transfers into stored records.
ProposalRecord describe_proposal(const Region& region, const Date& as_of,
                                 const OptimiseResult& result);

/// KPIs as JSON text (stored with the run).
std::string kpis_to_json(const Kpis& kpis);

}  // namespace landpool::solver
