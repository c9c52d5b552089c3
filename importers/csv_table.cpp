#include "importers/csv_table.hpp"

#include <csv.h>
#include <spdlog/fmt/fmt.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/input_limits.hpp"

namespace landpool {
namespace {

/// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(const std::string& text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t continuation = 0;
    unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
    if (byte < 0x80) {
      ++i;
      continue;
    } else if (byte >= 0xC2 && byte <= 0xDF) {
      continuation = 1;
    } else if (byte >= 0xE0 && byte <= 0xEF) {
      continuation = 2;
      if (byte == 0xE0)
        low = 0xA0;
      if (byte == 0xED)
        high = 0x9F;
    } else if (byte >= 0xF0 && byte <= 0xF4) {
      continuation = 3;
      if (byte == 0xF0)
        low = 0x90;
      if (byte == 0xF4)
        high = 0x8F;
    } else {
      return false;
    }
    if (i + continuation >= text.size())
      return false;  // sequence cut off
    for (std::size_t k = 1; k <= continuation; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      const unsigned char min = k == 1 ? low : 0x80, max = k == 1 ? high : 0xBF;
      if (next < min || next > max)
        return false;
    }
    i += continuation + 1;
  }
  return true;
}

/// End of the physical line starting at `position`: after "\n", "\r\n" or a lone "\r".
std::size_t next_line_start(std::string_view body, std::size_t position) {
  const auto end = body.find_first_of("\r\n", position);
  if (end == std::string_view::npos)
    return body.size();
  if (body[end] == '\r' && end + 1 < body.size() && body[end + 1] == '\n')
    return end + 2;
  return end + 1;
}

/// A field beyond limits::kMaxFieldBytes, kept out of the table.
struct OversizedField {
  long line = 0;
  std::size_t index = 0;
  std::size_t bytes = 0;
};

/// Collects libcsv's callbacks into rows, remembering where each row began.
/// Stops keeping rows beyond limits::kMaxCsvRows (header included, plus one).
struct RowCollector {
  std::vector<std::string> current;
  std::vector<CsvRow> rows;
  std::vector<OversizedField> oversized;
  long row_start_line = 0;
  bool in_row = false;

  bool too_many_rows() const { return rows.size() > limits::kMaxCsvRows + 1; }

  static void on_field(void* data, std::size_t size, void* self) {
    auto* collector = static_cast<RowCollector*>(self);
    if (size > limits::kMaxFieldBytes) {
      collector->oversized.push_back({collector->row_start_line, collector->current.size(), size});
      size = 0;
    }
    collector->current.emplace_back(static_cast<const char*>(data), size);
  }
  static void on_row_end(int /*terminator*/, void* self) {
    auto* collector = static_cast<RowCollector*>(self);
    if (!collector->too_many_rows())
      collector->rows.push_back({collector->row_start_line, std::move(collector->current)});
    collector->current.clear();
    collector->in_row = false;
  }
};

constexpr double kMegabyte = 1024.0 * 1024.0;

void report_too_many_rows(const std::string& file, long line, Diagnostics& diagnostics) {
  diagnostics.error(file, line, "-",
                    fmt::format("more than {} rows: landpool reads at most that many per file",
                                limits::kMaxCsvRows));
}

/// One problem per oversized field, named by its header column.
void report_oversized(const RowCollector& collector, const std::vector<std::string>& header,
                      const std::string& file, Diagnostics& diagnostics) {
  for (const auto& field : collector.oversized) {
    diagnostics.error(file, field.line, field.index < header.size() ? header[field.index] : "-",
                      fmt::format("the field holds {:.1f} MB, more than the limit of {:.0f} MB",
                                  static_cast<double>(field.bytes) / kMegabyte,
                                  static_cast<double>(limits::kMaxFieldBytes) / kMegabyte));
  }
}

constexpr std::size_t kFieldBufferStep_bytes = std::size_t{4} << 20;

class CsvParser {
 public:
  CsvParser() { start(); }
  ~CsvParser() { csv_free(&parser_); }
  CsvParser(const CsvParser&) = delete;
  CsvParser& operator=(const CsvParser&) = delete;

  bool feed(const std::string& chunk, RowCollector& rows) {
    return csv_parse(&parser_, chunk.data(), chunk.size(), RowCollector::on_field,
                     RowCollector::on_row_end, &rows) == chunk.size();
  }
  bool finish(RowCollector& rows) {
    return csv_fini(&parser_, RowCollector::on_field, RowCollector::on_row_end, &rows) == 0;
  }
  std::string error_text() { return csv_strerror(csv_error(&parser_)); }
  /// Forgets the broken row so that reading can go on with the next line.
  void restart() {
    csv_free(&parser_);
    start();
  }

