#include "solver/search/part_improvement.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "solver/bounds/assignment_bound.hpp"
#include "solver/search/deal_recombination.hpp"
#include "solver/search/local_search.hpp"
#include "solver/search/neighbourhood_search.hpp"
#include "solver/search/reallocation.hpp"
#include "solver/search/relaxation_rounding.hpp"

namespace landpool::solver {
namespace {

/// The annealing's work limit per second of the time limit (solver/search/local_search.hpp).
constexpr double kAnnealMovesPerSecond = 50000.0;
/// In a consolidation the annealing runs before the neighbourhood search,
/// for as many moves as this share of the part's time holds at the
/// estimated cost of a move (from the model and the scenario alone, so that
/// runs repeat), at most kMostConsolidationAnnealMoveFactor times its usual
/// moves: there single moves judged exactly gain more per second than
/// sub-MIPs of a few farms, which are mostly solved in their root, and more
/// moves cool more slowly (docs/model.md, "Solving").
constexpr double kConsolidationAnnealShare = 0.45;
constexpr double kMostConsolidationAnnealMoveFactor = 6.0;
/// Where that annealing ends at its start and its share holds its moves
/// twice over (models of up to about 30,000 columns), a second one from the
/// same start may pass through states where a farm is worse off (rule
/// nobody_worse_off hard) at this price per EUR of its loss, keeping the
/// best state where none is (docs/model.md, "Solving").
constexpr double kConsolidationSoftGainPrice = 100.0;
/// The annealing starts only where the time left holds its moves this many
/// times over at the estimated cost of a move.
constexpr double kAnnealStartMargin = 1.5;
/// Deal recombination (solver/search/deal_recombination.hpp), where deals
/// are many (not in a consolidation): annealing walks from the final
/// proposal, each of the final annealing's moves, add their local optima's
/// deals to the pool; as many as kRecombinationShare of the part's time
/// holds at the estimated cost of a move (seven where a move's estimate is
/// at its floor, up to about 30,000 columns; two on 10,000 parcels; one on
/// 30,000). The set-packing MIP may take at most kRecombinationNodes nodes
/// (a work limit).
constexpr double kRecombinationShare = 0.25;
constexpr int kRecombinationNodes = 2000;
/// An annealing move's estimated cost, growing with the logarithm of the
/// model's columns as it outgrows the caches, at least 0.7 µs (measured on
/// the 2-core benchmark machine, the LP beside it: docs/model.md,
/// "Solving").
double anneal_move_seconds(std::size_t columns) {
  return 1e-6 * std::max(0.7, 0.65 + 0.6 * std::log(static_cast<double>(columns) / 25000.0));
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
/// A later search cycle starts only where the time left holds its work at the
/// last one's pace this many times over, else with half its work, or a
/// quarter (a safety net; the cycle plan, CyclePlan, is the work limit). The
/// plan's margin on its estimates too.
constexpr double kCycleStartMargin = 1.2;
constexpr double kLeastCycleScale = 0.25;
/// Seeds of cycle k: the scenario's seed + k times this.
constexpr unsigned kCycleSeedStep = 1000;
/// A search cycle's seconds estimated from its work (CycleWork), so that
/// whether more cycles than planned run repeats run to run: the sub-MIPs'
/// simplex iterations at kCycleIterationsPerSecond (the slowest measured in
/// later cycles: 2,400-2,930 a second on the BRP sample, 3,230-3,370 on the
/// default region, about 4,300 on 900 generated parcels), each
/// sub-MIP and each of the cycle's kCyclePassesBesidesSubMips other passes
/// over the model (search set-ups, swap searches, the deal pool) at
/// kCycleSecondsPerColumnAndPass (about 0.25 s on 10,000 parcels' 241,997
/// columns), the annealing's moves at their estimated cost, and the deal
/// packing's simplex iterations at kPackingSecondsPerIteration (0.29-0.65 ms
/// measured on pools of 600-900 deals).
constexpr double kCycleIterationsPerSecond = 2400.0;
constexpr double kCycleSecondsPerColumnAndPass = 1e-6;
constexpr double kCyclePassesBesidesSubMips = 4.0;
constexpr double kPackingSecondsPerIteration = 7e-4;
/// More cycles than planned fill at most this share of the time limit, so
/// that the clock's safety net does not decide them on a machine slower
/// than the estimates (10,000 parcels' later cycles took 0.88-1.15 times
/// their estimates on the 2-core benchmark machine, whose speed drifts);
/// and they are at most as many again as planned.
constexpr double kCyclePlanShare = 0.9;
/// Subgradient steps of the assignment bound's multipliers per minute of the
/// time limit (solver/bounds/assignment_bound.hpp), at least 200, at most
/// 2,000, and half as many again that move the boundary shares: a work limit.
constexpr double kBoundIterationsPerMinute = 200.0;
/// The assignment bound's cost per column and step, measured on the 2-core
/// benchmark machine (300 steps and 150 that move the shares): 2.4e-8 s on
/// the BRP consolidation (635,813 columns, 6.8 s), 3.0e-8 s on 10,000
/// parcels (241,997 columns, 3.3 s; 0.8e-8 s without rule partners' links).
/// The larger, with a margin: an estimate from the model alone, so that
/// whether the bound is computed a second time repeats run to run.
constexpr double kBoundSecondsPerColumnAndIteration = 3.5e-8;
/// The second computation runs when that estimate fits this share of the
/// part's share of the time limit (the BRP consolidation at 60 s: 6.7 s of 9).
constexpr double kSecondBoundShare = 0.15;
/// The first computation takes at most the steps whose estimate fits this
/// share: at 60 s every benchmark region keeps its 200, and a short limit on
/// a model of millions of columns is not overrun by the bound.
constexpr double kFirstBoundShare = 0.2;

/// The LP relaxation's share of the time limit (its iterations) and of the
/// time left (its safety net, the Volume bound's too).
constexpr double kLpShare = 0.6;
/// The Volume bound's share of the time limit, its work limit: below its
/// safety net (kLpShare of the time left when it starts), so that the work
/// limit, not the clock, ends it (docs/model.md, "Solving").
constexpr double kVolumeShare = 0.5;
/// A Volume step's cost per unit of its work (VolumeBound::step_work),
/// measured on the 2-core benchmark machine with a margin: 5.0 ns on the
/// default region, 5.6 on the BRP sample, 7.9 on 10,000 generated parcels
/// (1.8 million units a step, 14.5 ms).
constexpr double kVolumeSecondsPerWork = 1e-8;
/// Its steps at most (it converged within 744-2,143 on the regions
/// measured) and at least (even a few hundred steps beat the assignment
/// relaxation on 10,000 parcels: 6,802,495 against 7,324,980 EUR after 300).
constexpr int kMostVolumeSteps = 3000;
constexpr int kLeastVolumeSteps = 100;
/// A part is a consolidation where the rows of its boundary minima hold at
/// least this share of the LP's terms: 49 % on the Galician-size region and
/// 42 % on the BRP consolidation, against 20 % on the default region, 22 %
/// on the BRP sample and 26 % on 10,000 generated parcels. Its annealing
/// runs first, and its bound is the Volume bound: its whole LP, mostly
/// those minima, is slow for the simplex (580 iterations a second on the
/// Galician-size region, against 2,460 on the default region).
constexpr double kConsolidationFromTermShare = 1.0 / 3.0;

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

bool PartShape::consolidation() const {
  return static_cast<double>(minimum_terms) >=
         kConsolidationFromTermShare * static_cast<double>(lp_terms);
}

PartShape part_shape(const BuiltModel& built) {
  long minimum_terms = 0;
  for (const auto& auxiliary : built.auxiliaries) {
    if (!auxiliary.is_minimum || auxiliary.first_row < 0)
      continue;
    const auto first = static_cast<std::size_t>(auxiliary.first_row);
    minimum_terms += static_cast<long>(built.model.rows[first].terms.size() +
                                       built.model.rows[first + 1].terms.size());
  }
  return {lp_terms(built.model, deal_structure_columns(built)), minimum_terms};
}

// Stretched into one cycle, the stages end at deep local optima long before
// their work limits; a consolidation's annealing, run first, ends higher the
// longer its schedule (docs/model.md, "Search cycles").
int search_cycles(const PartShape& shape, const SolverSettings& solver) {
  if (shape.consolidation() || !(solver.search_cycle_s > 0.0))
    return 1;
  return std::max(1, static_cast<int>(std::floor(solver.time_limit_s / solver.search_cycle_s)));
}

double CycleWork::estimated_seconds(std::size_t columns, double move_s) const {
  return static_cast<double>(iterations) / kCycleIterationsPerSecond +
         (static_cast<double>(sub_mips) + kCyclePassesBesidesSubMips) *
             kCycleSecondsPerColumnAndPass * static_cast<double>(columns) +
         static_cast<double>(moves) * move_s +
         static_cast<double>(packing_iterations) * kPackingSecondsPerIteration;
}

CyclePlan::CyclePlan(int planned, double first_cycle_s, double plan_s)
    : planned_(planned),
      plan_s_(plan_s),
      counted_s_(first_cycle_s),
      next_estimate_s_(first_cycle_s) {}

bool CyclePlan::runs(int cycle) const {
  return planned(cycle) ||
         (cycle < 2 * planned_ && counted_s_ + kCycleStartMargin * next_estimate_s_ <= plan_s_);
}

void CyclePlan::count(double estimate_s, double scale) {
  counted_s_ += estimate_s;
  next_estimate_s_ = estimate_s / scale;
}

namespace {

std::future<LpRelaxation> start_lp_relaxation(const BuiltModel& built, const PartShape& shape,
                                              std::size_t index, double time_limit_s,
                                              double left_s) {
  auto left_out = deal_structure_columns(built);
  const long terms = shape.lp_terms;
  const auto max_iterations =
      std::max(1L, static_cast<long>(kLpIterationsPerSecond * kLpShare * time_limit_s));
  const double lp_limit_s = kLpShare * left_s;
  if (!lp_fits(terms, max_iterations)) {
    spdlog::info("part {}: the LP relaxation has {} terms, too many for {} iterations; not started",
                 index, terms, max_iterations);
    return {};
  }
  return std::async(std::launch::async, [&model = built.model, lp_limit_s,
                                         iterations = lp_iterations_allowed(terms, max_iterations),
                                         left_out = std::move(left_out)] {
    return solve_lp_relaxation(model, lp_limit_s, left_out, iterations);
  });
}

/// Gives the calling thread the lowest priority (Linux: a thread's own nice
/// value): the Volume bound runs on the cycles CBC's two threads and the
/// search leave; at their priority it slows them (docs/model.md, "Solving").
void yield_to_the_search() {
  setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 19);
}

/// The Volume bound where the LP is not started: its work limit
/// kVolumeShare of the time limit at kVolumeSecondsPerWork, its safety net
/// the LP's.
std::future<VolumeBound> start_volume_bound(const Problem& part, const BuiltModel& built,
                                            std::size_t index, double time_limit_s, double left_s) {
  VolumeSettings settings;
  settings.left_out = deal_structure_columns(built);
  settings.max_steps = kMostVolumeSteps;
  settings.least_steps = kLeastVolumeSteps;
  settings.max_work = static_cast<long>(kVolumeShare * time_limit_s / kVolumeSecondsPerWork);
  settings.deadline = seconds_from_now(kLpShare * left_s);
  return std::async(std::launch::async, [&part, &built, index, settings = std::move(settings)] {
    yield_to_the_search();
    auto volume = volume_bound(part, built, settings);
    spdlog::info("part {}: the Volume algorithm's bound {:.0f} after {} steps ({:.1f} s)", index,
                 volume.bound, volume.steps, volume.seconds);
    return volume;
  });
}

}  // namespace

PartBounds start_part_bounds(const Problem& part, const BuiltModel& built, const PartShape& shape,
                             std::size_t index, double time_limit_s, double left_s) {
  PartBounds bounds;
  if (shape.consolidation()) {
    spdlog::info("part {}: boundary minima hold {} of the LP's {} terms; the Volume bound", index,
                 shape.minimum_terms, shape.lp_terms);
  } else {
    bounds.lp = start_lp_relaxation(built, shape, index, time_limit_s, left_s);
  }
  if (!bounds.lp.valid())
    bounds.volume = start_volume_bound(part, built, index, time_limit_s, left_s);
  return bounds;
}

void settle_bound(SolveResult& solved, double bound, double relative_gap_limit) {
  solved.bound = std::max(bound, solved.objective);
  solved.gap = relative_gap(solved.bound, solved.objective);
  solved.status = solved.gap <= 1e-9                 ? SolveStatus::optimal
                  : solved.gap <= relative_gap_limit ? SolveStatus::gap_limit
                                                     : SolveStatus::time_limit_with_solution;
}

namespace {

/// The search of one part, stage by stage (search_part): the first bound,
/// the neighbourhood rounds under one budget of simplex iterations, the LP's
/// bound and guide, the farms waiting for land, reallocation at a local optimum, the swap search,
/// the annealing (in a consolidation before the neighbourhood rounds instead) and deal
/// recombination; then the later search cycles from the best proposal, and a second bound.
class PartSearch {
 public:
  PartSearch(const Problem& part, std::size_t index, const BuiltModel& built,
             const PartShape& shape, MipBackend& backend, const Scenario& scenario,
             SteadyTime run_start, double reserve_s, double share)
      : part_(part),
        index_(index),
        built_(built),
        consolidation_(shape.consolidation()),
        backend_(backend),
        scenario_(scenario),
        limit_s_(scenario.solver.time_limit_s),
        cycles_(search_cycles(shape, scenario.solver)),
        cycle_budget_s_(limit_s_ / cycles_),
        seed_(cycle_seed(0)),
        run_start_(run_start),
        reserve_s_(reserve_s),
        share_(share),
        progress_(index, run_start) {
    if (!consolidation_)
      pool_.emplace(part, built);
  }

