#include "importers/diagnostics.hpp"

#include <algorithm>

#include "core/input_limits.hpp"

namespace landpool {

std::string format_problem(const Problem& problem) {
  return problem.file + ":" + std::to_string(problem.line) + ": " + problem.column + ": " +
         problem.message;
}

void Diagnostics::error(std::string file, long line, std::string column, std::string message) {
  if (listed_errors_[file]++ >= limits::kMaxProblemsPerFile) {
    ++unlisted_errors_[file];
    return;
  }
  errors_.push_back({std::move(file), line, std::move(column), std::move(message)});
}

void Diagnostics::warning(std::string file, long line, std::string column, std::string message) {
  if (listed_warnings_[file]++ >= limits::kMaxProblemsPerFile) {
    ++unlisted_warnings_[file];
    return;
  }
  warnings_.push_back({std::move(file), line, std::move(column), std::move(message)});
}

void Diagnostics::merge(const Diagnostics& other,
                        const std::function<std::string(const std::string&)>& place) {
  const auto placed = [&](const std::string& file) { return place ? place(file) : file; };
  for (const auto& p : other.errors_)
    error(placed(p.file), p.line, p.column, p.message);
  for (const auto& p : other.warnings_)
    warning(placed(p.file), p.line, p.column, p.message);
  for (const auto& [file, count] : other.unlisted_errors_) {
    listed_errors_[placed(file)] += count;
    unlisted_errors_[placed(file)] += count;
  }
  for (const auto& [file, count] : other.unlisted_warnings_) {
    listed_warnings_[placed(file)] += count;
    unlisted_warnings_[placed(file)] += count;
  }
}

std::size_t Diagnostics::error_count() const {
  std::size_t count = errors_.size();
  for (const auto& [file, unlisted] : unlisted_errors_)
    count += unlisted;
  return count;
}

void Diagnostics::sort_by_place(const std::vector<std::string>& file_order) {
  auto rank = [&](const std::string& file) {
    const auto it = std::find(file_order.begin(), file_order.end(), file);
    return std::distance(file_order.begin(), it);
  };
  auto by_place = [&](const Problem& a, const Problem& b) {
    const auto ra = rank(a.file), rb = rank(b.file);
    return ra != rb ? ra < rb : a.line < b.line;
  };
  std::stable_sort(errors_.begin(), errors_.end(), by_place);
  std::stable_sort(warnings_.begin(), warnings_.end(), by_place);
}

}  // namespace landpool
