#include "solver/optimiser.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <future>
#include <unordered_map>

#include <spdlog/spdlog.h>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/connected_components.hpp>

#include "solver/assignment_bound.hpp"
#include "solver/construction.hpp"
#include "solver/exchange_search.hpp"
#include "solver/lp_relaxation.hpp"
#include "solver/model_builder.hpp"
#include "solver/neighbourhood_search.hpp"
#include "solver/problem.hpp"
#include "solver/reallocation.hpp"
#include "solver/swap_search.hpp"

namespace landpool::solver {
namespace {

/// The time point `seconds` from now.
std::chrono::steady_clock::time_point seconds_from_now(double seconds) {
  return std::chrono::steady_clock::now() +
         std::chrono::duration_cast<std::chrono::steady_clock::duration>(
             std::chrono::duration<double>(seconds));
}

/// Smaller models go to CBC first: it proves many of them optimal in a few
/// hundred nodes (generated 250-parcel region, 977 columns: 105 nodes, 9 s).
/// From this size the search does better without it (generated 400-parcel
/// region, 2,325 columns, 60 s: CBC's 103 nodes took 23 s, and the search
/// after them reached 194,389 EUR, at once 200,370).
constexpr std::size_t kNeighbourhoodSearchFromColumns = 2000;
/// CBC's work limit on a smaller model: nodes per second of the time limit
/// and thousand columns (a node costs more on a larger model: 240 nodes
/// took 14 s at 1,407 columns, 29 s at 2,325), at least 20, at most 4 per
/// second (240 at 60 s). Where it proves nothing by then, the neighbourhood
/// search takes over from CBC's best (generated 250-parcel region, 1,407
/// columns, 60 s: 47,981 EUR instead of CBC's 37,423; docs/performance.md).
constexpr double kCbcNodesPerSecondAndThousandColumns = 4.0;
int cbc_first_nodes(double time_limit_s, std::size_t columns) {
  const double per_second = std::min(kCbcNodesPerSecondAndThousandColumns,
                                     kCbcNodesPerSecondAndThousandColumns * 1000.0 /
                                         static_cast<double>(std::max<std::size_t>(1, columns)));
  return std::max(20, static_cast<int>(per_second * time_limit_s));
}
/// At most this share of the time left for that attempt (a safety net).
constexpr double kCbcFirstShare = 0.5;
/// The annealing's work limit per second of the time limit (solver/swap_search.hpp).
constexpr double kAnnealMovesPerSecond = 50000.0;
/// An annealing move's cost grows with the model: measured 0.57 µs on the
/// default region's 26,360 columns, 1.7 µs on 241,428 and 3.5 µs on the BRP
/// consolidation's 635,813 (2-core benchmark machine).
double anneal_move_seconds(std::size_t columns) {
  return 4e-7 + 5e-12 * static_cast<double>(columns);
}
/// The neighbourhood search's work limit in the sub-MIPs' simplex
/// iterations per second of the time limit (the part's share). CBC did
/// 3,400 a second on the BRP sample's sub-MIPs, 4,900-5,700 on the default
/// region's and 4,700-6,400 on 10,000 parcels' (2-core benchmark machine):
/// at 2,200 the rounds of the default region (101,864 and 76,066
/// iterations) and of 3,000 parcels (107,157 and 131,199) still end at
/// their neighbourhood count, and the BRP sample's first round ends at
/// about 38 s of CBC instead of at the clock, so that its runs repeat.
constexpr double kSubMipIterationsPerSecond = 2200.0;
/// Subgradient steps of the assignment bound's multipliers per minute of the
/// time limit (solver/assignment_bound.hpp), at most 2,000: a work limit
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
/// The construction's local search verifies the whole proposal in each
/// trial: about this many seconds per trial and parcel of the region (0.94
/// ms on the default region's 6,461 parcels, 3.4 ms on the 10,000-parcel
/// region's 21,451, 2-core benchmark machine). Its work limit is the trials
/// that fit this share of the part's share of the time limit, at most
/// 8,000: on large regions the safety-net clock, and with it the machine's
/// speed, no longer decides where it stops.
constexpr double kTrialSecondsPerParcel = 1.6e-7;
constexpr double kLocalSearchShare = 0.15;
constexpr long kLocalSearchTrials = 8000;

/// Parts of the problem that share no farm, parcel or boundary term: vertices
/// are farms and movable parcels, edges join a candidate's parcel and farm, an
/// exchange parcel and its farm, and two movable neighbours.
std::vector<Problem> split(const Problem& whole) {
  const std::size_t farms = whole.farms.size();
  boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS> graph(farms +
                                                                            whole.parcels.size());
  for (const auto& c : whole.candidates)
    boost::add_edge(c.farm, farms + c.parcel, graph);
  for (std::size_t m = 0; m < whole.parcels.size(); ++m) {
    if (whole.parcels[m].from_farm)
      boost::add_edge(*whole.parcels[m].from_farm, farms + m, graph);
  }
  std::unordered_map<std::string, std::size_t> farm_of;  // farm id -> problem farm
  for (std::size_t f = 0; f < farms; ++f)
    farm_of.emplace(whole.farms[f].farm_id, f);
  for (const auto& pair : whole.pairs) {
    const auto a = whole.movable_index[pair.a], b = whole.movable_index[pair.b];
    if (a && b)
      boost::add_edge(farms + *a, farms + *b, graph);
    // A movable parcel next to a farm's fixed land ties it to that farm.
    for (const auto& [movable, fixed] : {std::pair{a, pair.b}, std::pair{b, pair.a}}) {
      if (!movable || whole.movable_index[fixed])
        continue;
      const auto& user = whole.region->parcels[fixed].user_farm_id;
      if (!user)
        continue;
      const auto farm = farm_of.find(*user);
      if (farm != farm_of.end())
        boost::add_edge(farm->second, farms + *movable, graph);
    }
  }
  std::vector<int> component(boost::num_vertices(graph));
  const int count = boost::connected_components(graph, component.data());

  std::vector<Problem> parts(static_cast<std::size_t>(count));
  std::vector<std::vector<std::optional<std::size_t>>> farm_map(parts.size()),
      parcel_map(parts.size());
  for (auto& part : parts) {
    part.region = whole.region;
    part.scenario = whole.scenario;
    part.as_of = whole.as_of;
    part.allocation = whole.allocation;
    part.carry = whole.carry;
    part.movable_index.assign(whole.movable_index.size(), std::nullopt);
    part.farm_index.assign(whole.farm_index.size(), std::nullopt);
  }
  std::vector<std::size_t> farm_local(farms), parcel_local(whole.parcels.size());
  for (std::size_t f = 0; f < farms; ++f) {
    auto& part = parts[static_cast<std::size_t>(component[f])];
    farm_local[f] = part.farms.size();
    part.farm_index[whole.farms[f].region_index] = part.farms.size();
    part.farms.push_back(whole.farms[f]);
  }
  for (std::size_t m = 0; m < whole.parcels.size(); ++m) {
    auto& part = parts[static_cast<std::size_t>(component[farms + m])];
    parcel_local[m] = part.parcels.size();
    auto movable = whole.parcels[m];
    if (movable.from_farm)
      movable.from_farm = farm_local[*movable.from_farm];
    part.movable_index[movable.region_index] = part.parcels.size();
    part.parcels.push_back(movable);
  }
  for (auto c : whole.candidates) {
    auto& part = parts[static_cast<std::size_t>(component[c.farm])];
    c.farm = farm_local[c.farm];
    c.parcel = parcel_local[c.parcel];
    part.candidates.push_back(c);
  }
  for (const auto& pair : whole.pairs) {
    const auto m =
        whole.movable_index[pair.a] ? whole.movable_index[pair.a] : whole.movable_index[pair.b];
    parts[static_cast<std::size_t>(component[farms + *m])].pairs.push_back(pair);
  }
  // Parts with nothing to decide are dropped.
  std::erase_if(parts, [](const Problem& part) { return part.candidates.empty(); });
  return parts;
}

/// Seconds since `then`.
double seconds_since(std::chrono::steady_clock::time_point then) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - then).count();
}