  SolveResult run(std::vector<double> initial, PartBounds& bounds, double swaps_s) {
    solved_.call_ok = true;
    const double initial_value = built_.model.objective_of(initial);
    solved_.values = std::move(initial);
    pool(solved_.values);
    first_bound(initial_value);
    set_up_search(swaps_s);
    const auto cycle_start = std::chrono::steady_clock::now();
    if (consolidation_)
      anneal_first();
    const auto first_search_start = std::chrono::steady_clock::now();
    solved_.values = search_round(std::move(solved_.values));
    pool(solved_.values);
    first_search_s_ = seconds_since(first_search_start);
    first_round_iterations_ = iterations_used_;
    const auto lp_start = std::chrono::steady_clock::now();
    const bool guided = take_lp(bounds.lp);
    take_volume(bounds.volume);
    const double lp_s = seconds_since(lp_start);  // a later cycle neither waits nor rounds
    if (!guided)
      ++neighbourhoods_.seed;
    if (second_round_fits(guided)) {
      solved_.values = search_round(std::move(solved_.values));
      pool(solved_.values);
    }
    serve_waiting();
    reallocate_at_local_optimum();
    swaps_anneal_recombine();
    // The second bound's time, where it will run, is held back from them.
    const bool second_bound = !guided && !(volume_bound_ < relaxed_);
    run_later_cycles(seconds_since(cycle_start) - lp_s, second_bound ? 1.5 * bound_s_ : 0.0,
                     second_bound && second_bound_fits() ? second_bound_estimate_s() : 0.0);
    if (second_bound)
      bound_again();
    solved_.objective = built_.model.objective_of(solved_.values);
    settle_bound(solved_, solved_.bound, scenario_.solver.relative_gap);
    spdlog::info("part {}: after the neighbourhood search {:.1f} s, value {:.0f}", index_,
                 seconds_since(run_start_), solved_.objective);
    return std::move(solved_);
  }

