#include "importers/scan_settings_reader.hpp"

#include <algorithm>
#include <cmath>

#include <spdlog/fmt/fmt.h>

#include "importers/toml_file.hpp"

namespace landpool {
namespace {

class ScanSettingsParser {
 public:
  ScanSettingsParser(std::string file, Diagnostics& diagnostics)
      : file_(std::move(file)), diagnostics_(diagnostics) {}

  void read(const toml::table& root, ScanSettings& settings) {
    for (const auto& [key, node] : root) {
      if (key.str() == "scan")
        scan(node, settings);
      else if (key.str() == "weights")
        weights(node, settings);
      else
        problem(node, toml_key_path("", key.str()), "unknown table (expected [scan] or [weights])");
    }
  }

 private:
  void problem(const toml::node& node, const std::string& key, const std::string& message) {
    diagnostics_.error(file_, static_cast<long>(node.source().begin.line), key, message);
  }

  std::optional<double> number(const toml::node& node, const std::string& key, double min,
                               double max) {
    const auto value = node.value<double>();
    if (!value || !std::isfinite(*value)) {
      problem(node, key, "must be a finite number");
      return std::nullopt;
    }
    if (*value < min || *value > max) {
      problem(node, key, fmt::format("{} is out of range [{}, {}]", *value, min, max));
      return std::nullopt;
    }
    return value;
  }

  void scan(const toml::node& node, ScanSettings& settings) {
    const auto* table = node.as_table();
    if (!table)
      return problem(node, "scan", "must be a table");
    for (const auto& [key, value] : *table) {
      const std::string name = toml_key_path("scan", key.str());
      if (key.str() == "grid_km") {
        if (const auto v = number(value, name, 0.1, 100.0))
          settings.grid_km = *v;
      } else if (key.str() == "min_farmland_ha") {
        if (const auto v = number(value, name, 0.0, 1e6))
          settings.min_farmland_ha = *v;
      } else if (key.str() == "horizon_years") {
        if (!value.is_integer())
          problem(value, name, "must be a whole number");
        else if (const auto v = number(value, name, 0.0, 30.0))
          settings.horizon_years = static_cast<int>(*v);
      } else if (key.str() == "cluster_min_ha") {
        if (const auto v = number(value, name, 0.0, 1e5))
          settings.cluster_min_ha = *v;
      } else {
        problem(value, name, "unknown key");
      }
    }
  }

  void weights(const toml::node& node, ScanSettings& settings) {
    const auto* table = node.as_table();
    if (!table)
      return problem(node, "weights", "must be a table");
    settings.weights.clear();
    for (const auto& [key, value] : *table) {
      const std::string criterion(key.str());
      const std::string name = toml_key_path("weights", criterion);
      const auto& known = scan_criteria();
      if (std::none_of(known.begin(), known.end(),
                       [&](const ScanCriterion& c) { return criterion == c.key; })) {
        problem(value, name, "unknown criterion (docs/scan.md lists them)");
        continue;
      }
      if (const auto weight = number(value, name, -100.0, 100.0))
        settings.weights[criterion] = *weight;
    }
  }

  std::string file_;
  Diagnostics& diagnostics_;
};

}  // namespace

std::optional<ScanSettings> parse_scan_settings(const std::string& text, const std::string& file,
                                                Diagnostics& diagnostics) {
  const auto root = parse_toml(text, file, diagnostics);
  if (!root)
    return std::nullopt;
  ScanSettings settings = ScanSettings::defaults();
  const auto before = diagnostics.error_count();
  ScanSettingsParser(file, diagnostics).read(*root, settings);
  if (diagnostics.error_count() != before)
    return std::nullopt;
  return settings;
}

std::optional<ScanSettings> read_scan_settings(const std::filesystem::path& path,
                                               Diagnostics& diagnostics) {
  const auto text = read_settings_text(path, "weights", diagnostics);
  if (!text)
    return std::nullopt;
  return parse_scan_settings(*text, path.string(), diagnostics);
}

}  // namespace landpool
