#pragma once
// A CSV file read whole into memory, each row with its physical line number,
// so that every later problem can name FILE:LINE. Parsing (RFC 4180 quoting,
// CRLF, quoted line breaks) is libcsv's; this layer adds line tracking, a
// UTF-8 check and the field-count check against the header.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "importers/diagnostics.hpp"

namespace landpool {

struct CsvRow {
  long line = 0;  ///< physical line where the row starts (header is line 1)
  std::vector<std::string> fields;
};

struct CsvTable {
  std::string file;  ///< path as reported in problems
  std::vector<std::string> header;
  long header_line = 1;
  std::vector<CsvRow> rows;
};

/// False, with the problem placed at the file, for a folder, a pipe or
/// device, or a file beyond limits::kMaxCsvFileBytes; a missing or unreadable
/// file passes (opening it reports that). Reads nothing.
bool check_csv_file(const std::filesystem::path& path, Diagnostics& diagnostics);

/// Reads `path`. Syntax problems are added to `diagnostics` (the table then
/// holds the rows that could be read); nullopt when the file cannot be opened
/// or has no header row.
std::optional<CsvTable> read_csv_table(const std::filesystem::path& path, Diagnostics& diagnostics);

/// Same, from text in memory; `file` names it in problems.
std::optional<CsvTable> parse_csv_text(const std::string& text, const std::string& file,
                                       Diagnostics& diagnostics);

}  // namespace landpool