 private:
  /// The sub-MIPs' changes may open swaps between farms no neighbourhood
  /// held together: the swap search, then (unless it ran first) the
  /// annealing and the deal recombination. The end of every cycle.
  void swaps_anneal_recombine() {
    solved_.values = search_swaps(part_, built_, std::move(solved_.values), SwapSearchSettings{},
                                  search_deadline_);
    if (annealed_first_)
      return;
    anneal(anneal_moves_, search_deadline_);
    recombine_deals();
  }

  /// The later search cycles, after the first took `first_s` (the LP's
  /// wait and rounding not counted), holding `after_s` back for what
  /// follows them (`after_estimate_s` in the plan): the planned ones and
  /// more while their work leaves room (CyclePlan, a decision from work, not
  /// the clock, so that runs repeat). The safety net: each runs with its
  /// work where the time left holds it at the pace of the last one with the
  /// start test's margin, else a planned one with half of it, or a quarter
  /// (logged, as the deal recombination's walks are halved); none once that
  /// does not fit.
  void run_later_cycles(double first_s, double after_s, double after_estimate_s) {
    double full_cycle_s = first_s;  // at the last cycle's pace
    CyclePlan plan(cycles_, cycle_budget_s_ * share_,
                   kCyclePlanShare * (limit_s_ - reserve_s_) * share_ - after_estimate_s);
    for (int cycle = 1; plan.runs(cycle); ++cycle) {
      double scale = 1.0;
      while (scale >= kLeastCycleScale &&
             seconds_until(search_deadline_) - after_s < kCycleStartMargin * scale * full_cycle_s)
        scale /= 2.0;
      if (!plan.planned(cycle) && scale < 1.0) {
        spdlog::info("part {}: search cycle {} (beyond the {} planned) does not fit the time left",
                     index_, cycle + 1, cycles_);
        return;
      }
      if (scale < kLeastCycleScale) {
        spdlog::info("part {}: {} of {} search cycles fit the time limit", index_, cycle, cycles_);
        return;
      }
      if (scale < 1.0)
        spdlog::info("part {}: search cycle {} of {} with {} of its work, as the time left holds",
                     index_, cycle + 1, cycles_, scale);
      set_work_limits(scale * cycle_budget_s_);
      const auto ran = search_again(cycle);
      full_cycle_s = ran.seconds / scale;
      plan.count(ran.estimate_s, scale);
    }
  }

