#pragma once
// Reads a scan's weights file (TOML, docs/scan.md): [scan] settings and
// [weights] per criterion. Unknown keys, wrong types and values out of range
// are problems placed at FILE:LINE: key, as for scenarios.

#include <filesystem>
#include <optional>
#include <string>

#include "core/scan_records.hpp"
#include "importers/diagnostics.hpp"

namespace landpool {

/// The settings, starting from ScanSettings::defaults() (a [weights] table
/// replaces the default weights whole); nullopt with the problems in
/// `diagnostics`.
std::optional<ScanSettings> parse_scan_settings(const std::string& text, const std::string& file,
                                                Diagnostics& diagnostics);
std::optional<ScanSettings> read_scan_settings(const std::filesystem::path& path,
                                               Diagnostics& diagnostics);

}  // namespace landpool
