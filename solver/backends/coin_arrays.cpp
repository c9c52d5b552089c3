#include "solver/backends/coin_arrays.hpp"

#include <cmath>

#include <CoinFinite.hpp>

namespace landpool::solver {

double coin_finite(double value) {
  return std::isinf(value) ? (value > 0 ? COIN_DBL_MAX : -COIN_DBL_MAX) : value;
}

CoinArrays coin_arrays(const LinearModel& model,
                       const std::function<bool(const LinearModel::Row&)>& drop_row) {
  CoinArrays arrays;
  for (const auto& column : model.columns) {
    arrays.column_lower.push_back(coin_finite(column.lower));
    arrays.column_upper.push_back(coin_finite(column.upper));
    arrays.cost.push_back(-column.objective);
  }
  std::vector<CoinBigIndex> starts;
  std::vector<int> lengths, indices;
  std::vector<double> elements;
  for (std::size_t i = 0; i < model.rows.size(); ++i) {
    const auto& row = model.rows[i];
    if (row.terms.empty())
      continue;
    if (drop_row && drop_row(row)) {
      ++arrays.rows_dropped;
      continue;
    }
    starts.push_back(static_cast<CoinBigIndex>(indices.size()));
    lengths.push_back(static_cast<int>(row.terms.size()));
    for (const auto& [column, coefficient] : row.terms) {
      indices.push_back(column);
      elements.push_back(coefficient);
    }
    arrays.row_lower.push_back(coin_finite(row.lower));
    arrays.row_upper.push_back(coin_finite(row.upper));
    arrays.model_row.push_back(static_cast<int>(i));
  }
  starts.push_back(static_cast<CoinBigIndex>(indices.size()));
  arrays.matrix =
      CoinPackedMatrix(false, static_cast<int>(model.columns.size()),
                       static_cast<int>(lengths.size()), static_cast<CoinBigIndex>(elements.size()),
                       elements.data(), indices.data(), starts.data(), lengths.data());
  return arrays;
}

}  // namespace landpool::solver