  /// The second assignment bound (bound_again): its steps, their
  /// estimated seconds, and whether that estimate fits its share of the
  /// time limit.
  int second_bound_iterations() const { return 3 * bound_iterations_ / 2; }
  double second_bound_estimate_s() const {
    return kBoundSecondsPerColumnAndIteration * static_cast<double>(built_.model.columns.size()) *
           static_cast<double>(second_bound_iterations());
  }
  bool second_bound_fits() const {
    return second_bound_estimate_s() <= kSecondBoundShare * limit_s_ * share_;
  }

  /// A later search cycle (`cycle` from 1) from the best proposal, its
  /// seeds moved on and its work limits set anew: a neighbourhood round
  /// (guided where the LP was), the farms waiting for land, the swap search,
  /// the annealing and the deal recombination. Returns its seconds and its
  /// work's estimate of them.
  struct CycleRun {
    double seconds = 0.0, estimate_s = 0.0;
  };
  CycleRun search_again(int cycle) {
    const auto start = std::chrono::steady_clock::now();
    const double before = built_.model.objective_of(solved_.values);
    cycle_work_ = {};
    seed_ = cycle_seed(cycle);
    neighbourhoods_.seed = static_cast<int>(seed_);
    solved_.values = search_round(std::move(solved_.values));
    pool(solved_.values);
    serve_waiting();
    swaps_anneal_recombine();
    const double after = built_.model.objective_of(solved_.values);
    // The annealing's planned moves, walks included, whether or not the
    // clock let them all run: a cut never makes the plan add cycles.
    cycle_work_.moves = anneal_moves_ * (1L + static_cast<long>(planned_walks()));
    const CycleRun ran{seconds_since(start),
                       cycle_work_.estimated_seconds(built_.model.columns.size(), anneal_move_s_)};
    spdlog::info(
        "part {}: search cycle {} ({} planned): {:.0f} -> {:.0f} EUR, {:.1f} s (its work's "
        "estimate {:.1f} s)",
        index_, cycle + 1, cycles_, before, after, ran.seconds, ran.estimate_s);
    progress_.report(after);
    return ran;
  }

  /// The random numbers' seed of search cycle `cycle` (from 0): the
  /// scenario's, moved on by kCycleSeedStep a cycle.
  unsigned cycle_seed(int cycle) const {
    return static_cast<unsigned>(scenario_.solver.seed) +
           kCycleSeedStep * static_cast<unsigned>(cycle);
  }