/// Seconds until `deadline` (negative once it has passed).
double seconds_until(std::chrono::steady_clock::time_point deadline) {
  return -seconds_since(deadline);
}

/// The LP relaxation of part `index` in a thread of its own (Clp alone: no
/// CBC state shared), without the deal structure's rows, which add nothing
/// to its bound on the regions measured and make a third of them; stopped
/// at 60 % of `left_s`, and not started (an invalid future) when its size
/// estimate does not fit there.
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

/// Sets `solved`'s bound to `bound` (never below its objective), and its gap
/// and status from them.
void settle_bound(SolveResult& solved, double bound, double relative_gap_limit) {
  solved.bound = std::max(bound, solved.objective);
  solved.gap = relative_gap(solved.bound, solved.objective);
  solved.status = solved.gap <= 1e-9                 ? SolveStatus::optimal
                  : solved.gap <= relative_gap_limit ? SolveStatus::gap_limit
                                                     : SolveStatus::time_limit_with_solution;
}

/// A part whose model CBC cannot search well in the time
/// (`kNeighbourhoodSearchFromColumns` columns and more, or fewer where CBC
/// proved nothing within its work limit), from a feasible `initial`: neighbourhoods of a few farms
/// re-solved with the rest fixed, then the swap search and the annealing, on `share` of the time
/// the run started at `run_start` has left (less `reserve_s`). Waits for `lp` when it was started.
/// `swaps_s`: what the part's first swap search took, held back from the neighbourhoods' deadline
/// for the last one. Returns a feasible solution and its proven bound; CBC only ever sees the
/// neighbourhoods' small models.
SolveResult search_part(const Problem& part, std::size_t index, const BuiltModel& built,
                        std::vector<double> initial, MipBackend& backend, const Scenario& scenario,
                        std::future<LpRelaxation>& lp,
                        std::chrono::steady_clock::time_point run_start, double reserve_s,
                        double share, double swaps_s) {
  SolveResult solved;
  solved.call_ok = true;
  const double initial_value = built.model.objective_of(initial);
  solved.values = std::move(initial);
  // Where the LP does not finish, this bound is far better than the
  // columns' ranges; where it does, the smaller of two valid bounds holds.
  const auto bound_start = std::chrono::steady_clock::now();
  const int bound_iterations = static_cast<int>(
      std::clamp(kBoundIterationsPerMinute * scenario.solver.time_limit_s / 60.0, 200.0, 2000.0));
  const double relaxed = assignment_bound(part, built, initial_value, bound_iterations);
  const double bound_s = seconds_since(bound_start);
  spdlog::debug("part {}: assignment bound in {:.2f} s", index, bound_s);
  solved.bound = std::min(range_bound(built.model), relaxed);
  const double left_s = scenario.solver.time_limit_s - reserve_s - seconds_since(run_start);
  NeighbourhoodSettings neighbourhoods;
  neighbourhoods.seed = scenario.solver.seed;
  // A work limit from the scenario alone, so that runs repeat: one
  // neighbourhood per two seconds of the time limit, and as many again
  // guided by the LP (on the default region 0.7 s and 0.5 s each on the
  // 2-core benchmark machine: both end 17 s before the deadline). The
  // deadline is the safety net on slower machines and on very large
  // regions.
  neighbourhoods.max_neighbourhoods =
      std::max(20L, static_cast<long>(0.5 * scenario.solver.time_limit_s * share));
  neighbourhoods.max_iterations =
      static_cast<long>(kSubMipIterationsPerSecond * scenario.solver.time_limit_s * share);
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
  const auto first_search_start = std::chrono::steady_clock::now();
  solved.values = search_neighbourhoods(part, built, std::move(solved.values), backend,
                                        neighbourhoods, neighbourhood_deadline, &end);
  const double first_search_s = seconds_since(first_search_start);
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
  // The second round has the same work limits and starts only when the
  // time left holds what it is expected to take, so that it too ends at a
  // work limit, not at the clock. Guided by the LP, its sub-MIPs are
  // smaller: the default region's round takes 0.6-0.7 times the first
  // one's time (17 s after 25 s; 76,066 simplex iterations after 101,864),
  // so it starts with 0.75 times the first round's time left. (At 1.2, on a
  // machine 20 % slower than the benchmark's, it started in one run of two,
  // and the default region ended at 1,928,330 or 1,754,085 EUR.) The BRP
  // sample's first round, ending at its iterations, leaves about 10 s for
  // 38 s: no second round. Unguided rounds, as large as the first, need
  // 1.5 times.
  if (end != SearchEnd::deadline &&
      seconds_until(neighbourhood_deadline) >= (guided ? 0.75 : 1.5) * first_search_s &&
      (guided || end == SearchEnd::work_limit))
    solved.values = search_neighbourhoods(part, built, std::move(solved.values), backend,
                                          neighbourhoods, neighbourhood_deadline, &end);
  // A search that stopped at a local optimum (not at its work limit or
  // the clock, so that runs repeat): reallocate from there, and search
  // again if that helped. The clock only guards the last second.
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
    solved.values = search_neighbourhoods(part, built, std::move(again), backend, neighbourhoods,
                                          neighbourhood_deadline, &end);
  }
  // The sub-MIPs' changes may open swaps between farms no
  // neighbourhood held together.
  solved.values =
      search_swaps(part, built, std::move(solved.values), SwapSearchSettings{}, search_deadline);
  // Then simulated annealing over the same moves leaves the local
  // optimum, with a work limit of moves per second of the time limit
  // (the part's share). It starts only when the time left holds its
  // work twice over at the measured cost of a move on a model this
  // size, so that it is either done in full or not started: the
  // deadline stays a safety net, and runs repeat. (At one and a half
  // times a flat 4 µs per move, the default region's 3 million moves
  // needed 18 s, about what its search leaves: whether they ran
  // depended on the clock.)
  const long anneal_moves =
      static_cast<long>(kAnnealMovesPerSecond * scenario.solver.time_limit_s * share);
  if (seconds_left() >=
      2.0 * anneal_move_seconds(built.model.columns.size()) * static_cast<double>(anneal_moves))
    solved.values =
        anneal_swaps(part, built, std::move(solved.values), SwapSearchSettings{}, anneal_moves,
                     static_cast<unsigned>(scenario.solver.seed), search_deadline);
  // Without the LP's bound, the assignment relaxation again, its steps
  // aimed at the final proposal's value and half as many again, when their
  // estimated cost fits a share of the time limit: decided from the model
  // and the scenario, so that the reported bound repeats (the proposal
  // never depends on it). The time left must hold them at the first
  // computation's pace: a safety net on slow machines. 10,000 parcels:
  // 7,748,398 -> 7,582,389 EUR in 0.6 s; the BRP consolidation: 4,242,780
  // -> 3,896,855 in 5.1 s of the 7.9 s its search leaves. (Until session 11
  // only the clock decided, with a margin of 1.5: on the consolidation the
  // bound then came out either way, 39.7 % or 44.6 % gap.)
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

}  // namespace

