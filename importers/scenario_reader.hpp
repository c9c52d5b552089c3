#pragma once
// Reads a scenario TOML file (toml++). Unknown keys, wrong types and values
// out of range are problems placed at FILE:LINE: key.

#include <filesystem>
#include <optional>

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

}  // namespace landpool
