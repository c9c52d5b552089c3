#include "solver/search/part_improvement.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <spdlog/spdlog.h>

#include "solver/bounds/assignment_bound.hpp"
#include "core/clock.hpp"
#include "solver/search/local_search.hpp"
#include "solver/search/neighbourhood_search.hpp"
#include "solver/search/reallocation.hpp"

namespace landpool::solver {
namespace {

/// The annealing's work limit per second of the time limit (solver/search/local_search.hpp).
constexpr double kAnnealMovesPerSecond = 50000.0;
/// An annealing move's estimated cost, growing with the model (fitted on
/// models of 26,360 to 635,813 columns); the start test doubles it.
double anneal_move_seconds(std::size_t columns) {
  return 4e-7 + 5e-12 * static_cast<double>(columns);
}
/// The neighbourhood search's work limit in the sub-MIPs' simplex
/// iterations per second of the time limit (the part's share), for one
/// round. 1,800: below the slowest rate measured (the BRP sample's
/// sub-MIPs, 2,700-3,400 a second), so that a round ends at this limit
/// well before the deadline, not at the clock.
constexpr double kSubMipIterationsPerSecond = 1800.0;
/// All rounds of a part's neighbourhood search share one and a quarter
/// rounds' iterations (a work limit on the search as a whole, so that it ends
/// well within the time limit and runs repeat). An unguided round starts only
/// with a quarter of a round's left; the round guided by the LP always gets
/// at least that quarter (a 300-parcel region's only gain came within it).
constexpr double kSearchIterationRounds = 1.25;
constexpr double kLeastRoundShare = 0.25;
/// Subgradient steps of the assignment bound's multipliers per minute of the
/// time limit (solver/bounds/assignment_bound.hpp), at most 2,000: a work limit
/// (about 1 s for 200, then 2 s for the 100 that move the boundary shares,
/// on the BRP consolidation's 635,813 columns).
constexpr double kBoundIterationsPerMinute = 200.0;
/// The assignment bound's cost per column and multiplier step, measured on
/// the 2-core benchmark machine: 3.2e-8 s on the BRP consolidation (635,813
/// columns, 4.1 s for 200 steps), 0.8e-8 s on 10,000 parcels. The larger,
/// with a margin: an estimate from the model alone, so that whether the
/// bound is computed a second time repeats run to run.
constexpr double kBoundSecondsPerColumnAndIteration = 3.5e-8;
/// The second computation runs when that estimate fits this share of the
/// part's share of the time limit (the BRP consolidation at 60 s: 6.7 s of 9).
constexpr double kSecondBoundShare = 0.15;
/// The first computation takes at most the steps whose estimate fits this
/// share: at 60 s every benchmark region keeps its 200, and a short limit on
/// a model of millions of columns is not overrun by the bound.
constexpr double kFirstBoundShare = 0.2;

/// Progress on stderr while a part is searched: the proposal's value, the
/// best bound known so far and the gap, when the search starts, when the
/// LP's bound is taken, and at most every 5 s between sub-MIPs. What a user
/// watches during a long solve; it never changes the search.
class SearchProgress {
 public:
  SearchProgress(std::size_t index, SteadyTime run_start) : index_(index), run_start_(run_start) {}
  void tighten(double bound) { bound_ = std::min(bound_, bound); }
  void report(double objective, bool now = true) {
    const auto at = std::chrono::steady_clock::now();
    if (!now && at - last_ < kInterval)
      return;
    last_ = at;
    const double bound = std::max(bound_, objective);
    spdlog::info("part {}: {:.0f} s, proposal {:.0f} EUR, bound {:.0f} EUR, gap {:.2f} %", index_,
                 seconds_since(run_start_), objective, bound,
                 100.0 * relative_gap(bound, objective));
  }

