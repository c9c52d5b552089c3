#pragma once
// A LinearModel as the arrays Clp and CBC load. Both minimise, so the
// objective is negated; infinite bounds become COIN_DBL_MAX.

#include <functional>
#include <vector>

#include <CoinPackedMatrix.hpp>

#include "solver/model/linear_model.hpp"

namespace landpool::solver {

/// `value`, or ±COIN_DBL_MAX where it is infinite.
double coin_finite(double value);

struct CoinArrays {
  CoinPackedMatrix matrix;  ///< row-ordered, the rows kept
  std::vector<double> column_lower, column_upper, cost;
  std::vector<double> row_lower, row_upper;  ///< per row kept
  std::vector<int> model_row;                ///< per row kept: its row in the model
  int rows_dropped = 0;                      ///< by `drop_row`
};

/// Every column; every row with terms that `drop_row` (when given) does not
/// drop. The rows go in as one array: appended one by one, the matrix is
/// copied each time (minutes on a 10,000-parcel region).
CoinArrays coin_arrays(const LinearModel& model,
                       const std::function<bool(const LinearModel::Row&)>& drop_row = {});

}  // namespace landpool::solver
