#include "solver/search/relaxation_rounding.hpp"

#include <algorithm>
#include <set>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "solver/search/deal_splitting.hpp"
#include "solver/search/free_columns.hpp"

namespace landpool::solver {
namespace {

class Rounding {
 public:
  Rounding(const Problem& problem, const BuiltModel& built, MipBackend& backend,
           const RelaxationRoundingSettings& settings)
      : problem_(problem),
        built_(built),
        backend_(backend),
        settings_(settings),
        free_columns_(problem, built) {}

  std::optional<std::vector<double>> run(const std::vector<double>& relaxation,
                                         std::chrono::steady_clock::time_point deadline) {
    const auto& model = built_.model;
    auto chosen =
        split_oversize_deals(problem_, chosen_candidates(problem_, built_, relaxation),
                             [&](std::size_t c) { return model.columns[column_of(c)].objective; });
    auto values = start_values(problem_, built_, chosen);
    spdlog::debug("rounding the LP: {} parcels chosen, value {:.0f}", chosen.size(),
                  model.objective_of(values));
    for (; report_.passes < settings_.repair_passes; ++report_.passes) {
      const auto broken = farms_in_breach(problem_, built_, values);
      if (report_.passes == 0)
        report_.broken_after_split = broken.size();
      if (broken.empty())
        break;
      spdlog::debug("rounding the LP: pass {}, {} farms in broken rows", report_.passes,
                    broken.size());
      if (broken.size() > settings_.most_broken_farms)
        return std::nullopt;
      // Every deal with a farm in a broken row does nothing at first (held
      // transfers aside); then each is re-solved with the others fixed.
      const auto groups = deals_of(broken, values);
      std::vector<std::size_t> idle;
      for (const auto& group : groups)
        idle.insert(idle.end(), group.begin(), group.end());
      values = without(idle, values);
      for (const auto& group : groups)
        values = mend(group, std::move(values), deadline);
    }
    if (model.first_violation(values, 1e-6))
      return std::nullopt;
    return values;
  }

  const RelaxationRoundingReport& report() const { return report_; }

 private:
  std::size_t column_of(std::size_t candidate) const {
    return static_cast<std::size_t>(built_.choose[candidate]);
  }

  /// `values` without any transfer to or from `farms` but held ones.
  std::vector<double> without(const std::vector<std::size_t>& farms,
                              const std::vector<double>& values) const {
    std::vector<bool> out(problem_.farms.size(), false);
    for (std::size_t f : farms)
      out[f] = true;
    auto chosen = chosen_candidates(problem_, built_, values);
    std::erase_if(chosen, [&](std::size_t c) {
      const auto& candidate = problem_.candidates[c];
      const auto giver = problem_.parcels[candidate.parcel].from_farm;
      return !candidate.held && (out[candidate.farm] || (giver && out[*giver]));
    });
    return start_values(problem_, built_, chosen);
  }

  /// The deals (their farms) that `farms` are in when `values` is made.
  std::vector<std::vector<std::size_t>> deals_of(const std::vector<std::size_t>& farms,
                                                 const std::vector<double>& values) const {
    const auto deal = deal_of_farms(problem_, chosen_candidates(problem_, built_, values));
    std::vector<std::vector<std::size_t>> groups;
    std::set<std::size_t> grouped;
    for (std::size_t farm : farms) {
      if (grouped.contains(farm))
        continue;
      std::vector<std::size_t> members{farm};
      for (std::size_t f = 0; f < deal.size(); ++f) {
        if (f != farm && deal[f] >= 0 && deal[f] == deal[farm])
          members.push_back(f);
      }
      grouped.insert(members.begin(), members.end());
      groups.push_back(std::move(members));
    }
    return groups;
  }

  /// `farms` re-solved by CBC with every other column fixed at `values`,
  /// from `values` as the start where it keeps the sub-model's rows; CBC's
  /// solution when it has one and, from a start, is better; else `values`
  /// (also when the sub-model cannot be built or the iterations are spent).
  std::vector<double> mend(const std::vector<std::size_t>& farms, std::vector<double> values,
                           std::chrono::steady_clock::time_point deadline) {
    const double left_s = seconds_until(deadline);
    if (left_s < 0.5 || (settings_.max_total_iterations > 0 &&
                         report_.iterations >= settings_.max_total_iterations))
      return values;
    RestrictedModel restricted;
    try {
      restricted = restrict_model(built_.model, free_columns_.of(farms, values), values);
    } catch (const std::invalid_argument& error) {
      spdlog::debug("rounding the LP: {}", error.what());
      return values;
    }
    std::vector<double> start;
    for (int column : restricted.original)
      start.push_back(values[static_cast<std::size_t>(column)]);
    SolveSettings sub;
    sub.time_limit_s = std::min(settings_.sub_time_limit_s, left_s);
    sub.relative_gap = 1e-6;
    sub.threads = 1;
    sub.seed = settings_.seed;
    // Fewer nodes on a larger sub-model, as in the neighbourhood search, so
    // that the node limit, not the clock, ends a large deal's sub-MIP.
    sub.max_nodes = settings_.nodes.for_columns(restricted.model.columns.size());
    sub.max_iterations = settings_.max_iterations;
    sub.log_progress = false;
    sub.branching_only = true;
    const bool from_start = !restricted.model.first_violation(start, 1e-6);
    if (from_start)
      sub.start = std::move(start);
    const auto solved = backend_.solve(restricted.model, sub);
    ++report_.deals_mended;
    report_.iterations += solved.iterations;
    if (!solved.call_ok || !solved.has_solution())
      return values;
    auto mended = restricted.expand(solved.values);
    if (from_start && built_.model.objective_of(mended) <= built_.model.objective_of(values))
      return values;
    return mended;
  }

  const Problem& problem_;
  const BuiltModel& built_;
  MipBackend& backend_;
  const RelaxationRoundingSettings& settings_;
  FreeColumns free_columns_;
  RelaxationRoundingReport report_;
};

}  // namespace

std::optional<std::vector<double>> round_relaxation(const Problem& problem, const BuiltModel& built,
                                                    const std::vector<double>& relaxation,
                                                    MipBackend& backend,
                                                    const RelaxationRoundingSettings& settings,
                                                    std::chrono::steady_clock::time_point deadline,
                                                    RelaxationRoundingReport* report) {
  if (relaxation.size() != built.model.columns.size())
    return std::nullopt;
  Rounding rounding(problem, built, backend, settings);
  auto rounded = rounding.run(relaxation, deadline);
  if (report)
    *report = rounding.report();
  return rounded;
}

}  // namespace landpool::solver