  /// The assignment relaxation's bound (far better than the columns' ranges
  /// where the LP does not finish; where it does, the smaller of two valid
  /// bounds holds), its steps limited to what fits a share of the time.
  void first_bound(double initial_value) {
    const auto bound_start = std::chrono::steady_clock::now();
    const double step_s = 1.5 * kBoundSecondsPerColumnAndIteration *  // and half as many again
                          static_cast<double>(built_.model.columns.size());
    const double fitting_steps = kFirstBoundShare * limit_s_ * share_ / step_s;
    bound_iterations_ = static_cast<int>(std::max(
        10.0, std::min(fitting_steps,
                       std::clamp(kBoundIterationsPerMinute * limit_s_ / 60.0, 200.0, 2000.0))));
    relaxed_ = assignment_bound(part_, built_, initial_value, bound_iterations_);
    bound_s_ = seconds_since(bound_start);
    spdlog::debug("part {}: assignment bound in {:.2f} s", index_, bound_s_);
    solved_.bound = std::min(range_bound(built_.model), relaxed_);
    progress_.tighten(solved_.bound);
    progress_.report(initial_value);
  }

  /// Work limits from the scenario and the part's share alone, so that runs
  /// repeat: one neighbourhood per two seconds of the time limit (a quarter
  /// as many after a consolidation's annealing) and the iterations below, and
  /// as many again guided by the LP. The deadline is the safety net on
  /// slower machines and on very large regions.
  void set_up_search(double swaps_s) {
    swaps_s_ = swaps_s;
    const double left_s = limit_s_ - reserve_s_ - seconds_since(run_start_);
    neighbourhoods_.seed = static_cast<int>(seed_);
    neighbourhoods_.progress = [this](double objective) { progress_.report(objective, false); };
    set_work_limits(cycle_budget_s_);
    anneal_move_s_ = anneal_move_seconds(built_.model.columns.size());
    const double search_s = share_ * std::max(0.0, left_s);
    search_deadline_ = seconds_from_now(search_s);
    // Where the clock stops the neighbourhoods, the last swap search still
    // gets the time the first one took (at most a quarter of the search's).
    neighbourhood_deadline_ = seconds_from_now(search_s - std::min(swaps_s, 0.25 * search_s));
  }

  /// A cycle's work limits, those of a time limit of `budget_s`: the
  /// neighbourhoods and their simplex iterations, the annealing's moves (and
  /// so the walks').
  void set_work_limits(double budget_s) {
    work_budget_s_ = budget_s;
    set_search_limits(budget_s * share_);
    iterations_used_ = 0;
    anneal_moves_ = static_cast<long>(kAnnealMovesPerSecond * budget_s * share_);
  }

  /// The neighbourhood search's work limits for `search_s` of the part's
  /// time: its neighbourhoods and its rounds' simplex iterations.
  void set_search_limits(double search_s) {
    neighbourhoods_.max_neighbourhoods = std::max(20L, static_cast<long>(0.5 * search_s));
    round_iterations_ = kSubMipIterationsPerSecond * search_s;
    search_iterations_ = static_cast<long>(kSearchIterationRounds * round_iterations_);
    least_round_ = static_cast<long>(kLeastRoundShare * round_iterations_);
  }

  long iterations_left() const { return search_iterations_ - iterations_used_; }
  bool may_start_round() const { return iterations_left() >= least_round_; }
  /// What is left of the iterations, and at least a quarter of a round's
  /// (and at least one: 0 would mean no limit).
  long next_round_iterations() const {
    return std::max(
        {1L, least_round_, std::min(static_cast<long>(round_iterations_), iterations_left())});
  }

  /// One round of neighbourhoods (a round may pass its limit by one sub-MIP).
  std::vector<double> search_round(std::vector<double> from) {
    neighbourhoods_.max_iterations = next_round_iterations();
    SearchWork work;
    auto to = search_neighbourhoods(part_, built_, std::move(from), backend_, neighbourhoods_,
                                    neighbourhood_deadline_, &work);
    end_ = work.end;
    iterations_used_ += work.iterations;
    cycle_work_.sub_mips += work.sub_mips;
    cycle_work_.iterations += work.iterations;
    most_in_one_sub_mip_ = std::max(most_in_one_sub_mip_, work.most_in_one);
    return to;
  }

  /// Waits for the LP relaxation (started beside the heuristics): its bound,
  /// and its values to guide the second round (where the LP moves land the
  /// proposal does not). True when it guides.
  bool take_lp(std::future<LpRelaxation>& lp) {
    if (!lp.valid())
      return false;
    const auto relaxation = lp.get();
    spdlog::info("part {}: bound {:.0f} from the LP, {:.0f} from the assignment relaxation", index_,
                 relaxation.bound, relaxed_);
    solved_.bound = std::min(solved_.bound, relaxation.bound);
    progress_.tighten(solved_.bound);
    progress_.report(built_.model.objective_of(solved_.values));
    if (relaxation.outcome == LpRelaxation::Outcome::infeasible)
      spdlog::warn(
          "part {}: Clp calls the LP relaxation infeasible, but the proposal satisfies every row; "
          "its bound is not used",
          index_);
    if (relaxation.outcome != LpRelaxation::Outcome::optimal)
      return false;
    neighbourhoods_.relaxation = relaxation.values;
    start_from_relaxation(relaxation.values);
    return true;
  }

  /// The Volume bound, where it was started. Its averaged solution is no
  /// guide for the search: guided by it, later rounds take longer and gain
  /// less on large regions (docs/model.md, "Solving").
  void take_volume(std::future<VolumeBound>& volume) {
    if (!volume.valid())
      return;
    const auto found = volume.get();
    spdlog::info(
        "part {}: bound {:.0f} from the Volume algorithm, {:.0f} from the assignment "
        "relaxation",
        index_, found.bound, relaxed_);
    volume_bound_ = found.bound;
    solved_.bound = std::min(solved_.bound, found.bound);
    progress_.tighten(solved_.bound);
    progress_.report(built_.model.objective_of(solved_.values));
  }