LinearModel build_plain_model(const Region& region, const std::vector<ParcelNeighbours>& neighbours,
                              const Scenario& scenario, const Date& as_of, const CarryOver& carry) {
  return build_model(build_problem(region, neighbours, scenario, as_of, carry)).model;
}

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
        "deals on hold can no longer be kept (release them): " + whole.impossible_held.front();
    return result;
  }
  result.candidates = static_cast<long>(whole.candidates.size());
  result.movable_parcels = static_cast<long>(whole.parcels.size());
  result.farms = static_cast<long>(whole.farms.size());
  const auto parts = split(whole);
  result.parts = static_cast<int>(parts.size());
  spdlog::debug("optimiser: {} farms, {} movable parcels, {} candidates in {} independent parts",
                whole.farms.size(), whole.parcels.size(), whole.candidates.size(), parts.size());

  double bound = 0.0, model_objective = 0.0;
  bool all_proven = true, any_gap_stop = false, any_missing = false;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto& part = parts[i];
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
    // A model for the neighbourhood search below gets its LP relaxation (the
    // bound, and the guide of the later neighbourhoods) from the start,
    // beside the heuristics and CBC's sub-MIPs on the other core (the
    // search waits for it).
    std::future<LpRelaxation> lp;
    if (built.model.columns.size() >= kNeighbourhoodSearchFromColumns)
      lp = start_lp_relaxation(built, i,
                               scenario.solver.time_limit_s - reserve_s - seconds_since(start));
    SolveSettings settings;
    const double elapsed = seconds_since(start);
    settings.time_limit_s = std::max(1.0, scenario.solver.time_limit_s - elapsed);
    settings.relative_gap = scenario.solver.relative_gap;
    settings.threads = scenario.solver.threads;
    settings.seed = scenario.solver.seed;
    // A first proposal from the construction heuristic, else "nothing moves".
    const auto heuristic_start = std::chrono::steady_clock::now();
    auto chosen = construct_proposal(part, neighbours);
    // Local search with a fixed amount of work, so that runs repeat exactly,
    // and at most a quarter of the time left as a safety net.
    const double part_share =
        static_cast<double>(part.candidates.size()) /
        static_cast<double>(std::max<std::size_t>(1, whole.candidates.size()));
    const long local_search_trials = std::clamp(
        static_cast<long>(kLocalSearchShare * scenario.solver.time_limit_s * part_share /
                          (kTrialSecondsPerParcel *
                           static_cast<double>(std::max<std::size_t>(1, neighbours.size())))),
        100L, kLocalSearchTrials);
    const auto deadline = seconds_from_now(0.25 * settings.time_limit_s);
    // At least 2,000 verified exchange trials, more where many parcels may move.
    const long exchange_trials = std::max(2000L, static_cast<long>(part.parcels.size()));
    chosen = add_exchanges(part, neighbours, std::move(chosen), exchange_trials, deadline);
    chosen =
        improve_proposal(part, neighbours, std::move(chosen), 3, local_search_trials, deadline);
    std::vector<std::size_t> held;
    for (std::size_t c = 0; c < part.candidates.size(); ++c) {
      if (part.candidates[c].held)
        held.push_back(c);
    }
    for (std::size_t c : held) {
      if (std::find(chosen.begin(), chosen.end(), c) == chosen.end())
        chosen.push_back(c);
    }
    auto initial = start_values(part, built, chosen);
    spdlog::debug("part {}: construction heuristic {:.2f} s, value {:.0f}", i,
                  seconds_since(heuristic_start), built.model.objective_of(initial));
    if (built.model.first_violation(initial))
      initial = start_values(part, built, held);
    else
      spdlog::info("part {}: first proposal after {:.1f} s, value {:.0f}", i, seconds_since(start),
                   built.model.objective_of(initial));
    const double spent = seconds_since(start);
    settings.time_limit_s = std::max(1.0, scenario.solver.time_limit_s - spent);
    const bool start_ok = !built.model.first_violation(initial);
    double swaps_s = 0.0;
    if (start_ok) {
      // Whole holdings redrawn at once where many farms exchange, within a
      // quarter of the time left (a safety net; its rounds are the work limit).
      initial = reallocate(part, built, std::move(initial), ReallocationSettings{},
                           seconds_from_now(0.25 * settings.time_limit_s));
      // Pairwise swaps over the whole region, each judged on the model
      // (its evaluations are the work limit; the clock a safety net).
      const auto swaps_start = std::chrono::steady_clock::now();
      initial = search_swaps(part, built, std::move(initial), SwapSearchSettings{},
                             seconds_from_now(0.25 * settings.time_limit_s));
      swaps_s = seconds_since(swaps_start);
    }
    long candidates_left = 0;
    for (std::size_t j = i; j < parts.size(); ++j)
      candidates_left += static_cast<long>(parts[j].candidates.size());
    const double share = static_cast<double>(part.candidates.size()) /
                         static_cast<double>(std::max(1L, candidates_left));
    SolveResult solved;
    if (built.model.columns.size() >= kNeighbourhoodSearchFromColumns && start_ok) {
      solved = search_part(part, i, built, std::move(initial), backend, scenario, lp, start,
                           reserve_s, share, swaps_s);
    } else if (start_ok) {
      // CBC first, within a work limit of nodes (so that runs repeat; its
      // share of the clock is the safety net); then, unless it proved the
      // part, the search from CBC's best, with CBC's bound kept.
      settings.start = std::move(initial);
      settings.max_nodes =
          cbc_first_nodes(scenario.solver.time_limit_s, built.model.columns.size());
      settings.time_limit_s *= kCbcFirstShare;
      solved = backend.solve(built.model, settings);
      if (solved.call_ok && solved.has_solution() && solved.status != SolveStatus::optimal &&
          solved.status != SolveStatus::gap_limit) {
        spdlog::info("part {}: CBC proved no {:.2f} % gap within {} nodes ({:.1f} s); searching on",
                     i, 100.0 * scenario.solver.relative_gap, *settings.max_nodes, solved.seconds);
        const double cbc_bound = solved.bound;
        lp = start_lp_relaxation(built, i,
                                 scenario.solver.time_limit_s - reserve_s - seconds_since(start));
        solved = search_part(part, i, built, std::move(solved.values), backend, scenario, lp, start,
                             reserve_s, share, swaps_s);
        settle_bound(solved, std::min(solved.bound, cbc_bound), scenario.solver.relative_gap);
      }
    } else {
      solved = backend.solve(built.model, settings);
    }
    spdlog::debug("part {}: {} after {:.2f} s, objective {:.0f}, bound {:.0f}", i,
                  to_string(solved.status), solved.seconds, solved.objective, solved.bound);
    if (!solved.call_ok) {
      result.error = solved.error;
      return result;
    }
    if (solved.status == SolveStatus::infeasible && !held.empty()) {
      result.call_ok = true;
      result.status = SolveStatus::infeasible;
      result.error = "the deals on hold no longer fit the rules together (release them)";
      return result;
    }
    if (solved.status == SolveStatus::infeasible || solved.status == SolveStatus::unbounded) {
      // Doing nothing is always allowed, so this is a modelling error.
      result.error =
          std::string("part ") + std::to_string(i) + " reported " + to_string(solved.status);
      return result;
    }
    if (!solved.has_solution()) {
      any_missing = true;
      bound += solved.bound;
      continue;
    }
    if (auto violation = built.model.first_violation(solved.values, 1e-5)) {
      result.error = "the solver's solution breaks the model: " + *violation;
      return result;
    }
    all_proven = all_proven && solved.status == SolveStatus::optimal;
    any_gap_stop = any_gap_stop || solved.status == SolveStatus::gap_limit;
    bound += std::max(solved.bound, solved.objective);
    model_objective += solved.objective;
    for (std::size_t c = 0; c < part.candidates.size(); ++c) {
      if (solved.values[static_cast<std::size_t>(built.choose[c])] < 0.5)
        continue;
      result.transfers.push_back(transfer_of(part, c));
    }
  }

  result.evaluation = verify_proposal(region, neighbours, scenario, as_of, result.transfers, carry);
  if (!result.evaluation.valid()) {
    const auto& v = result.evaluation.violations.front();
    result.error = "the verifier rejects the proposal: " + v.rule + " " + v.farm_id + " " +
                   v.parcel_id + ": " + v.message;
    return result;
  }
  result.objective_eur = result.evaluation.objective_eur;
  if (std::abs(result.objective_eur - model_objective) >
          1e-4 * std::max(1.0, std::abs(model_objective)) &&
      result.objective_eur < model_objective) {
    result.error = "the verifier's objective is below the model's";
    return result;
  }
  result.bound_eur = std::max(bound, result.objective_eur);
  result.gap = relative_gap(result.bound_eur, result.objective_eur);
  result.call_ok = true;
  if (any_missing) {
    result.status = result.transfers.empty() ? SolveStatus::time_limit_without_solution
                                             : SolveStatus::time_limit_with_solution;
  } else if (all_proven) {
    result.status = SolveStatus::optimal;
  } else {
    result.status = any_gap_stop ? SolveStatus::gap_limit : SolveStatus::time_limit_with_solution;
  }
  result.seconds = seconds_since(start);
  return result;
}

}  // namespace landpool::solver
