// The carry-over of earlier quarters into the problem (docs/workflow.md):
// a held deal's transfers become the only candidates of its parcels and
// farms and are marked to be chosen; candidates that pair a farm with a
// partner it refused go; the last run's open transfers are marked for the
// stability bonus. Refused deal shapes become rows of the model
// (model_carry_over.cpp).

#include <algorithm>
#include <set>
#include <unordered_map>

#include <spdlog/fmt/fmt.h>

#include "solver/problem/problem.hpp"

namespace landpool::solver {

void apply_carry_over(Problem& problem) {
  const auto& carry = *problem.carry;
  if (carry.empty())
    return;
  const auto& region = *problem.region;
  auto parcel_id = [&](const Candidate& c) {
    return region.parcels[problem.parcels[c.parcel].region_index].parcel_id;
  };
  auto farm_id = [&](std::size_t f) { return problem.farms[f].farm_id; };
  // The party a candidate's farm deals with: the giving farm, or the pool owner.
  auto partner_of = [&](const Candidate& c) {
    const auto& movable = problem.parcels[c.parcel];
    return movable.from_farm ? farm_id(*movable.from_farm) : movable.owner_id;
  };

  std::set<std::string> held_parcels, held_farms;
  std::set<std::pair<std::string, std::string>> held_pairs;
  for (const auto& t : carry.held) {
    held_parcels.insert(t.parcel_id);
    held_farms.insert(t.to_farm_id);
    held_pairs.insert({t.parcel_id, t.to_farm_id});
  }
  for (const auto& c : problem.candidates) {
    if (held_pairs.contains({parcel_id(c), farm_id(c.farm)}) && problem.parcels[c.parcel].from_farm)
      held_farms.insert(farm_id(*problem.parcels[c.parcel].from_farm));
  }
  std::set<std::pair<std::string, std::string>> refused;
  if (!problem.scenario.cycle.pair_refused_partners) {
    for (const auto& [farm, partner] : carry.refused_partners) {
      refused.insert({farm, partner});
      refused.insert({partner, farm});
    }
  }
  std::set<std::pair<std::string, std::string>> previous;
  for (const auto& t : carry.previous)
    previous.insert({t.parcel_id, t.to_farm_id});

  std::set<std::pair<std::string, std::string>> found_held;
  std::erase_if(problem.candidates, [&](Candidate& c) {
    const std::string parcel = parcel_id(c), farm = farm_id(c.farm);
    const auto& movable = problem.parcels[c.parcel];
    if (held_pairs.contains({parcel, farm})) {
      c.held = true;
      c.previously_proposed = previous.contains({parcel, farm});
      found_held.insert({parcel, farm});
      return false;
    }
    const bool giver_held = movable.from_farm && held_farms.contains(farm_id(*movable.from_farm));
    if (held_parcels.contains(parcel) || held_farms.contains(farm) || giver_held)
      return true;
    if (refused.contains({farm, partner_of(c)}))
      return true;
    c.previously_proposed = previous.contains({parcel, farm});
    return false;
  });
  for (const auto& t : carry.held) {
    if (!found_held.contains({t.parcel_id, t.to_farm_id}))
      problem.impossible_held.push_back(t);
  }
}

}  // namespace landpool::solver