  /// The LP's own solution, rounded and mended deal by deal
  /// (round_relaxation, its sub-MIPs within a quarter round's iterations,
  /// counted against the search's), then polished by the swap search: it
  /// replaces the proposal when it is worth more.
  void start_from_relaxation(const std::vector<double>& relaxation) {
    RelaxationRoundingSettings settings;
    settings.seed = scenario_.solver.seed;
    settings.max_total_iterations = std::max(1L, least_round_);
    RelaxationRoundingReport report;
    auto rounded = round_relaxation(part_, built_, relaxation, backend_, settings,
                                    neighbourhood_deadline_, &report);
    iterations_used_ += report.iterations;
    if (!rounded) {
      spdlog::info("part {}: the LP's rounding does not keep every row; not used", index_);
      return;
    }
    const double rounded_value = built_.model.objective_of(*rounded);
    auto polished =
        search_swaps(part_, built_, std::move(*rounded), SwapSearchSettings{}, search_deadline_);
    pool(polished);
    const double polished_value = built_.model.objective_of(polished);
    const double present = built_.model.objective_of(solved_.values);
    spdlog::info("part {}: the LP rounded {:.0f}, polished {:.0f} (proposal {:.0f})", index_,
                 rounded_value, polished_value, present);
    if (polished_value > present + 1e-9 * std::max(1.0, std::abs(present)))
      solved_.values = std::move(polished);
  }

  /// The second round runs (guided: at least a quarter round; unguided: from
  /// other seeds, only after the first stopped at its work limit) when the
  /// time left holds what it is expected to take: the first round's time,
  /// times 0.75 guided (smaller sub-MIPs) or 1.5 not, scaled by the
  /// iterations it may spend against the first round's, with twice the
  /// annealing's own start-test time free after it (unless it ran first).
  bool second_round_fits(bool guided) const {
    const double expected_s =
        (guided ? 0.75 : 1.5) * first_search_s_ *
        std::min(1.0, static_cast<double>(next_round_iterations() + most_in_one_sub_mip_) /
                          static_cast<double>(std::max(1L, first_round_iterations_)));
    return end_ != SearchEnd::deadline && (guided || end_ == SearchEnd::work_limit) &&
           (guided || may_start_round()) &&
           seconds_until(neighbourhood_deadline_) >=
               expected_s + (annealed_first_ ? 0.0 : 2.0 * anneal_needed_s(anneal_moves_));
  }

  /// The neighbourhoods of the farms that want land and receive none
  /// (serve_waiting_farms), within a quarter round's iterations of their
  /// own: the rounds' budget stays theirs.
  void serve_waiting() {
    neighbourhoods_.max_iterations = std::max(1L, least_round_);
    SearchWork work;
    solved_.values = serve_waiting_farms(part_, built_, std::move(solved_.values), backend_,
                                         neighbourhoods_, neighbourhood_deadline_, &work);
    cycle_work_.sub_mips += work.sub_mips;
    cycle_work_.iterations += work.iterations;
    pool(solved_.values);
  }

  /// A search that stopped at a local optimum (not at its work limit or the
  /// clock, so that runs repeat): reallocate from there, and search again if
  /// that helped and iterations are left. The clock only guards the last second.
  void reallocate_at_local_optimum() {
    for (int cycle = 0; cycle < 3 && end_ == SearchEnd::local_optimum; ++cycle) {
      if (std::chrono::steady_clock::now() + std::chrono::seconds(1) > neighbourhood_deadline_)
        break;
      const double before = built_.model.objective_of(solved_.values);
      auto again = reallocate(part_, built_, solved_.values, ReallocationSettings{},
                              neighbourhood_deadline_);
      again = search_swaps(part_, built_, std::move(again), SwapSearchSettings{},
                           neighbourhood_deadline_);
      if (built_.model.objective_of(again) <= before + 1e-9 * std::max(1.0, std::abs(before)))
        break;
      if (!may_start_round()) {
        solved_.values = std::move(again);
        break;
      }
      solved_.values = search_round(std::move(again));
    }
  }

  /// The estimated time of `moves` annealing moves with the start test's
  /// margin.
  double anneal_needed_s(long moves) const {
    return kAnnealStartMargin * anneal_move_s_ * static_cast<double>(moves);
  }

  /// Simulated annealing over the same moves, `moves` of them (a work
  /// limit); only when the time left before `by` holds that work with the
  /// start test's margin, so that it runs in full or not. True when it was
  /// started.
  bool anneal(long moves, SteadyTime by, const SwapSearchSettings& settings = {}) {
    if (moves <= 0 || seconds_until(by) < anneal_needed_s(moves))
      return false;
    solved_.values = anneal_swaps(part_, built_, std::move(solved_.values), settings, moves, seed_,
                                  search_deadline_);
    return true;
  }

  /// A consolidation's annealing moves: as many as kConsolidationAnnealShare
  /// of the part's time holds (at least its usual moves, at most
  /// kMostConsolidationAnnealMoveFactor times them).
  long consolidation_anneal_moves() const {
    const double budget_moves =
        kConsolidationAnnealShare * work_budget_s_ * share_ / anneal_move_s_;
    return static_cast<long>(
        std::clamp(budget_moves, static_cast<double>(anneal_moves_),
                   kMostConsolidationAnnealMoveFactor * static_cast<double>(anneal_moves_)));
  }

