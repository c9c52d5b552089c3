// Rule who_may_move (1) and the assignment: only candidates (movable parcels
// to eligible farms) have a column; each parcel goes to at most one farm; a
// farm that receives or gives takes part.

#include <cstdint>
#include <string_view>
#include <unordered_map>

#include <spdlog/fmt/fmt.h>

#include "solver/model/model_builder.hpp"

namespace landpool::solver {

void Expression::add(const Expression& other, double factor) {
  constant += factor * other.constant;
  for (const auto& [column, coefficient] : other.terms)
    add(column, factor * coefficient);
}

void add_assignment(const Problem& problem, BuiltModel& built) {
  auto& model = built.model;
  const auto& region = *problem.region;
  for (std::size_t f = 0; f < problem.farms.size(); ++f) {
    built.takes_part.push_back(built.tag_column(
        model.add_binary(fmt::format("z[{}]", problem.farms[f].farm_id), 0.0), {f}));
  }
  built.moved.assign(problem.parcels.size(), Expression{});
  for (std::size_t c = 0; c < problem.candidates.size(); ++c) {
    const auto& candidate = problem.candidates[c];
    const auto& parcel = region.parcels[problem.parcels[candidate.parcel].region_index];
    const int x = model.add_binary(
        fmt::format("x[{}>{}]", parcel.parcel_id, problem.farms[candidate.farm].farm_id), 0.0);
    built.tag_column(x, {candidate.farm});
    built.choose.push_back(x);
    built.moved[candidate.parcel].add(x, 1.0);
    // A receiving farm takes part.
    model.add_row(fmt::format("takes_part[{}]", x),
                  {{x, 1.0}, {built.takes_part[candidate.farm], -1.0}}, -kInfinity, 0.0);
  }
  for (std::size_t m = 0; m < problem.parcels.size(); ++m) {
    const auto& movable = problem.parcels[m];
    const auto& moved = built.moved[m];
    if (moved.terms.empty())
      continue;
    const auto& id = region.parcels[movable.region_index].parcel_id;
    model.add_row("once[" + id + "]", moved.terms, -kInfinity, 1.0);
    if (movable.from_farm) {  // the giving farm takes part
      auto terms = moved.terms;
      terms.emplace_back(built.takes_part[*movable.from_farm], -1.0);
      model.add_row("gives[" + id + "]", std::move(terms), -kInfinity, 0.0);
    }
  }
}

double Expression::value(const std::vector<double>& values) const {
  double total = constant;
  for (const auto& [column, coefficient] : terms)
    total += coefficient * values[static_cast<std::size_t>(column)];
  return total;
}

}  // namespace landpool::solver
