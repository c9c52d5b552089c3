#pragma once
#include <cstddef>
#include <functional>
#include <vector>
#include "solver/problem/problem.hpp"
namespace landpool::solver {
std::vector<int> deal_of_farms(const Problem& problem, const std::vector<std::size_t>& chosen);
std::vector<std::size_t> split_oversize_deals(const Problem& problem,
                                              std::vector<std::size_t> chosen,
                                              const std::function<double(std::size_t)>& worth);
}  // namespace landpool::solver
