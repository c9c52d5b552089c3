#include "importers/toml_file.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iomanip>
#include <sstream>

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
  const bool bare = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
  std::ostringstream path;
  if (!prefix.empty())
    path << prefix << '.';
  if (bare)
    path << key;
  else
    path << std::quoted(key);
  return path.str();
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
