#pragma once
// Large-neighbourhood search with the MIP itself: a few farms that could
// deal with each other are set free, every other farm's choices are fixed at
// the incumbent, and CBC solves what is left (a small model) to optimality
// or a node limit. An improvement is kept; the neighbourhood grows while
// CBC proves them quickly and shrinks when it does not. Every accepted
// solution satisfies the whole model (checked), so the result is always a
// feasible start for the final solve.

#include <chrono>
#include <functional>
#include <vector>

#include "solver/model/linear_model.hpp"
#include "solver/model/model_builder.hpp"
#include "solver/problem/problem.hpp"
#include "solver/search/free_columns.hpp"

namespace landpool::solver {

struct NeighbourhoodSettings {
  int first_farms = 4;    ///< farms set free at first
  int most_farms = 10;    ///< the neighbourhood grows up to this many
  SubMipNodeLimit nodes;  ///< per sub-MIP
  /// Simplex iterations per sub-MIP, checked at each node: a work limit
  /// where nodes cost many iterations (60-110 on the BRP sample), so that
  /// the clock never decides a sub-MIP; the default region's largest takes
  /// 16,669, below it.
  long max_sub_mip_iterations = 24000;
  /// Per sub-MIP: a safety net on slow machines, above what the limits
  /// above take here (24,000 iterations at the BRP sample's pace: 11 s).
  double sub_time_limit_s = 20;
  long max_neighbourhoods = 0;  ///< 0: two per farm
  /// Simplex iterations over all sub-MIPs, then the search stops (a work
  /// limit that, unlike the clock, repeats run to run); 0: no limit.
  long max_iterations = 0;
  long most_free_columns = 4000;  ///< larger sub-models are skipped (and the next one smaller)
  int seed = 1;
  int threads = 1;
  /// The LP relaxation's values of the whole model, or empty. When given,
  /// neighbourhoods gather the farms between which the LP moves land that
  /// the proposal does not (relaxation-induced neighbourhoods), each seeded
  /// at the farm where the two differ most, less often the more it has been
  /// the seed; the differences are measured again after each improvement.
  std::vector<double> relaxation;
  /// Called with the proposal's value after every sub-MIP that returned a
  /// solution (progress for the user; it must not change the search); may
  /// be empty.
  std::function<void(double objective)> progress;
};

/// Why a search stopped.
enum class SearchEnd {
  local_optimum,  ///< a round over every farm without improvement
  work_limit,     ///< max_neighbourhoods tried (solved, skipped as too large or remembered), or
                  ///< max_iterations spent
  deadline,       ///< the clock (or a failure to restrict the model)
};

/// What a search did: why it stopped, the sub-MIPs solved, their simplex
/// iterations and the most one sub-MIP spent (the iteration limit is checked
/// between sub-MIPs, so a search may pass it by that much).
struct SearchWork {
  SearchEnd end = SearchEnd::local_optimum;
  long sub_mips = 0;
  long iterations = 0;
  long most_in_one = 0;
};

/// Improves `values` (a feasible solution of `built.model`) until the
/// deadline, the neighbourhood count or the simplex iterations, or a round
/// over every farm without improvement. Returns the best solution found (at
/// least as good); `work`, when given, says what the search did.
std::vector<double> search_neighbourhoods(const Problem& problem, const BuiltModel& built,
                                          std::vector<double> values, MipBackend& backend,
                                          const NeighbourhoodSettings& settings,
                                          std::chrono::steady_clock::time_point deadline,
                                          SearchWork* work = nullptr);

/// Neighbourhoods for the farms that want land and receive none in
/// `values` (a feasible solution of `built.model`), the largest least area
/// first, often a farm whose least area no single parcel reaches. Each is
/// set free at `settings.first_farms` farms three times: with the
/// farms that receive what it could receive (its competitors, pool land
/// first); with its first competitor and the farms that give what it could
/// receive (its partners); and with its first competitor and first partner,
/// the other farms that wait favoured; each from the last gain, while it
/// waits. Then, where CBC proved each of those it solved, with a companion
/// (each of the two other waiting farms that interact most with it), its
/// first competitor and first partner, each from where the farm started
/// and within 2,000 simplex iterations; the best is kept where it beats
/// what its own neighbourhoods reached (they may have given the land both
/// need to another farm). The same farms are tried once, and a farm served on
/// the way is passed over. Until `settings.max_iterations`,
/// `settings.max_neighbourhoods` (0: two per farm of the problem) or the
/// deadline; where nobody waits, nothing is set up. The usual rounds seldom
/// hold these farms together: their seeds follow the LP and the farms'
/// interactions, not who holds the land. Returns the best solution found
/// (at least as good).
std::vector<double> serve_waiting_farms(const Problem& problem, const BuiltModel& built,
                                        std::vector<double> values, MipBackend& backend,
                                        const NeighbourhoodSettings& settings,
                                        std::chrono::steady_clock::time_point deadline,
                                        SearchWork* work = nullptr);

}  // namespace landpool::solver