  /// A consolidation's annealing, before the neighbourhood search:
  /// consolidation_anneal_moves, else half as many, else its usual moves,
  /// each only where the time before the neighbourhoods' deadline holds it
  /// (the start test). A quarter as many neighbourhoods after it (from at
  /// least 20), so that their work limit, not the clock, ends them and the
  /// second bound still fits.
  void anneal_first() {
    const long more = consolidation_anneal_moves();
    const auto by = neighbourhood_deadline_;
    const bool soft_too = soft_annealing_planned(more);
    auto start = soft_too ? solved_.values : std::vector<double>{};
    const double start_eur = built_.model.objective_of(solved_.values);
    annealed_first_ = anneal(more, by) || (more / 2 > anneal_moves_ && anneal(more / 2, by)) ||
                      (more > anneal_moves_ && anneal(anneal_moves_, by));
    if (!annealed_first_)
      return;
    // Stuck at its start: a second try that may pass through farms worse off.
    if (soft_too && !is_better(built_.model.objective_of(solved_.values), start_eur))
      anneal_softly_from(std::move(start), more, by);
    neighbourhoods_.max_neighbourhoods /= 4;
    progress_.report(built_.model.objective_of(solved_.values));
  }

  /// Whether a consolidation's annealing share holds `moves` twice over at
  /// the estimated cost of a move while rule nobody_worse_off is hard: from
  /// the model alone (whatever the time limit, a move estimated at 0.75 µs
  /// at most: up to about 30,000 columns), so that runs repeat.
  bool soft_annealing_planned(long moves) const {
    return !built_.hard_gain_rows.empty() &&
           kConsolidationAnnealShare * work_budget_s_ * share_ / anneal_move_s_ >=
               2.0 * static_cast<double>(moves);
  }

  /// A second annealing of `moves` from `start` that lets farms be worse
  /// off on the way (kConsolidationSoftGainPrice); the better proposal is
  /// kept. Only where the time before `by` holds it (the start test, a
  /// safety net as for the first).
  void anneal_softly_from(std::vector<double> start, long moves, SteadyTime by) {
    SwapSearchSettings soft;
    soft.soft_gain_price = kConsolidationSoftGainPrice;
    auto hard = std::exchange(solved_.values, std::move(start));
    const double hard_eur = built_.model.objective_of(hard);
    if (!anneal(moves, by, soft)) {
      solved_.values = std::move(hard);
      return;
    }
    // Its estimated time comes out of the neighbourhoods' work limits, so
    // that those limits, not the clock, still end them and runs repeat.
    set_search_limits(std::max(0.0, work_budget_s_ * share_ - anneal_needed_s(moves)));
    const double soft_eur = built_.model.objective_of(solved_.values);
    spdlog::info(
        "part {}: the annealing ended at its start; again with farms worse off on the way: {:.0f} "
        "EUR (without: {:.0f})",
        index_, soft_eur, hard_eur);
    if (!is_better(soft_eur, hard_eur))
      solved_.values = std::move(hard);
  }

  /// Adds a proposal's deals to the pool (not in a consolidation, whose
  /// farms form few, large deals).
  void pool(const std::vector<double>& values) {
    if (!pool_)
      return;
    const auto start = std::chrono::steady_clock::now();
    pool_->add(values);
    pool_s_ += seconds_since(start);
  }

  /// The annealing walks of the recombination: as many as
  /// kRecombinationShare of the part's time holds at the estimated cost of
  /// a move (from the model alone, so that runs repeat). As a safety net,
  /// half as many, and so on, while the time left does not hold them with
  /// the start test's margin and the packing's polish after them (the first
  /// swap search's time).
  unsigned walks_that_fit() const {
    const unsigned planned = planned_walks();
    unsigned walks = planned;
    while (walks > 0 && seconds_until(search_deadline_) <
                            anneal_needed_s(static_cast<long>(walks) * anneal_moves_) + swaps_s_)
      walks /= 2;
    if (walks < planned)
      spdlog::info("part {}: {} of {} deal recombination walks fit the time left", index_, walks,
                   planned);
    return walks;
  }

  /// The walks kRecombinationShare of the part's time holds at the
  /// estimated cost of a move (from the model alone).
  unsigned planned_walks() const {
    const double walk_s = anneal_move_s_ * static_cast<double>(anneal_moves_);
    if (walk_s <= 0.0)
      return 0;
    return static_cast<unsigned>(kRecombinationShare * work_budget_s_ * share_ / walk_s);
  }