 private:
  static constexpr std::chrono::seconds kInterval{5};
  std::size_t index_;
  SteadyTime run_start_;
  double bound_ = std::numeric_limits<double>::infinity();
  SteadyTime last_ = std::chrono::steady_clock::now();
};

}  // namespace

std::future<LpRelaxation> start_lp_relaxation(const BuiltModel& built, std::size_t index,
                                              double left_s) {
  const double lp_limit_s = 0.6 * left_s;
  auto left_out = deal_structure_columns(built);
  const double needed_s = estimated_lp_seconds(built.model, left_out);
  if (needed_s > lp_limit_s) {
    spdlog::info(
        "part {}: the LP relaxation would need about {:.0f} s, {:.0f} s are left; "
        "not started",
        index, needed_s, lp_limit_s);
    return {};
  }
  return std::async(std::launch::async,
                    [&model = built.model, lp_limit_s, left_out = std::move(left_out)] {
                      return solve_lp_relaxation(model, lp_limit_s, left_out);
                    });
}

void settle_bound(SolveResult& solved, double bound, double relative_gap_limit) {
  solved.bound = std::max(bound, solved.objective);
  solved.gap = relative_gap(solved.bound, solved.objective);
  solved.status = solved.gap <= 1e-9                 ? SolveStatus::optimal
                  : solved.gap <= relative_gap_limit ? SolveStatus::gap_limit
                                                     : SolveStatus::time_limit_with_solution;
}

SolveResult search_part(const Problem& part, std::size_t index, const BuiltModel& built,
                        std::vector<double> initial, MipBackend& backend, const Scenario& scenario,
                        std::future<LpRelaxation>& lp, SteadyTime run_start, double reserve_s,
                        double share, double swaps_s) {
  SolveResult solved;
  solved.call_ok = true;
  const double initial_value = built.model.objective_of(initial);
  solved.values = std::move(initial);
  // Where the LP does not finish, this bound is far better than the
  // columns' ranges; where it does, the smaller of two valid bounds holds.
  const auto bound_start = std::chrono::steady_clock::now();
  const double step_s = 1.5 * kBoundSecondsPerColumnAndIteration *  // and half as many again
                        static_cast<double>(built.model.columns.size());
  const double fitting_steps = kFirstBoundShare * scenario.solver.time_limit_s * share / step_s;
  const int bound_iterations = static_cast<int>(std::max(
      10.0, std::min(fitting_steps,
                     std::clamp(kBoundIterationsPerMinute * scenario.solver.time_limit_s / 60.0,
                                200.0, 2000.0))));
  const double relaxed = assignment_bound(part, built, initial_value, bound_iterations);
  const double bound_s = seconds_since(bound_start);
  spdlog::debug("part {}: assignment bound in {:.2f} s", index, bound_s);
  solved.bound = std::min(range_bound(built.model), relaxed);
  SearchProgress progress(index, run_start);
  progress.tighten(solved.bound);
  progress.report(initial_value);
  const double left_s = scenario.solver.time_limit_s - reserve_s - seconds_since(run_start);
  NeighbourhoodSettings neighbourhoods;
  neighbourhoods.seed = scenario.solver.seed;
  neighbourhoods.progress = [&progress](double objective) { progress.report(objective, false); };
  // Work limits from the scenario and the part's share alone, so that runs
  // repeat: one neighbourhood per two seconds of the time limit and the
  // iterations below, and as many again guided by the LP (on the default
  // region about 0.5 s each on the 2-core benchmark machine; its run ends
  // about 20 s before the deadline). The deadline is the safety net on
  // slower machines and on very large regions.
  neighbourhoods.max_neighbourhoods =
      std::max(20L, static_cast<long>(0.5 * scenario.solver.time_limit_s * share));
  const double round_iterations = kSubMipIterationsPerSecond * scenario.solver.time_limit_s * share;
  const auto search_iterations = static_cast<long>(kSearchIterationRounds * round_iterations);
  long iterations_used = 0;
  long most_in_one_sub_mip = 0;  // a round may pass its limit by one sub-MIP
  const auto iterations_left = [&] { return search_iterations - iterations_used; };
  const double search_s = share * std::max(0.0, left_s);
  const auto search_deadline = seconds_from_now(search_s);
  // Where the clock stops the neighbourhoods (a slow machine, a very large
  // region), the last swap search still gets the time the first one took
  // (at most a quarter of the search's): on the BRP consolidation it gains
  // 120,000-135,000 EUR in 2-3 s, the last sub-MIPs a few thousand. Where
  // the work limits stop them, as on the benchmark machine, nothing changes.
  const auto neighbourhood_deadline =
      seconds_from_now(search_s - std::min(swaps_s, 0.25 * search_s));
  const auto seconds_left = [&] { return seconds_until(search_deadline); };
  SearchEnd end = SearchEnd::deadline;
  const auto least_round = static_cast<long>(kLeastRoundShare * round_iterations);
  // One round of neighbourhoods on what is left of the iterations, and at
  // least a quarter of a round's.
  const auto search_round = [&](std::vector<double> from) {
    // At least one (0 would mean no limit): a part with a tiny share
    // then gets one sub-MIP a round.
    neighbourhoods.max_iterations = std::max(
        {1L, least_round, std::min(static_cast<long>(round_iterations), iterations_left())});
    long spent = 0, most_in_one = 0;
    auto to = search_neighbourhoods(part, built, std::move(from), backend, neighbourhoods,
                                    neighbourhood_deadline, &end, &spent, &most_in_one);
    iterations_used += spent;
    most_in_one_sub_mip = std::max(most_in_one_sub_mip, most_in_one);
    return to;
  };
  const auto may_start_round = [&] { return iterations_left() >= least_round; };
  const auto first_search_start = std::chrono::steady_clock::now();
  solved.values = search_round(std::move(solved.values));
  const double first_search_s = seconds_since(first_search_start);
  const long first_round_iterations = iterations_used;
  // Then the LP relaxation (waited for: on the default region it is
  // done about 18 s before, in 10 s beside the heuristics) bounds the part
  // and guides as many neighbourhoods again: where the LP moves land
  // that the proposal does not. (Guided from the start, they gained
  // less: the unguided ones find the nearer gains faster.) Without the
  // LP (too large to start, stopped, or infeasible), as many again
  // unguided from other seeds, when the first ones stopped at their
  // work limit and the time left holds them one and a half times over
  // at their pace (so that they run in full or not at all: 10,000
  // parcels yes, the BRP consolidation no).
  bool guided = false;
  if (lp.valid()) {
    const auto relaxation = lp.get();
    spdlog::info("part {}: bound {:.0f} from the LP, {:.0f} from the assignment relaxation", index,
                 relaxation.bound, relaxed);
    solved.bound = std::min(solved.bound, relaxation.bound);
    progress.tighten(solved.bound);
    progress.report(built.model.objective_of(solved.values));
    if (relaxation.outcome == LpRelaxation::Outcome::infeasible)
      spdlog::warn(
          "part {}: Clp calls the LP relaxation infeasible, but the proposal "
          "satisfies every row; its bound is not used",
          index);
    if (relaxation.outcome == LpRelaxation::Outcome::optimal) {
      neighbourhoods.relaxation = relaxation.values;
      guided = true;
    }
  }
  if (!guided)
    ++neighbourhoods.seed;
  // The second round runs on what is left of the iterations (guided: at
  // least a quarter round), and only when the time left holds what it is
  // expected to take, so that it too ends at a work limit, not the clock.
  // Expected: the first round's time, times 0.75 when guided (smaller
  // sub-MIPs) or 1.5 when not, scaled by the iterations it may spend (plus
  // the most one sub-MIP of the first round spent: the limit is checked
  // between sub-MIPs) against the first round's. Twice the annealing's own
  // start-test time stays free after it: moves often cost more than the
  // estimate, and on the BRP sample the annealing gains more than the round.
  const long anneal_moves =
      static_cast<long>(kAnnealMovesPerSecond * scenario.solver.time_limit_s * share);
  const double anneal_needed_s =
      2.0 * anneal_move_seconds(built.model.columns.size()) * static_cast<double>(anneal_moves);
  const long next_round_iterations =
      std::max({1L, least_round, std::min(static_cast<long>(round_iterations), iterations_left())});
  const double expected_s =
      (guided ? 0.75 : 1.5) * first_search_s *
      std::min(1.0, static_cast<double>(next_round_iterations + most_in_one_sub_mip) /
                        static_cast<double>(std::max(1L, first_round_iterations)));
  if (end != SearchEnd::deadline && (guided || end == SearchEnd::work_limit) &&
      (guided || may_start_round()) &&
      seconds_until(neighbourhood_deadline) >= expected_s + 2.0 * anneal_needed_s)
    solved.values = search_round(std::move(solved.values));
  // A search that stopped at a local optimum (not at its work limit or
  // the clock, so that runs repeat): reallocate from there, and search
  // again if that helped and iterations are left. The clock only guards
  // the last second.
  for (int cycle = 0; cycle < 3 && end == SearchEnd::local_optimum; ++cycle) {
    if (std::chrono::steady_clock::now() + std::chrono::seconds(1) > neighbourhood_deadline)
      break;
    const double before = built.model.objective_of(solved.values);
    auto again =
        reallocate(part, built, solved.values, ReallocationSettings{}, neighbourhood_deadline);
    again =
        search_swaps(part, built, std::move(again), SwapSearchSettings{}, neighbourhood_deadline);
    if (built.model.objective_of(again) <= before + 1e-9 * std::max(1.0, std::abs(before)))
      break;
    if (!may_start_round()) {
      solved.values = std::move(again);
      break;
    }
    solved.values = search_round(std::move(again));
  }
  // The sub-MIPs' changes may open swaps between farms no
  // neighbourhood held together.
  solved.values =
      search_swaps(part, built, std::move(solved.values), SwapSearchSettings{}, search_deadline);
  // Then simulated annealing over the same moves leaves the local
  // optimum, with a work limit of moves per second of the time limit
  // (the part's share). It starts only when the time left holds its
  // work twice over at the estimated cost of a move on a model this
  // size, so that it is either done in full or not started: the
  // deadline stays a safety net, and runs repeat.
  if (seconds_left() >= anneal_needed_s)
    solved.values =
        anneal_swaps(part, built, std::move(solved.values), SwapSearchSettings{}, anneal_moves,
                     static_cast<unsigned>(scenario.solver.seed), search_deadline);
  // Without the LP's bound, the assignment relaxation again, its steps
  // aimed at the final proposal's value and half as many again, when their
  // estimated cost fits a share of the time limit: decided from the model
  // and the scenario, so that the reported bound repeats (the proposal
  // never depends on it). The time left must hold them at the first
  // computation's pace: a safety net on slow machines. (The BRP
  // consolidation's bound: 4,242,780 -> 3,896,855 EUR in 5.1 s.)
  const int again_iterations = 3 * bound_iterations / 2;
  const double again_estimate_s = kBoundSecondsPerColumnAndIteration *
                                  static_cast<double>(built.model.columns.size()) *
                                  static_cast<double>(again_iterations);
  if (!guided && again_estimate_s <= kSecondBoundShare * scenario.solver.time_limit_s * share &&
      seconds_left() >= 1.5 * bound_s) {
    const double again =
        assignment_bound(part, built, built.model.objective_of(solved.values), again_iterations);
    spdlog::debug("part {}: assignment bound {:.0f}, again {:.0f}", index, solved.bound, again);
    solved.bound = std::min(solved.bound, again);
  }
  solved.objective = built.model.objective_of(solved.values);
  settle_bound(solved, solved.bound, scenario.solver.relative_gap);
  spdlog::info("part {}: after the neighbourhood search {:.1f} s, value {:.0f}", index,
               seconds_since(run_start), solved.objective);
  return solved;
}

}  // namespace landpool::solver
