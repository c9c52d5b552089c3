#include "solver/optimiser.hpp"

#include <algorithm>
#include <cmath>
#include <future>
#include <optional>
#include <vector>

#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "solver/backends/lp_relaxation.hpp"
#include "solver/model/model_builder.hpp"
#include "solver/problem/independent_parts.hpp"
#include "solver/problem/problem.hpp"
#include "solver/search/construction.hpp"
#include "solver/search/first_exchanges.hpp"
#include "solver/search/local_search.hpp"
#include "solver/search/part_improvement.hpp"
#include "solver/search/reallocation.hpp"

namespace landpool::solver {
namespace {

/// Smaller models go to CBC first: it proves many of them optimal in a few
/// hundred nodes. From this size CBC's root alone takes a third of a minute,
/// and the search does better without it.
constexpr std::size_t kNeighbourhoodSearchFromColumns = 2000;
/// CBC's work limit on a smaller model: nodes per second of the time limit
/// and thousand columns (a node costs more on a larger model), at least 20,
/// at most 16 per second (a small region's re-run may need 240 nodes of about
/// 20 ms). Where it proves nothing by then, the neighbourhood search takes
/// over from CBC's best.
constexpr double kCbcNodesPerSecondAndThousandColumns = 4.0;
constexpr double kCbcMostNodesPerSecond = 16.0;
int cbc_first_nodes(double time_limit_s, std::size_t columns) {
  const double per_second =
      std::min(kCbcMostNodesPerSecond, kCbcNodesPerSecondAndThousandColumns * 1000.0 /
                                           static_cast<double>(std::max<std::size_t>(1, columns)));
  return std::max(20, static_cast<int>(per_second * time_limit_s));
}
/// At most this share of the time left for that attempt (a safety net).
constexpr double kCbcFirstShare = 0.5;
/// The construction's local search verifies the whole proposal in each
/// trial. Its work limit is the trials that fit kLocalSearchShare of the
/// part's share of the time limit at this many seconds per trial and pair of
/// neighbouring parcels, at most kLocalSearchTrials, so that the machine's
/// speed does not decide where it stops. A work measure with a margin, not
/// the indexed verifier's cost (about 5e-8 s): at that cost, or a larger
/// share, the default region ends lower or too near the deadline to repeat.
constexpr double kTrialSecondsPerNeighbourPair = 1.6e-7;
/// Pool parcels a farm tries in the construction heuristic.
constexpr std::size_t kConstructionTriesPerFarm = 40;
constexpr double kLocalSearchShare = 0.04;
/// The exchange search's trials verify the whole proposal too: at most the
/// trials that fit this share. Only the largest regions reach it (30,000
/// parcels: 173 trials at 60 s); the others stop when a round keeps nothing.
constexpr double kExchangeSearchShare = 0.03;
constexpr long kLocalSearchTrials = 8000;
/// The distance bound's LP (bounds/distance_bound.hpp) runs after the search,
/// for at most this share of the time limit and at most 30 s; past that, the
/// weaker bound of the duals it stopped with is reported.
constexpr double kDistanceBoundShare = 0.25;
constexpr double kDistanceBoundMost_s = 30.0;

/// The last run's open proposal within `part` (its transfers still possible,
/// the held ones added) as column values, or nullopt when it proposed
/// nothing here or no longer satisfies every row.
std::optional<std::vector<double>> carried_start(const Problem& part, const BuiltModel& built,
                                                 const std::vector<std::size_t>& held) {
  std::vector<std::size_t> chosen = held;
  for (std::size_t c = 0; c < part.candidates.size(); ++c) {
    if (part.candidates[c].previously_proposed && !part.candidates[c].held)
      chosen.push_back(c);
  }
  if (chosen.size() == held.size())
    return std::nullopt;
  auto values = start_values(part, built, chosen);
  if (built.model.first_violation(values))
    return std::nullopt;
  return values;
}

/// "rule R farm F parcel P: message" (farm and parcel where the violation names them).
std::string violation_text(const Violation& v) {
  return fmt::format("rule {}{}{}: {}", v.rule, v.farm_id.empty() ? "" : " farm " + v.farm_id,
                     v.parcel_id.empty() ? "" : " parcel " + v.parcel_id, v.message);
}

/// Why each held transfer in `impossible` can no longer be made, as the
/// verifier sees the held transfers alone: the first violation about its
/// parcel, else about its receiving farm ("held transfer of P7 to F2: rule
/// who_may_move farm F2 parcel P7: ...").
std::string held_conflicts(const Region& region, const std::vector<ParcelNeighbours>& neighbours,
                           const Scenario& scenario, const Date& as_of, const CarryOver& carry,
                           const std::vector<ProposedTransfer>& impossible) {
  const auto evaluation = verify_proposal(region, neighbours, scenario, as_of, carry.held);
  std::vector<std::string> reasons;
  for (const auto& t : impossible) {
    std::string why;
    for (const auto& v : evaluation.violations) {
      const bool about_it =
          v.parcel_id == t.parcel_id || (v.parcel_id.empty() && v.farm_id == t.to_farm_id);
      if (about_it && why.empty())
        why = violation_text(v);
    }
    reasons.push_back(fmt::format("held transfer of {} to {}: {}", t.parcel_id, t.to_farm_id,
                                  why.empty() ? "no longer possible" : why));
  }
  std::string text;
  for (const auto& reason : reasons)
    text += (text.empty() ? "" : "; ") + reason;
  return text;
}

/// The verifier's violations of the held transfers alone, at most five:
/// ": rule R farm F parcel P: message; ...", or "" when it finds none.
std::string held_violations(const Region& region, const std::vector<ParcelNeighbours>& neighbours,
                            const Scenario& scenario, const Date& as_of, const CarryOver& carry) {
  constexpr std::size_t kMostNamed = 5;
  const auto evaluation = verify_proposal(region, neighbours, scenario, as_of, carry.held);
  std::string text;
  for (std::size_t i = 0; i < std::min(kMostNamed, evaluation.violations.size()); ++i)
    text += (i == 0 ? ": " : "; ") + violation_text(evaluation.violations[i]);
  if (evaluation.violations.size() > kMostNamed)
    text += fmt::format("; and {} more", evaluation.violations.size() - kMostNamed);
  return text;
}

}  // namespace

LinearModel build_plain_model(const Region& region, const std::vector<ParcelNeighbours>& neighbours,
                              const Scenario& scenario, const Date& as_of, const CarryOver& carry) {
  return build_model(build_problem(region, neighbours, scenario, as_of, carry)).model;
}

namespace {

/// What every part's stages read: the inputs and the clock of the whole run.
struct RunInputs {
  const Region& region;
  const std::vector<ParcelNeighbours>& neighbours;
  const Scenario& scenario;
  const Date& as_of;
  const CarryOver& carry;
  const Problem& whole;
  SteadyTime start;
};

/// A part's start: column values that satisfy every row (`ok`), and its held
/// candidates (always chosen).
struct PartStart {
  std::vector<double> values;
  bool ok = false;
  std::vector<std::size_t> held;
};

/// The heuristics' verified first proposal within `time_left_s` (the
/// construction, exchanges and local search, each with a work limit from
/// `work_limit_s`, the first search cycle's time limit, and a quarter of the
/// time as a safety net), the held deals added; else the held
/// deals alone; the last run's proposal instead where it still holds and is
/// worth more (a run on unchanged data then never proposes less than the one
/// before).
PartStart first_proposal(const RunInputs& run, const Problem& part, std::size_t i,
                         const BuiltModel& built, double time_left_s, double work_limit_s) {
  const auto heuristic_start = std::chrono::steady_clock::now();
  const auto deadline = seconds_from_now(0.25 * time_left_s);
  auto chosen = construct_proposal(part, built, kConstructionTriesPerFarm, deadline);
  spdlog::debug("part {}: construction {:.2f} s, {} transfers", i, seconds_since(heuristic_start),
                chosen.size());
  const double part_share =
      static_cast<double>(part.candidates.size()) /
      static_cast<double>(std::max<std::size_t>(1, run.whole.candidates.size()));
  const double trial_s = kTrialSecondsPerNeighbourPair *
                         static_cast<double>(std::max<std::size_t>(1, run.neighbours.size()));
  auto trials_in = [&](double share) {
    return static_cast<long>(share * work_limit_s * part_share / trial_s);
  };
  const long local_search_trials =
      std::clamp(trials_in(kLocalSearchShare), 100L, kLocalSearchTrials);
  // At least 2,000 verified exchange trials, more where many parcels may
  // move, as far as they fit their share (at least 100).
  const long exchange_trials = std::min(std::max(2000L, static_cast<long>(part.parcels.size())),
                                        std::max(100L, trials_in(kExchangeSearchShare)));
  chosen = add_exchanges(part, run.neighbours, std::move(chosen), exchange_trials, deadline);
  chosen =
      improve_proposal(part, run.neighbours, std::move(chosen), 3, local_search_trials, deadline);
  PartStart start;
  for (std::size_t c = 0; c < part.candidates.size(); ++c) {
    if (part.candidates[c].held)
      start.held.push_back(c);
  }
  for (std::size_t c : start.held) {
    if (std::find(chosen.begin(), chosen.end(), c) == chosen.end())
      chosen.push_back(c);
  }
  start.values = start_values(part, built, chosen);
  spdlog::debug("part {}: construction heuristic {:.2f} s, value {:.0f}", i,
                seconds_since(heuristic_start), built.model.objective_of(start.values));
  const auto start_violation = built.model.first_violation(start.values);
  start.ok = !start_violation;
  if (start.ok) {
    spdlog::info("part {}: first proposal after {:.1f} s, value {:.0f}", i,
                 seconds_since(run.start), built.model.objective_of(start.values));
  } else {
    spdlog::debug("part {}: the heuristics' proposal breaks {}; starting from the held deals", i,
                  *start_violation);
    start.values = start_values(part, built, start.held);
    start.ok = !built.model.first_violation(start.values);
  }
  if (auto carried = carried_start(part, built, start.held); carried) {
    const double carried_value = built.model.objective_of(*carried);
    if (!start.ok || carried_value > built.model.objective_of(start.values)) {
      spdlog::info("part {}: the last proposal still holds and is worth more, value {:.0f}", i,
                   carried_value);
      start.values = std::move(*carried);
      start.ok = true;
    }
  }
  return start;
}

/// Solves one part from its start: the neighbourhood search for a large
/// model; else CBC first within a work limit of nodes (so that runs repeat;
/// its share of the clock is the safety net) and, unless it proved the part,
/// the search from CBC's best with CBC's bound kept; CBC alone without a start.
SolveResult solve_part(const RunInputs& run, const Problem& part, std::size_t i,
                       const BuiltModel& built, const PartShape& shape, PartStart start,
                       MipBackend& backend, PartBounds& bounds, SolveSettings settings,
                       double reserve_s, double share) {
  const auto& scenario = run.scenario;
  double swaps_s = 0.0;
  if (start.ok) {
    // Whole holdings redrawn at once where many farms exchange, then pairwise
    // swaps over the whole region, each within a quarter of the time left (a
    // safety net; their rounds and evaluations are the work limits).
    start.values = reallocate(part, built, std::move(start.values), ReallocationSettings{},
                              seconds_from_now(0.25 * settings.time_limit_s));
    const auto swaps_start = std::chrono::steady_clock::now();
    start.values = search_swaps(part, built, std::move(start.values), SwapSearchSettings{},
                                seconds_from_now(0.25 * settings.time_limit_s));
    swaps_s = seconds_since(swaps_start);
  }
  if (!start.ok)
    return backend.solve(built.model, settings);
  if (built.model.columns.size() >= kNeighbourhoodSearchFromColumns)
    return search_part(part, i, built, shape, std::move(start.values), backend, scenario, bounds,
                       run.start, reserve_s, share, swaps_s);
  settings.start = std::move(start.values);
  settings.max_nodes = cbc_first_nodes(scenario.solver.time_limit_s, built.model.columns.size());
  settings.time_limit_s *= kCbcFirstShare;
  SolveResult solved = backend.solve(built.model, settings);
  if (solved.call_ok && solved.has_solution() && solved.status != SolveStatus::optimal &&
      solved.status != SolveStatus::gap_limit) {
    spdlog::info("part {}: CBC proved no {:.2f} % gap within {} nodes ({:.1f} s); searching on", i,
                 100.0 * scenario.solver.relative_gap, *settings.max_nodes, solved.seconds);
    const double cbc_bound = solved.bound;
    bounds = start_part_bounds(part, built, shape, i, scenario.solver.time_limit_s,
                               scenario.solver.time_limit_s - reserve_s - seconds_since(run.start));
    solved = search_part(part, i, built, shape, std::move(solved.values), backend, scenario, bounds,
                         run.start, reserve_s, share, swaps_s);
    settle_bound(solved, std::min(solved.bound, cbc_bound), scenario.solver.relative_gap);
  }
  return solved;
}

/// The parts' results added up as they come.
struct PartsSoFar {
  double bound = 0.0, model_objective = 0.0;
  bool all_proven = true, any_gap_stop = false, any_missing = false;
};

/// Takes a part's result into `result` and `so_far`; false (with
/// `result.error`, or an infeasible status for held deals) when the run stops.
bool take_part(const RunInputs& run, const Problem& part, std::size_t i, const BuiltModel& built,
               const SolveResult& solved, bool has_held, PartsSoFar& so_far,
               OptimiseResult& result) {
  spdlog::debug("part {}: {} after {:.2f} s, objective {:.0f}, bound {:.0f}", i,
                to_string(solved.status), solved.seconds, solved.objective, solved.bound);
  if (!solved.call_ok) {
    result.error = solved.error;
    return false;
  }
  if (solved.status == SolveStatus::infeasible && has_held) {
    result.call_ok = true;
    result.status = SolveStatus::infeasible;
    result.error = "the deals on hold no longer fit the rules together (release them)" +
                   held_violations(run.region, run.neighbours, run.scenario, run.as_of, run.carry);
    return false;
  }
  if (solved.status == SolveStatus::infeasible || solved.status == SolveStatus::unbounded) {
    // Doing nothing is always allowed, so this is a modelling error.
    result.error =
        std::string("part ") + std::to_string(i) + " reported " + to_string(solved.status);
    return false;
  }
  if (!solved.has_solution()) {
    so_far.any_missing = true;
    so_far.bound += solved.bound;
    return true;
  }
  if (auto violation = built.model.first_violation(solved.values, 1e-5)) {
    result.error = "the solver's solution breaks the model: " + *violation;
    return false;
  }
  so_far.all_proven = so_far.all_proven && solved.status == SolveStatus::optimal;
  so_far.any_gap_stop = so_far.any_gap_stop || solved.status == SolveStatus::gap_limit;
  so_far.bound += std::max(solved.bound, solved.objective);
  so_far.model_objective += solved.objective;
  for (std::size_t c = 0; c < part.candidates.size(); ++c) {
    if (solved.values[static_cast<std::size_t>(built.choose[c])] >= 0.5)
      result.transfers.push_back(transfer_of(part, c));
  }
  return true;
}

/// Builds and solves part `i`; false when the run stops (see take_part).
bool optimise_part(const RunInputs& run, const std::vector<Problem>& parts, std::size_t i,
                   MipBackend& backend, PartsSoFar& so_far, OptimiseResult& result) {
  const auto& part = parts[i];
  const auto& scenario = run.scenario;
  const auto build_start = std::chrono::steady_clock::now();
  const BuiltModel built = build_model(part);
  spdlog::debug("part {}: {} columns, {} rows built in {:.2f} s", i, built.model.columns.size(),
                built.model.rows.size(), seconds_since(build_start));
  result.columns += static_cast<long>(built.model.columns.size());
  result.rows += static_cast<long>(built.model.rows.size());
  // What is left at the end, less time for verifying and storing the
  // proposal, which grows with the model (about 5 s at 870,000 columns).
  const double reserve_s = std::min(0.1 * scenario.solver.time_limit_s,
                                    5e-6 * static_cast<double>(built.model.columns.size()));
  // A model for the neighbourhood search gets its LP relaxation (the bound,
  // and the guide of the later neighbourhoods), or the Volume bound where
  // that LP is too large or the part a consolidation, from the start,
  // beside the heuristics and CBC's sub-MIPs on the other core (the search
  // waits for it).
  const PartShape shape = part_shape(built);
  PartBounds bounds;
  if (built.model.columns.size() >= kNeighbourhoodSearchFromColumns)
    bounds = start_part_bounds(part, built, shape, i, scenario.solver.time_limit_s,
                               scenario.solver.time_limit_s - reserve_s - seconds_since(run.start));
  SolveSettings settings;
  settings.time_limit_s = std::max(1.0, scenario.solver.time_limit_s - seconds_since(run.start));
  settings.relative_gap = scenario.solver.relative_gap;
  settings.threads = scenario.solver.threads;
  settings.seed = scenario.solver.seed;
  // The heuristics work as in the first search cycle, so that a run of
  // several cycles starts as a run of one cycle's time limit would.
  const double cycle_s = scenario.solver.time_limit_s / search_cycles(shape, scenario.solver);
  auto start = first_proposal(run, part, i, built, settings.time_limit_s, cycle_s);
  const bool has_held = !start.held.empty();
  settings.time_limit_s = std::max(1.0, scenario.solver.time_limit_s - seconds_since(run.start));
  long candidates_left = 0;
  for (std::size_t j = i; j < parts.size(); ++j)
    candidates_left += static_cast<long>(parts[j].candidates.size());
  const double share = static_cast<double>(part.candidates.size()) /
                       static_cast<double>(std::max(1L, candidates_left));
  const auto solved = solve_part(run, part, i, built, shape, std::move(start), backend, bounds,
                                 settings, reserve_s, share);
  return take_part(run, part, i, built, solved, has_held, so_far, result);
}

/// The verifier's check of the whole proposal, the proven bound and the
/// status; false (with `result.error`) when the verifier disagrees.
bool finish(const RunInputs& run, const PartsSoFar& so_far, OptimiseResult& result) {
  result.evaluation = verify_proposal(run.region, run.neighbours, run.scenario, run.as_of,
                                      result.transfers, run.carry);
  if (!result.evaluation.valid()) {
    const auto& v = result.evaluation.violations.front();
    result.error = "the verifier rejects the proposal: " + v.rule + " " + v.farm_id + " " +
                   v.parcel_id + ": " + v.message;
    return false;
  }
  result.objective_eur = result.evaluation.objective_eur;
  for (const char* term : kObjectiveTermNames) {
    if (const auto it = result.evaluation.terms_eur.find(term);
        it != result.evaluation.terms_eur.end())
      spdlog::debug("verifier: objective term {} {:.0f} EUR", term, it->second);
  }
  const double model_objective = so_far.model_objective;
  if (std::abs(result.objective_eur - model_objective) >
          1e-4 * std::max(1.0, std::abs(model_objective)) &&
      result.objective_eur < model_objective) {
    result.error = "the verifier's objective is below the model's";
    return false;
  }
  result.bound_eur = std::max(so_far.bound, result.objective_eur);
  result.gap = relative_gap(result.bound_eur, result.objective_eur);
  result.call_ok = true;
  result.distance = distance_bound(
      run.whole, result.transfers,
      std::min(kDistanceBoundMost_s, kDistanceBoundShare * run.scenario.solver.time_limit_s));
  if (so_far.any_missing) {
    result.status = result.transfers.empty() ? SolveStatus::time_limit_without_solution
                                             : SolveStatus::time_limit_with_solution;
  } else if (so_far.all_proven) {
    result.status = SolveStatus::optimal;
  } else {
    result.status =
        so_far.any_gap_stop ? SolveStatus::gap_limit : SolveStatus::time_limit_with_solution;
  }
  return true;
}

}  // namespace

OptimiseResult optimise(const Region& region, const std::vector<ParcelNeighbours>& neighbours,
                        const Scenario& scenario, const Date& as_of, MipBackend& backend,
                        const CarryOver& carry) {
  const auto start = std::chrono::steady_clock::now();
  OptimiseResult result;
  const Problem whole = build_problem(region, neighbours, scenario, as_of, carry);
  if (!whole.impossible_held.empty()) {
    result.call_ok = true;
    result.status = SolveStatus::infeasible;
    result.error =
        "deals on hold can no longer be kept (release them): " +
        held_conflicts(region, neighbours, scenario, as_of, carry, whole.impossible_held);
    return result;
  }
  result.candidates = static_cast<long>(whole.candidates.size());
  result.movable_parcels = static_cast<long>(whole.parcels.size());
  result.farms = static_cast<long>(whole.farms.size());
  const auto parts = split_into_parts(whole);
  result.parts = static_cast<int>(parts.size());
  spdlog::debug("optimiser: {} farms, {} movable parcels, {} candidates in {} independent parts",
                whole.farms.size(), whole.parcels.size(), whole.candidates.size(), parts.size());
  const RunInputs run{region, neighbours, scenario, as_of, carry, whole, start};
  PartsSoFar so_far;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (!optimise_part(run, parts, i, backend, so_far, result))
      return result;
  }
  if (finish(run, so_far, result))
    result.seconds = seconds_since(start);
  return result;
}

}  // namespace landpool::solver
