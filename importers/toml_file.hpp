#pragma once
// Settings files in TOML (scenarios, scan weights): read within the size
// limit and parsed, a syntax error placed at FILE:LINE.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "importers/diagnostics.hpp"

namespace landpool {

/// The file's text; nullopt with a problem when it cannot be opened or is
/// larger than limits::kMaxSettingsFileBytes. `what` names it ("scenario").
std::optional<std::string> read_settings_text(const std::filesystem::path& path,
                                              const std::string& what, Diagnostics& diagnostics);

/// The dotted path of `key` inside `prefix` ("" at the top), as TOML writes
/// it: a key that is not bare (empty, or with characters outside A-Z a-z
/// 0-9 _ -) is quoted, its quotes and backslashes escaped and control
/// characters written \uXXXX, so that every key, even `"" = 1`, is named
/// on one line.
std::string toml_key_path(const std::string& prefix, std::string_view key);

/// The parsed table; nullopt with the syntax error placed at FILE:LINE: -.
std::optional<toml::table> parse_toml(const std::string& text, const std::string& file,
                                      Diagnostics& diagnostics);

}  // namespace landpool