 private:
  void start() {
    if (csv_init(&parser_, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
      throw std::runtime_error("libcsv: cannot initialise parser");
    }
    // libcsv grows a field's buffer by this much at a time (128 bytes by
    // default): a field of 100 MB would take 800,000 reallocations, each
    // copying it where the allocator cannot grow in place.
    csv_set_blk_size(&parser_, kFieldBufferStep_bytes);
  }
  csv_parser parser_{};
};

}  // namespace

std::optional<CsvTable> parse_csv_text(const std::string& text, const std::string& file,
                                       Diagnostics& diagnostics) {
  std::string_view body = text;
  if (body.starts_with("\xEF\xBB\xBF"))
    body.remove_prefix(3);  // UTF-8 byte-order mark

  CsvParser parser;
  RowCollector collector;
  long line_number = 0;
  std::size_t position = 0;
  while (position < body.size()) {
    if (collector.too_many_rows()) {
      report_too_many_rows(file, line_number, diagnostics);
      return std::nullopt;
    }
    const auto next = next_line_start(body, position);
    std::string line(body.substr(position, next - position));
    if (!line.empty() && line.back() == '\r')
      line.back() = '\n';  // lone CR: old Mac files
    position = next;
    ++line_number;

    if (!collector.in_row) {
      if (line.find_first_not_of(" \t\r\n") == std::string::npos)
        continue;  // blank line
      collector.row_start_line = line_number;
      collector.in_row = true;
    }
    if (!is_valid_utf8(line)) {
      diagnostics.error(file, line_number, "-", "text is not valid UTF-8 (save the file as UTF-8)");
    }
    if (!parser.feed(line, collector)) {
      diagnostics.error(file, collector.row_start_line, "-",
                        "malformed CSV: " + parser.error_text() +
                            " (a quote inside a field must be doubled and the field quoted)");
      parser.restart();  // skip the broken row, read on
      collector.current.clear();
      collector.in_row = false;
    }
  }
  const bool finished = parser.finish(collector);
  if (collector.too_many_rows()) {
    report_too_many_rows(file, line_number, diagnostics);
    return std::nullopt;
  }
  if (!finished) {
    diagnostics.error(file, collector.row_start_line, "-",
                      "malformed CSV: a quoted field is not closed before the end of the file");
    return std::nullopt;
  }
  if (collector.rows.empty()) {
    diagnostics.error(file, 0, "-", "the file is empty: a header row is required");
    return std::nullopt;
  }

  CsvTable table;
  table.file = file;
  table.header_line = collector.rows.front().line;
  for (auto& name : collector.rows.front().fields)
    table.header.push_back(name);
  report_oversized(collector, table.header, file, diagnostics);
  for (std::size_t i = 1; i < collector.rows.size(); ++i) {
    auto& row = collector.rows[i];
    if (row.fields.size() != table.header.size()) {
      diagnostics.error(file, row.line, "-",
                        "expected " + std::to_string(table.header.size()) +
                            " fields as in the header, found " + std::to_string(row.fields.size()));
      continue;
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

bool check_csv_file(const std::filesystem::path& path, Diagnostics& diagnostics) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    diagnostics.error(path.string(), 0, "-", "is a directory, not a file");
    return false;
  }
  if (std::filesystem::exists(path, error) && !std::filesystem::is_regular_file(path, error)) {
    // A pipe or a device has no size to check: it could stream without end.
    diagnostics.error(path.string(), 0, "-", "not a regular file");
    return false;
  }
  const auto bytes = std::filesystem::file_size(path, error);
  if (!error && bytes > limits::kMaxCsvFileBytes) {
    diagnostics.error(path.string(), 0, "-",
                      fmt::format("the file holds {:.0f} MB, more than the limit of {:.0f} MB",
                                  static_cast<double>(bytes) / kMegabyte,
                                  static_cast<double>(limits::kMaxCsvFileBytes) / kMegabyte));
    return false;
  }
  return true;
}

std::optional<CsvTable> read_csv_table(const std::filesystem::path& path,
                                       Diagnostics& diagnostics) {
  if (!check_csv_file(path, diagnostics))
    return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diagnostics.error(path.string(), 0, "-", "cannot open the file");
    return std::nullopt;
  }
  std::ostringstream content;
  content << in.rdbuf();
  return parse_csv_text(content.str(), path.string(), diagnostics);
}

}  // namespace landpool
