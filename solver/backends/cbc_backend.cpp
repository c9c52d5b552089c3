// The CBC backend: loads the model into Clp, runs CBC's full default
// strategy (CbcMain0/CbcMain1, as the cbc program does), reads the outcome.
// CBC always gets a minimisation; CbcMain0 and the five-argument CbcMain1
// share one CbcSolverUsefulData (no signal handler); arguments end in -solve -quit.

#include <CbcEventHandler.hpp>
#include <CbcModel.hpp>
#include <CbcSolver.hpp>
#include <CoinError.hpp>
#include <CoinPackedMatrix.hpp>
#include <OsiClpSolverInterface.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>

#include <spdlog/fmt/fmt.h>
#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "solver/backends/coin_arrays.hpp"
#include "solver/backends/lp_relaxation.hpp"
#include "solver/model/linear_model.hpp"

namespace landpool::solver {
namespace {

constexpr int kPresolveFromColumns = 5000;

// CbcMain1 uses process-wide state: one solve at a time.
std::mutex cbc_mutex;

// Progress on the log during long solves: every new incumbent, and the
// incumbent, bound and gap at most every 5 s. CBC works on a preprocessed
// copy, so the figures are close to, not exactly, the model's; the verified
// numbers come after the solve. With an iteration limit it also stops the
// search at the first node after the simplex iterations pass it: a work
// limit that, unlike CBC's clock, repeats run to run.
class ProgressLog final : public CbcEventHandler {
 public:
  ProgressLog(double offset, bool log, std::optional<long> max_iterations)
      : offset_(offset), log_(log), max_iterations_(max_iterations) {}
  CbcAction event(CbcEvent which) override {
    if (!model_ || model_->parentModel())
      return noAction;  // sub-models of heuristics
    if (which == node && max_iterations_ && model_->getIterationCount() >= *max_iterations_)
      return stop;
    if (!log_)
      return noAction;
    const bool found = which == solution || which == heuristicSolution;
    if (!found && which != node)
      return noAction;
    const auto now = std::chrono::steady_clock::now();
    if (!found && now - last_ < std::chrono::seconds(5))
      return noAction;
    last_ = now;
    const double bound = -model_->getBestPossibleObjValue() + offset_;
    if (model_->getSolutionCount() == 0 && !found) {
      spdlog::info("CBC: {:.0f} s, no proposal yet, bound {:.0f}", elapsed_s(now), bound);
      return noAction;
    }
    // On some solution events CBC has not stored the value yet (1e50).
    if (std::abs(model_->getObjValue()) >= 1e49)
      return noAction;
    const double incumbent = -model_->getObjValue() + offset_;
    spdlog::info("CBC: {:.0f} s, {} {:.0f}, bound {:.0f}, gap {:.2f} %", elapsed_s(now),
                 found ? "new proposal" : "best proposal", incumbent, bound,
                 100.0 * relative_gap(bound, incumbent));
    return noAction;
  }
  CbcEventHandler* clone() const override { return new ProgressLog(*this); }

