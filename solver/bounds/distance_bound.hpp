#pragma once
// The least farm-parcel travel any proposal could reach: the transportation
// relaxation of the problem. Every movable parcel may go, in any fraction,
// to any farm its candidates allow (the scenario's reach and rules), and each
// farm's net area stays within its band of rule demand_balance; nothing else
// is asked. Its optimum bounds the travel of every proposal that keeps rule
// demand_balance, so a run can say how much of the possible distance
// reduction it achieves (docs/model.md, "Distance bound").

#include "solver/problem/problem.hpp"

namespace landpool::solver {

struct DistanceBound {
  /// Travel of the problem's farms (area x farm-parcel distance over the
  /// land they use now), before any transfer.
  double travel_before_ha_km = 0.0;
  /// The least travel of the same farms any proposal could reach; equal to
  /// travel_before_ha_km when nothing can shorten it.
  double least_travel_ha_km = 0.0;
  /// Travel of the same farms after the proposal the bound is taken for.
  double travel_after_ha_km = 0.0;
  bool proven = false;  ///< the LP was solved; else the weaker bound of its duals when stopped
  double seconds = 0.0;
};

/// Solves the relaxation with Clp within `time_limit_s`, and measures the
/// travel after `transfers` alike. Rule demand_balance in penalty or off mode
/// leaves the areas free (the bound stays valid).
DistanceBound distance_bound(const Problem& problem, const std::vector<ProposedTransfer>& transfers,
                             double time_limit_s);

}  // namespace landpool::solver
