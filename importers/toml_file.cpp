#include "importers/toml_file.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <spdlog/fmt/fmt.h>

#include "core/input_limits.hpp"

namespace landpool {

std::optional<std::string> read_settings_text(const std::filesystem::path& path,
                                              const std::string& what, Diagnostics& diagnostics) {
  std::ifstream in(path, std::ios::binary);
  if (!in || !std::filesystem::is_regular_file(path)) {
    diagnostics.error(path.string(), 0, "-", "cannot open the " + what + " file");
    return std::nullopt;
  }
  std::error_code size_error;
  if (const auto bytes = std::filesystem::file_size(path, size_error);
      !size_error && bytes > limits::kMaxSettingsFileBytes) {
    diagnostics.error(
        path.string(), 0, "-",
        "the file holds " + std::to_string(bytes >> 10) + " KiB, more than the limit of " +
            std::to_string(limits::kMaxSettingsFileBytes >> 10) + " KiB for a " + what);
    return std::nullopt;
  }
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::string toml_key_path(const std::string& prefix, std::string_view key) {
  const auto is_bare = [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  };
  std::string path = prefix.empty() ? "" : prefix + ".";
  if (!key.empty() && std::all_of(key.begin(), key.end(), is_bare))
    return path.append(key);
  // A basic string: quotes and backslashes escaped, control characters as
  // \uXXXX, so that the key stays on the problem's one line.
  path += '"';
  for (const char c : key) {
    const auto code = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\')
      path.append(1, '\\').append(1, c);
    else if (code < 0x20 || code == 0x7F)
      path += fmt::format("\\u{:04X}", code);
    else
      path += c;
  }
  return path += '"';
}

std::optional<toml::table> parse_toml(const std::string& text, const std::string& file,
                                      Diagnostics& diagnostics) {
  try {
    return toml::parse(text, file);
  } catch (const toml::parse_error& error) {
    diagnostics.error(file, static_cast<long>(error.source().begin.line), "-",
                      std::string(error.description()));
    return std::nullopt;
  }
}

}  // namespace landpool