 private:
  double elapsed_s(std::chrono::steady_clock::time_point now) const {
    return std::chrono::duration<double>(now - start_).count();
  }
  double offset_;
  bool log_;
  std::optional<long> max_iterations_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_ = start_;
};

// Loads the model into Clp, integer columns marked. No column or row names:
// with column names set (and no row names) CBC 2.10.8 crashed in
// ClpPresolve::gutsOfPresolvedModel on our models.
void load_into(const LinearModel& model, OsiClpSolverInterface& osi) {
  const auto arrays = coin_arrays(model);
  osi.loadProblem(arrays.matrix, arrays.column_lower.data(), arrays.column_upper.data(),
                  arrays.cost.data(), arrays.row_lower.data(), arrays.row_upper.data());
  for (std::size_t j = 0; j < model.columns.size(); ++j) {
    if (model.columns[j].integer)
      osi.setInteger(static_cast<int>(j));
  }
}

/// The answer when no time is left for CBC: the start (if any) with the LP's bound.
SolveResult without_search(const LinearModel& model, const SolveSettings& settings,
                           const LpRelaxation& root) {
  SolveResult result;
  result.call_ok = true;
  if (root.outcome == LpRelaxation::Outcome::infeasible) {
    result.status = SolveStatus::infeasible;
    return result;
  }
  result.bound = root.bound;
  result.status = SolveStatus::time_limit_without_solution;
  if (settings.start) {
    result.values = *settings.start;
    result.objective = model.objective_of(result.values);
    result.bound = std::max(result.bound, result.objective);
    result.status = SolveStatus::time_limit_with_solution;
    result.gap = relative_gap(result.bound, result.objective);
  }
  return result;
}

class CbcBackend final : public MipBackend {
 public:
  SolveResult solve(const LinearModel& model, const SolveSettings& settings) override {
    const auto start = std::chrono::steady_clock::now();
    SolveResult result;
    const int n = static_cast<int>(model.columns.size());
    if (n == 0) {  // nothing to decide
      result.call_ok = true;
      result.status = SolveStatus::optimal;
      result.objective = result.bound = model.objective_offset;
      return result;
    }

    // The root LP of a large model may take twice the time left, as a
    // proposal without a useful bound would be worth far less; in
    // iterations, so that runs repeat. Too large for them, it is not loaded.
    const auto root_iterations =
        std::max(1L, static_cast<long>(kLpIterationsPerSecond * 2.0 * settings.time_limit_s));
    const long terms = n >= kPresolveFromColumns ? lp_terms(model) : 0;
    if (n >= kPresolveFromColumns) {
      if (!lp_fits(terms, root_iterations)) {
        spdlog::info(
            "CBC: {} columns, {} rows, {} terms: too large for the LP relaxation's {} iterations; "
            "the proposal stands with a bound from the columns' ranges",
            n, model.rows.size(), terms, root_iterations);
        LpRelaxation skipped;
        skipped.bound = range_bound(model);
        auto early = without_search(model, settings, skipped);
        early.seconds = seconds_since(start);
        return early;
      }
    }
    try {
      // A large model's LP relaxation first, alone and under the time limit
      // (CBC's own root LP does not observe it; Clp alone, outside CBC's
      // lock). CBC redoes its root from scratch on its preprocessed copy,
      // so it only runs when there is time for that and a search after it.
      std::optional<LpRelaxation> root;
      double cbc_limit_s = settings.time_limit_s;
      if (n >= kPresolveFromColumns) {
        spdlog::info("CBC: {} columns, {} rows; the LP relaxation first", n, model.rows.size());
        root = solve_lp_relaxation(model, 2.0 * settings.time_limit_s, {},
                                   lp_iterations_allowed(terms, root_iterations));
        cbc_limit_s = settings.time_limit_s - seconds_since(start);
        if (root->outcome != LpRelaxation::Outcome::optimal || cbc_limit_s < 2.0 * root->seconds) {
          auto early = without_search(model, settings, *root);
          early.seconds = seconds_since(start);
          return early;
        }
      }
      OsiClpSolverInterface osi;
      load_into(model, osi);
      osi.messageHandler()->setLogLevel(0);
      std::lock_guard<std::mutex> lock(cbc_mutex);
      // The start as a strict cutoff: CBC prunes every node that cannot
      // beat it by `margin`. (Handing CBC the start itself, by column names,
      // made CBC 2.10.8 report small feasible models infeasible, and names
      // crash its presolve.) If CBC then proves that nothing is better, the
      // start is optimal within the margin, and the bound says so.
      std::optional<double> cutoff;
      double margin = 0.0;
      if (settings.start) {
        margin = 1e-7 * std::max(1.0, std::abs(model.objective_of(*settings.start)));
        cutoff = -(model.objective_of(*settings.start) - model.objective_offset) - margin;
      }
      CbcModel cbc(osi);
      ProgressLog progress(model.objective_offset, settings.log_progress, settings.max_iterations);
      if (settings.log_progress || settings.max_iterations)
        cbc.passInEventHandler(&progress);
      CbcSolverUsefulData data;
      data.useSignalHandler_ = false;
      data.noPrinting_ = true;
      CbcMain0(cbc, data);
      const std::vector<std::string> arguments = {
          "landpool", "-log", "0", "-timeMode", "elapsed", "-sec", fmt::format("{}", cbc_limit_s),
          "-ratioGap", fmt::format("{}", settings.relative_gap), "-threads",
          std::to_string(100 + std::max(1, settings.threads)), "-randomCbcSeed",
          std::to_string(std::max(1, settings.seed)),
          // CBC 2.10.8 with Clp's LP presolve aborted (assertion in
          // ClpNonLinearCost::checkInfeasibilities) on a tiny landpool model
          // (tests/solver/brute_force_test.cpp, seed 3012, deal caps off).
          // Small models do without presolve at no cost; large ones need it
          // (the default region's root stalled for minutes without it).
          "-presolve", n < kPresolveFromColumns ? "off" : "on"};
      std::vector<std::string> all_arguments = arguments;
      if (cutoff) {
        all_arguments.push_back("-cutoff");
        all_arguments.push_back(fmt::format("{:.17g}", *cutoff));
      }
      if (settings.branching_only) {
        for (const char* word : {"-cuts", "off", "-heuristics", "off"})
          all_arguments.emplace_back(word);
      }
      if (settings.max_nodes) {
        all_arguments.push_back("-maxNodes");
        all_arguments.push_back(std::to_string(*settings.max_nodes));
      }
      // For diagnosing solver trouble: extra CBC arguments, e.g. "-cuts off".
      if (const char* extra = std::getenv("LANDPOOL_CBC_EXTRA_ARGS")) {
        std::istringstream words(extra);
        for (std::string word; words >> word;)
          all_arguments.push_back(word);
      }
      all_arguments.push_back("-solve");
      all_arguments.push_back("-quit");
      std::vector<const char*> argv;
      for (const auto& argument : all_arguments)
        argv.push_back(argument.c_str());
      CbcMain1(static_cast<int>(argv.size()), argv.data(), cbc, nullptr, data);

      result.call_ok = true;
      result.iterations = cbc.getIterationCount();
      result.nodes = cbc.getNodeCount();
      const int status = cbc.status();
      const int secondary = cbc.secondaryStatus();
      const double* best = cbc.bestSolution();  // may be replaced by the start below
      if (best) {
        result.values.assign(best, best + n);
        for (int j = 0; j < n; ++j) {
          if (model.columns[static_cast<std::size_t>(j)].integer) {
            result.values[static_cast<std::size_t>(j)] =
                std::round(result.values[static_cast<std::size_t>(j)]);
          }
        }
        result.objective = model.objective_of(result.values);
      }
      // CBC's bound is for the minimisation it was given.
      result.bound = -cbc.getBestPossibleObjValue() + model.objective_offset;
      if (root)
        result.bound = std::min(result.bound, root->bound);
      if (status == 0 && !best && cutoff && secondary != 7) {
        // Proven: nothing beats the start by the margin; optimal within it.
        result.values = *settings.start;
        result.objective = model.objective_of(result.values);
        result.status = SolveStatus::optimal;
        result.bound = result.objective + margin;
        best = result.values.data();
      } else if (status == 0 && secondary == 1) {
        result.status = SolveStatus::infeasible;
      } else if (status == 0 && secondary == 7) {
        result.status = SolveStatus::unbounded;
      } else if (status == 0 && best) {
        result.status = secondary == 2 ? SolveStatus::gap_limit : SolveStatus::optimal;
      } else if (status == 0 && !best) {
        result.status = SolveStatus::infeasible;
      } else if (status == 1 || status == 5) {  // a limit; 5: stopped at the iteration limit
        result.status =
            best ? SolveStatus::time_limit_with_solution : SolveStatus::time_limit_without_solution;
      } else {
        result.call_ok = false;
        result.error = fmt::format("CBC stopped with status {} / {}", status, secondary);
      }
      // The start is kept when CBC finds nothing better (its bound stands).
      if (settings.start && result.call_ok &&
          (!best || model.objective_of(*settings.start) > result.objective + 1e-9) &&
          result.status != SolveStatus::infeasible && result.status != SolveStatus::unbounded) {
        result.values = *settings.start;
        result.objective = model.objective_of(result.values);
        if (result.status == SolveStatus::time_limit_without_solution)
          result.status = SolveStatus::time_limit_with_solution;
        best = result.values.data();
      }
      if (result.status == SolveStatus::optimal)
        result.bound = std::max(result.bound, result.objective);
      if (best)
        result.gap = relative_gap(result.bound, result.objective);
    } catch (const CoinError& error) {
      result.call_ok = false;
      result.error = "CBC: " + error.message();
    }
    result.seconds = seconds_since(start);
    return result;
  }
};

}  // namespace

void write_mps(const LinearModel& model, const std::string& path) {
  OsiClpSolverInterface osi;
  load_into(model, osi);
  osi.messageHandler()->setLogLevel(0);
  // The offset as a column fixed at 1, so that the file's optimum is the model's.
  if (model.objective_offset != 0.0)
    osi.addCol(0, nullptr, nullptr, 1.0, 1.0, -model.objective_offset);
  // Plain text at exactly `path` (writeMps would add ".mps" and may gzip).
  if (osi.getModelPtr()->writeMps(path.c_str(), 0, 2, 1.0) != 0)
    throw std::runtime_error(path + ": cannot write the MPS file");
}

std::unique_ptr<MipBackend> make_cbc_backend() {
  return std::make_unique<CbcBackend>();
}

}  // namespace landpool::solver
