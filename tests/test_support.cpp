#include "test_support.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>

namespace landpool::testing {
namespace fs = std::filesystem;

TempDir::TempDir() {
  std::random_device seed;
  std::mt19937_64 random(seed());
  path_ = fs::temp_directory_path() / ("landpool-test-" + std::to_string(random()));
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::string database_content(const fs::path& path) {
  SQLite::Database db(path.string(), SQLite::OPEN_READONLY);
  std::vector<std::pair<std::string, bool>> tables;  // name, has a rowid
  SQLite::Statement names(db,
                          "SELECT name, sql NOT LIKE '%WITHOUT ROWID%' FROM sqlite_schema "
                          "WHERE type = 'table' ORDER BY name");
  while (names.executeStep())
    tables.emplace_back(names.getColumn(0).getString(), names.getColumn(1).getInt() != 0);
  std::string content;
  for (const auto& [table, has_rowid] : tables) {
    content += "== " + table + "\n";
    // A table without rowid is read in its primary key's order.
    SQLite::Statement rows(
        db, "SELECT * FROM \"" + table + "\"" + (has_rowid ? " ORDER BY rowid" : ""));
    while (rows.executeStep()) {
      for (int i = 0; i < rows.getColumnCount(); ++i)
        content += (rows.getColumn(i).isNull() ? "NULL" : rows.getColumn(i).getString()) + "|";
      content += "\n";
    }
  }
  return content;
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

CommandResult run_landpool(const std::vector<std::string>& args,
                           const std::map<std::string, std::string>& env,
                           const fs::path& working_dir) {
  return run_program(LANDPOOL_EXE, args, env, working_dir);
}

CommandResult run_program(const std::string& executable, const std::vector<std::string>& args,
                          const std::map<std::string, std::string>& env,
                          const fs::path& working_dir) {
  TempDir capture;
  const auto out_path = capture / "stdout";
  const auto err_path = capture / "stderr";
  const pid_t child = fork();
  if (child < 0)
    throw std::runtime_error("fork failed");
  if (child == 0) {
    // Child: redirect output, set the environment, replace the process image.
    if (!freopen(out_path.c_str(), "w", stdout) || !freopen(err_path.c_str(), "w", stderr))
      _exit(127);
    if (!working_dir.empty() && chdir(working_dir.c_str()) != 0)
      _exit(127);
    unsetenv("LANDPOOL_DB");
    for (const auto& [name, value] : env)
      setenv(name.c_str(), value.c_str(), 1);
    std::vector<char*> argv;
    std::string exe = executable;
    argv.push_back(exe.data());
    std::vector<std::string> copies(args);
    for (auto& arg : copies)
      argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(exe.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(child, &status, 0);
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_bytes(out_path);
  result.err = read_bytes(err_path);
  return result;
}

fs::path example_region_dir() {
  return fs::path(LANDPOOL_SOURCE_DIR) / "examples/harenkarspel-mini";
}

std::optional<fs::path> shared_data_dir() {
  const auto path = fs::path(LANDPOOL_SOURCE_DIR) / ".." / "shared" / "data";
  if (fs::is_directory(path))
    return fs::canonical(path);
  return std::nullopt;
}

CsvFixture CsvFixture::small_valid_region() {
  CsvFixture f;
  f.files["farms.csv"] = {
      {"farm_id", "name", "sector", "organic_status", "x", "y"},
      {"F1", "Organic One", "dairy", "organic", "120000", "490000"},
      {"F2", "Conventional Two", "arable", "conventional", "121000", "490500"},
      {"F3", "Converter Three", "mixed", "converting", "122000", "491000"},
  };
  f.files["owners.csv"] = {
      {"owner_id", "name", "kind", "farm_id"}, {"O1", "Owner One", "farmer", "F1"},
      {"O2", "Owner Two", "farmer", "F2"},     {"G1", "Gemeente Schagen", "government", ""},
      {"P1", "De Wit, J.", "private", ""},
  };
  f.files["parcels.csv"] = {
      {"parcel_id", "area_ha", "x", "y", "wkt", "soil", "value_eur_per_ha", "land_use",
       "organic_status", "converting_since", "owner_id", "user_farm_id"},
      {"A1", "4.5", "120100", "490100", "", "clay", "70000", "grassland", "organic", "", "O1",
       "F1"},
      {"A2", "3.2", "120300", "490050", "", "clay", "70000", "grassland", "converting",
       "2025-03-01", "O1", "F1"},
      {"B1", "6.0", "121100", "490600", "", "clay", "65000", "arable", "conventional", "", "O2",
       "F2"},
      {"B2", "", "", "",
       "POLYGON ((121200 490700, 121400 490700, 121400 490800, 121200 490800, 121200 490700))",
       "sand", "60000", "arable", "conventional", "", "P1", "F2"},
      {"C1", "5.0", "122100", "491100", "", "peat", "55000", "arable", "converting", "2024-09-01",
       "P1", "F3"},
      {"G1P", "8.0", "121500", "490800", "", "clay", "72000", "arable", "conventional", "", "G1",
       ""},
  };
  f.files["leases.csv"] = {
      {"parcel_id", "lessee_farm_id", "start_date", "end_date", "kind", "rent_eur_per_ha_year"},
      {"B2", "F2", "2020-01-01", "2027-12-31", "regular", "800"},
      {"C1", "F3", "2024-01-01", "2029-12-31", "short", "900"},
  };
  f.files["offers.csv"] = {
      {"parcel_id", "owner_id", "mode", "available_from", "lease_years_max", "organic_only"},
      {"G1P", "G1", "lease", "2027-01-01", "6", "yes"},
  };
  f.files["demands.csv"] = {
      {"farm_id", "wants_min_ha", "wants_max_ha", "max_distance_km", "modes", "exchange_parcels",
       "tolerance_pct", "max_partners", "converts"},
      {"F1", "2", "10", "5", "lease|exchange", "A2", "10", "3", ""},
      {"F2", "0", "0", "", "exchange", "all", "10", "", "yes"},
  };
  return f;
}

void CsvFixture::set(const std::string& file, std::size_t row, const std::string& column,
                     const std::string& value) {
  auto& rows = files.at(file);
  const auto& header = rows.front();
  const auto it = std::find(header.begin(), header.end(), column);
  if (it == header.end())
    throw std::invalid_argument("no column " + column + " in " + file);
  rows.at(row + 1).at(static_cast<std::size_t>(it - header.begin())) = value;
}

void CsvFixture::add_row(const std::string& file, std::vector<std::string> cells) {
  files.at(file).push_back(std::move(cells));
}

void CsvFixture::drop_column(const std::string& file, const std::string& column) {
  auto& rows = files.at(file);
  const auto it = std::find(rows.front().begin(), rows.front().end(), column);
  if (it == rows.front().end())
    throw std::invalid_argument("no column " + column);
  const auto index = it - rows.front().begin();
  for (auto& row : rows)
    row.erase(row.begin() + index);
}

void CsvFixture::remove_file(const std::string& file) {
  files.erase(file);
}

void CsvFixture::write(const fs::path& directory) const {
  fs::create_directories(directory);
  for (const auto& [name, rows] : files) {
    std::ostringstream out;
    for (const auto& row : rows) {
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (i > 0)
          out << ',';
        const auto& cell = row[i];
        if (cell.find_first_of(",\"\n") != std::string::npos) {
          out << '"';
          for (char c : cell)
            out << (c == '"' ? std::string("\"\"") : std::string(1, c));
          out << '"';
        } else {
          out << cell;
        }
      }
      out << '\n';
    }
    write_text(directory / name, out.str());
  }
  for (const auto& [name, text] : raw_files)
    write_text(directory / name, text);
}

}  // namespace landpool::testing
