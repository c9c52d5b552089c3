#pragma once
// Helpers shared by the tests: temporary folders, running the real landpool
// executable, and a small valid region that tests mutate into bad input.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace landpool::testing {

/// How many times slower than a Release build this build runs: 3 under the
/// sanitizers (make sanitize), else 1. Tests whose time limit is only a
/// safety net behind work limits scale it, so that the work limits still end
/// every step there.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr double kSlowdown = 3.0;
#else
inline constexpr double kSlowdown = 1.0;
#endif

/// A fresh directory under the system temp folder, removed afterwards.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

struct CommandResult {
  int exit_code = -1;
  std::string out;  ///< stdout
  std::string err;  ///< stderr
};

/// Runs the built landpool executable with `args` (no shell interpretation of
/// the arguments), extra environment variables and, when given, in `working_dir`.
CommandResult run_landpool(const std::vector<std::string>& args,
                           const std::map<std::string, std::string>& env = {},
                           const std::filesystem::path& working_dir = {});

/// The same for any program, by its path.
CommandResult run_program(const std::string& executable, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env = {},
                          const std::filesystem::path& working_dir = {});

std::string read_bytes(const std::filesystem::path& path);

/// Every row of every table of the SQLite database at `path`, as text in
/// rowid order (read-only): equal exactly when the stored data are equal.
std::string database_content(const std::filesystem::path& path);
void write_text(const std::filesystem::path& path, const std::string& text);

/// The example region shipped in the repository.
std::filesystem::path example_region_dir();

/// ../shared/data beside the checkout, when present.
std::optional<std::filesystem::path> shared_data_dir();

/// A region as CSV cells, file by file (first row is the header), which a
/// test edits and writes out. Cells are quoted on writing when needed.
class CsvFixture {
 public:
  using Rows = std::vector<std::vector<std::string>>;

  /// The small valid region every bad-input case starts from.
  static CsvFixture small_valid_region();

  /// Sets the cell of data row `row` (0 = first row after the header).
  void set(const std::string& file, std::size_t row, const std::string& column,
           const std::string& value);
  void add_row(const std::string& file, std::vector<std::string> cells);
  void drop_column(const std::string& file, const std::string& column);
  void remove_file(const std::string& file);
  /// Physical line of data row `row` in the written file (header is line 1).
  static long line_of_row(std::size_t row) { return static_cast<long>(row) + 2; }

  void write(const std::filesystem::path& directory) const;
  std::map<std::string, Rows> files;
  /// Files written verbatim instead of from `files` (for broken CSV syntax).
  std::map<std::string, std::string> raw_files;
};

}  // namespace landpool::testing
