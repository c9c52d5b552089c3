#pragma once
// Problems found in input data, each tied to the place a user can fix it:
// FILE:LINE: column: message. For GIS sources LINE is the feature id.

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace landpool {

struct Problem {
  std::string file;    ///< path as the user gave it
  long line = 0;       ///< 1 is the header row; 0 when the whole file is meant
  std::string column;  ///< column or field name; "-" when no single column is meant
  std::string message;
};

/// "FILE:LINE: column: message"
std::string format_problem(const Problem& problem);

/// Errors block an import; warnings are reported and the import goes on.
/// At most limits::kMaxProblemsPerFile errors and as many warnings are kept
/// per file; the rest are only counted, so that a hostile file cannot fill
/// memory or the screen.
class Diagnostics {
 public:
  void error(std::string file, long line, std::string column, std::string message);
  void warning(std::string file, long line, std::string column, std::string message);

  /// The errors listed (kept), in the order added or sorted.
  const std::vector<Problem>& errors() const { return errors_; }
  const std::vector<Problem>& warnings() const { return warnings_; }
  bool has_errors() const { return !errors_.empty(); }
  /// All errors, the listed and the only counted.
  std::size_t error_count() const;
  /// Files with errors beyond the listed ones, and how many.
  const std::map<std::string, std::size_t>& unlisted_errors() const { return unlisted_errors_; }

  /// Adds `other`'s problems, each file placed by `place` (identity when
  /// empty), with the counts of those it did not list.
  void merge(const Diagnostics& other,
             const std::function<std::string(const std::string&)>& place = {});

  /// Orders problems by the order files were read, then by line (stable).
  void sort_by_place(const std::vector<std::string>& file_order);

 private:
  std::vector<Problem> errors_;
  std::vector<Problem> warnings_;
  std::map<std::string, std::size_t> listed_errors_, listed_warnings_;  ///< per file
  std::map<std::string, std::size_t> unlisted_errors_, unlisted_warnings_;
};

}  // namespace landpool
