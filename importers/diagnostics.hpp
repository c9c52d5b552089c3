#pragma once
// Problems found in input data, each tied to the place a user can fix it:
// FILE:LINE: column: message. For GIS sources LINE is the feature id.

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
class Diagnostics {
 public:
  void error(std::string file, long line, std::string column, std::string message);
  void warning(std::string file, long line, std::string column, std::string message);

  const std::vector<Problem>& errors() const { return errors_; }
  const std::vector<Problem>& warnings() const { return warnings_; }
  bool has_errors() const { return !errors_.empty(); }

  /// Orders problems by the order files were read, then by line (stable).
  void sort_by_place(const std::vector<std::string>& file_order);

 private:
  std::vector<Problem> errors_;
  std::vector<Problem> warnings_;
};

}  // namespace landpool
