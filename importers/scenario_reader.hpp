#pragma once
// Reads a scenario TOML file (toml++). Unknown keys, wrong types and values
// out of range are problems placed at FILE:LINE: key.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <variant>

#include "core/scenario.hpp"
#include "importers/diagnostics.hpp"

namespace landpool {

/// The scenario, or nullopt with the problems in `diagnostics`. Keys left out
/// keep the built-in defaults (which equal scenarios/default.toml).
std::optional<Scenario> read_scenario_file(const std::filesystem::path& path,
                                           Diagnostics& diagnostics);

/// Same, from TOML text; `file` names it in problems.
std::optional<Scenario> parse_scenario(const std::string& text, const std::string& file,
                                       Diagnostics& diagnostics);

/// A setting of a scenario by its dotted key ("rules.partners.mode",
/// "solver.time_limit_s") and its new value.
using ScenarioSettings = std::map<std::string, std::variant<std::string, double>>;

/// The scenario TOML `text` with `settings` set (tables created as needed),
/// written out again under a first line `# comment`; its comments are not
/// kept. Throws std::invalid_argument when `text` is not TOML or a key
/// crosses a value that is not a table.
std::string scenario_text_with(const std::string& text, const ScenarioSettings& settings,
                               const std::string& comment);

}  // namespace landpool
