#pragma once
// The independent verifier: given the region, its neighbour pairs, the
// scenario and a list of proposed transfers (by id, as a file would carry
// them), it recomputes every rule and every number from the data alone.
// It shares no code with the model builder: a proposal is checked the way an
// outsider would check it. docs/model.md defines each quantity.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/objective_terms.hpp"
#include "core/parcel_geometry.hpp"
#include "core/region.hpp"
#include "core/scenario.hpp"
#include "solver/problem/problem.hpp"

namespace landpool::solver {

struct Violation {
  std::string rule;  ///< one of kRuleNames
  std::string farm_id;
  std::string parcel_id;
  std::string message;
};

/// One participating farm, as its farmer would weigh the proposal.
struct FarmOutcome {
  std::string farm_id;
  int parcels_received = 0;
  double received_ha = 0.0, given_ha = 0.0, net_ha = 0.0;
  /// Capital value of the land changing owner (sales, ownership exchanges).
  double value_received_eur = 0.0, value_given_eur = 0.0;
  double settlement_eur = 0.0;  ///< value received minus value given: positive = the farm pays
  /// Yearly use value of the land exchanged in use (area × rent per ha).
  double use_value_received_eur_per_year = 0.0, use_value_given_eur_per_year = 0.0;
  double settlement_eur_per_year = 0.0;  ///< use value received minus given: + = the farm pays
  double travel_before_ha_km = 0.0, travel_after_ha_km = 0.0;
  double own_boundary_before_m = 0.0, own_boundary_after_m = 0.0;
  /// Blocks as parcels minus pairs of them sharing a boundary (exact when no
  /// block's parcels close a ring), in the baseline and after; weight
  /// block_eur_per_year.
  int block_estimate_before = 0, block_estimate_after = 0;
  double conversion_cost_eur = 0.0;
  double gain_eur = 0.0;  ///< the farm's own measure (rule nobody_worse_off (5))
  int partners = 0;
};

struct Evaluation {
  std::vector<Violation> violations;        ///< of hard rules
  std::map<std::string, double> terms_eur;  ///< objective terms, by kObjectiveTermNames
  double objective_eur = 0.0;
  double penalties_eur = 0.0;
  std::vector<FarmOutcome> farms;  ///< participating farms, in region order
  double kept_organic_ha = 0.0;    ///< at-risk organic land that stays organic
  double lost_organic_ha = 0.0;    ///< at-risk organic land that reverts
  double converting_gained_ha = 0.0;
  std::vector<std::string> reverting_parcel_ids;  ///< at-risk organic land that reverts
  bool valid() const { return violations.empty(); }
};

/// Checks and evaluates `transfers` against the region as it is on `as_of`.
/// With `carry`, also checks the carry-over of earlier quarters (rule name
/// "carry_over", always hard) and counts the stability term.
Evaluation verify_proposal(const Region& region, const std::vector<ParcelNeighbours>& neighbours,
                           const Scenario& scenario, const Date& as_of,
                           const std::vector<ProposedTransfer>& transfers,
                           const CarryOver& carry = {});

/// The same verifier with the region indexed once (ids, pool land, the
/// neighbour pairs resolved to parcels), for many proposals on one region:
/// each deal's value alone, the heuristics' verified trials. `evaluate`
/// gives exactly what verify_proposal gives. The region, neighbours and
/// scenario must outlive it.
class ProposalVerifier {
 public:
  ProposalVerifier(const Region& region, const std::vector<ParcelNeighbours>& neighbours,
                   const Scenario& scenario, const Date& as_of);
  ~ProposalVerifier();
  ProposalVerifier(const ProposalVerifier&) = delete;
  ProposalVerifier& operator=(const ProposalVerifier&) = delete;

  Evaluation evaluate(const std::vector<ProposedTransfer>& transfers,
                      const CarryOver& carry = {}) const;

 private:
  struct Prepared;
  std::unique_ptr<Prepared> prepared_;
};

/// Whether `form` fits what the parcel's offer (if pool land) and the
/// receiving farm's demand allow (the mode condition of rule offer_conditions (3)).
bool form_allowed(const Offer* offer, const Demand& receiver, TransferForm form);

}  // namespace landpool::solver
