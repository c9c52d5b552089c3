#pragma once
// The optimisation problem as plain data, derived from the region, its
// neighbour pairs and the scenario: which farms take part, which parcels may
// move (rule who_may_move (1)), and to whom each may go (rules
// organic_stays_organic (2) and offer_conditions (3) and the distance limit of
// rule demand_balance (4) filter the candidates, or mark them when a rule is a
// penalty). The model builder and the verifier both start from this.

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/parcel_geometry.hpp"
#include "core/region.hpp"
#include "core/scenario.hpp"
#include "core/transfer.hpp"
#include "solver/problem/allocation.hpp"

namespace landpool::solver {

struct ProblemFarm {
  std::size_t region_index = 0;  ///< into Region::farms
  std::string farm_id;
  PointRd farmstead;
  /// Who owns what the farm acquires: the owner whose farm_id is this farm,
  /// else the farm's own id (as the proposal writes it).
  std::string owner_id;
  bool organic_managed = false;  ///< organic or converting
  bool converts = false;         ///< conventional, willing to convert
  double wants_min_ha = 0.0, wants_max_ha = 0.0;
  double tolerance_share = 0.1;  ///< of the hectares it gives
  double max_distance_m = 5000.0;
  int max_partners = 3;
  DemandModes modes;
  /// A farm that is organic, converting or converts: may receive organic land.
  bool may_receive_organic() const { return organic_managed || converts; }
};

struct MovableParcel {
  std::size_t region_index = 0;          ///< into Region::parcels
  std::optional<std::size_t> from_farm;  ///< giving farm (exchange); empty: pool land
  std::optional<std::size_t> offer;      ///< into Region::offers, for pool land
  std::string owner_id;
  Date available;
  bool organic = false;  ///< organic or converting now
  bool at_risk = false;  ///< organic pool land: reverts unless it goes to an organic farm
  bool perennial = false;
  bool government = false;  ///< government land (scenario [government_land])
  bool in_zone = false;     ///< inside the scenario's cluster zone
};

struct Candidate {
  std::size_t parcel = 0;  ///< into Problem::parcels
  std::size_t farm = 0;    ///< into Problem::farms
  TransferForm form = TransferForm::lease;
  double distance_m = 0.0;
  bool changes_owner = false;           ///< a sale or ownership exchange to another owner
  bool breaks_organic_rule = false;     ///< only when rule organic_stays_organic (2) is a penalty
  bool breaks_offer_rule = false;       ///< only when rule offer_conditions (3) is a penalty
  bool breaks_government_rule = false;  ///< only when rule government_land is a penalty
  bool held = false;                    ///< part of a deal on hold: must be chosen
  bool previously_proposed = false;     ///< in the last run's open proposal (stability bonus)
};

/// A neighbour pair that involves at least one movable parcel.
struct ProblemPair {
  std::size_t a = 0, b = 0;  ///< into Region::parcels
  double shared_boundary_m = 0.0;
};

struct Problem {
  const Region* region = nullptr;
  Scenario scenario;
  Date as_of;
  std::vector<ProblemFarm> farms;
  std::vector<MovableParcel> parcels;
  std::vector<Candidate> candidates;
  std::vector<ProblemPair> pairs;
  /// Per region parcel: index into `parcels` when movable.
  std::vector<std::optional<std::size_t>> movable_index;
  /// Per region farm: index into `farms` when it has a demand.
  std::vector<std::optional<std::size_t>> farm_index;
  /// Shared by the parts a problem splits into (region-sized vectors).
  std::shared_ptr<const AllocationFacts> allocation;
  std::shared_ptr<const CarryOver> carry;  ///< never null
  /// Held transfers that are no longer possible (the region changed): the
  /// optimiser reports them and proposes nothing until they are released.
  std::vector<ProposedTransfer> impossible_held;
};

/// Candidate `c` of `problem` as a transfer by ids.
ProposedTransfer transfer_of(const Problem& problem, std::size_t c);

/// The candidates `chosen` as transfers by ids, in their order.
std::vector<ProposedTransfer> transfers_of(const Problem& problem,
                                           const std::vector<std::size_t>& chosen);

/// The form a pool parcel changes hands in, given what the owner offers and
/// what the farm wants; nullopt when they have no mode in common. Forms that
/// change no owner come first: they are never worse (no transfer tax).
std::optional<TransferForm> pool_form(const Offer& offer, const DemandModes& wants,
                                      bool sale_allowed = true);

/// Filters and marks the candidates by `problem.carry` (carry_over.cpp).
void apply_carry_over(Problem& problem);

Problem build_problem(const Region& region, const std::vector<ParcelNeighbours>& neighbours,
                      const Scenario& scenario, const Date& as_of, const CarryOver& carry = {});

}  // namespace landpool::solver