  /// Deal recombination: annealing walks from the proposal to other local
  /// optima (walks_that_fit), their deals pooled with those of every
  /// proposal seen, and the best packing of the pool made (where it makes
  /// no more than the proposal, its deals inserted one by one instead) and
  /// polished; it replaces the proposal when it is worth more. Skipped
  /// where the time left would not hold the polish.
  void recombine_deals() {
    if (!pool_)
      return;
    if (seconds_until(search_deadline_) < swaps_s_) {  // the packing's polish would not fit
      spdlog::info("part {}: no time left for deal recombination", index_);
      return;
    }
    pool(solved_.values);
    const unsigned walks = walks_that_fit();
    for (unsigned walk = 1; walk <= walks; ++walk)
      pool(anneal_walk(part_, built_, solved_.values, SwapSearchSettings{}, anneal_moves_,
                       seed_ + walk, search_deadline_));
    spdlog::debug("part {}: deal pool {} deals, {:.2f} s", index_, pool_->deals().size(), pool_s_);
    RecombinationReport report;
    auto packed =
        pool_->recombine(backend_, solved_.values, kRecombinationNodes, search_deadline_, &report);
    cycle_work_.packing_iterations += report.iterations;
    if (report.packed.empty()) {
      spdlog::info("part {}: deal recombination of {} deals packed nothing", index_, report.deals);
      return;
    }
    const double present = built_.model.objective_of(solved_.values);
    auto made = made_of(std::move(packed), report.packed, present);
    const double made_eur = built_.model.objective_of(made);
    // Anything not better is the proposal itself, a local optimum already.
    auto polished =
        is_better(made_eur, present)
            ? search_swaps(part_, built_, std::move(made), SwapSearchSettings{}, search_deadline_)
            : std::move(made);
    const double value = built_.model.objective_of(polished);
    spdlog::info(
        "part {}: deal recombination of {} deals: packed {:.0f} by their values{}, made {:.0f}, "
        "polished {:.0f} (proposal {:.0f})",
        index_, report.deals, report.packed_value_eur, report.proven ? " (proven)" : "", made_eur,
        value, present);
    if (is_better(value, present)) {
      solved_.values = std::move(polished);
      progress_.report(value);
    }
  }

  static bool is_better(double value, double present) {
    return value > present + 1e-9 * std::max(1.0, std::abs(present));
  }

  /// The packing made where it is worth more than the proposal (`present`);
  /// else, its values not adding up there, the packed deals inserted into
  /// the proposal one by one (the proposal itself where none helps).
  std::vector<double> made_of(std::optional<std::vector<double>> packed,
                              const std::vector<std::size_t>& packed_deals, double present) const {
    if (packed) {
      const double made_eur = built_.model.objective_of(*packed);
      spdlog::debug("part {}: the packing made {:.0f}", index_, made_eur);
      if (is_better(made_eur, present))
        return std::move(*packed);
    }
    return pool_->insert_deals(solved_.values, packed_deals, search_deadline_);
  }

  /// Without the LP's bound, the assignment relaxation again, aimed at the
  /// final proposal's value with half as many steps again, when their
  /// estimated cost fits a share of the time limit (decided from the model
  /// and the scenario, so that the bound repeats) and the time left holds
  /// them at the first computation's pace.
  void bound_again() {
    if (!second_bound_fits() || seconds_until(search_deadline_) < 1.5 * bound_s_)
      return;
    const double again = assignment_bound(part_, built_, built_.model.objective_of(solved_.values),
                                          second_bound_iterations());
    spdlog::debug("part {}: assignment bound {:.0f}, again {:.0f}", index_, solved_.bound, again);
    solved_.bound = std::min(solved_.bound, again);
  }

  const Problem& part_;
  const std::size_t index_;
  const BuiltModel& built_;
  const bool consolidation_;  ///< a consolidation (PartShape): the annealing runs first
  MipBackend& backend_;
  const Scenario& scenario_;
  const double limit_s_;
  const int cycles_;             ///< planned (search_cycles)
  const double cycle_budget_s_;  ///< each cycle's work limits are those of this time limit
  unsigned seed_;                ///< the present cycle's
  const SteadyTime run_start_;
  const double reserve_s_, share_;
  SearchProgress progress_;
  std::optional<DealPool> pool_;  ///< the deals of the proposals seen (not in a consolidation)
  double pool_s_ = 0.0;
  SolveResult solved_;
  // The bounds.
  int bound_iterations_ = 0;
  double relaxed_ = 0.0, bound_s_ = 0.0;
  /// The Volume bound, where it ran (the second assignment bound runs
  /// only where neither it nor the LP did better than the first).
  double volume_bound_ = std::numeric_limits<double>::infinity();
  // The neighbourhood rounds' budget and how much of it is spent.
  NeighbourhoodSettings neighbourhoods_;
  double work_budget_s_ = 0.0;  ///< the present work limits are those of this time limit
  double round_iterations_ = 0.0, first_search_s_ = 0.0;
  long search_iterations_ = 0, least_round_ = 0, iterations_used_ = 0;
  long most_in_one_sub_mip_ = 0, first_round_iterations_ = 0;
  CycleWork cycle_work_;  ///< the present cycle's
  SearchEnd end_ = SearchEnd::deadline;
  SteadyTime search_deadline_, neighbourhood_deadline_;
  long anneal_moves_ = 0;
  double anneal_move_s_ = 0.0;  ///< a move's estimated cost (anneal_move_seconds)
  double swaps_s_ = 0.0;        ///< the first swap search's time
  bool annealed_first_ = false;
};

}  // namespace

SolveResult search_part(const Problem& part, std::size_t index, const BuiltModel& built,
                        const PartShape& shape, std::vector<double> initial, MipBackend& backend,
                        const Scenario& scenario, PartBounds& bounds, SteadyTime run_start,
                        double reserve_s, double share, double swaps_s) {
  PartSearch search(part, index, built, shape, backend, scenario, run_start, reserve_s, share);
  return search.run(std::move(initial), bounds, swaps_s);
}

}  // namespace landpool::solver
