#include "importers/scenario_reader.hpp"

#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include <spdlog/fmt/fmt.h>
#include <toml++/toml.h>

namespace landpool {
namespace {

/// One table's known keys, each with the code that reads it.
using KeyReaders =
    std::map<std::string, std::function<void(const toml::node&, const std::string&)>>;

class ScenarioParser {
 public:
  ScenarioParser(std::string file, Diagnostics& diagnostics)
      : file_(std::move(file)), diagnostics_(diagnostics) {}

  void problem(const toml::node& node, const std::string& key, const std::string& message) {
    diagnostics_.error(file_, static_cast<long>(node.source().begin.line), key, message);
  }

  auto number(double& target, double min, double max) {
    return [this, &target, min, max](const toml::node& node, const std::string& key) {
      const auto value = node.value<double>();  // integers convert too
      if (!value || !std::isfinite(*value))
        return problem(node, key, "must be a finite number");
      if (*value < min || *value > max) {
        return problem(node, key, fmt::format("{} is out of range [{}, {}]", *value, min, max));
      }
      target = *value;
    };
  }
  auto whole(int& target, int min, int max) {
    return [this, &target, min, max](const toml::node& node, const std::string& key) {
      const auto value = node.value<std::int64_t>();
      if (!node.is_integer() || !value)
        return problem(node, key, "must be a whole number");
      if (*value < min || *value > max) {
        return problem(node, key, fmt::format("{} is out of range [{}, {}]", *value, min, max));
      }
      target = static_cast<int>(*value);
    };
  }
  auto text(std::string& target) {
    return [this, &target](const toml::node& node, const std::string& key) {
      const auto value = node.value<std::string>();
      if (!node.is_string() || !value)
        return problem(node, key, "must be a string");
      target = *value;
    };
  }

  void table(const toml::node& node, const std::string& prefix, const KeyReaders& readers) {
    const auto* table = node.as_table();
    if (!table)
      return problem(node, prefix, "must be a table");
    for (const auto& [key, value] : *table) {
      const std::string name =
          prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
      const auto reader = readers.find(std::string(key.str()));
      if (reader == readers.end()) {
        problem(value, name, "unknown key");
        continue;
      }
      reader->second(value, name);
    }
  }

  void rule(const toml::node& node, const std::string& prefix, RuleSetting& setting) {
    table(node, prefix,
          {{"mode",
            [this, &setting](const toml::node& value, const std::string& key) {
              const auto mode = value.value<std::string>();
              if (mode == "hard")
                setting.mode = RuleMode::hard;
              else if (mode == "penalty")
                setting.mode = RuleMode::penalty;
              else if (mode == "off")
                setting.mode = RuleMode::off;
              else
                problem(value, key, "must be \"hard\", \"penalty\" or \"off\"");
            }},
           {"penalty_eur", number(setting.penalty_eur, 0.0, 1e9)}});
    if (setting.mode == RuleMode::penalty && !(setting.penalty_eur > 0.0)) {
      problem(node, prefix, "mode \"penalty\" needs a positive penalty_eur");
    }
  }

  void scenario(const toml::table& root, Scenario& s) {
    auto& w = s.weights;
    auto& d = s.defaults;
    auto& v = s.solver;
    auto& deals = s.deals;
    KeyReaders rules;
    for (std::size_t i = 1; i < kRuleNames.size(); ++i) {  // who_may_move is structural
      rules[kRuleNames[i]] = [this, &s, i](const toml::node& node, const std::string& key) {
        rule(node, key, s.rules[i]);
      };
    }
    table(root, "",
          {{"name", text(s.name)},
           {"weights",
            [&, this](const toml::node& node, const std::string& key) {
              table(
                  node, key,
                  {{"keep_organic_eur_per_ha", number(w.keep_organic_eur_per_ha, 0, 1e6)},
                   {"organic_gain_eur_per_ha", number(w.organic_gain_eur_per_ha, 0, 1e6)},
                   {"area_wanted_eur_per_ha_year", number(w.area_wanted_eur_per_ha_year, 0, 1e5)},
                   {"conversion_eur_per_ha_year", number(w.conversion_eur_per_ha_year, 0, 1e5)},
                   {"travel_eur_per_ha_km_year", number(w.travel_eur_per_ha_km_year, 0, 1e4)},
                   {"consolidation_eur_per_m_year", number(w.consolidation_eur_per_m_year, 0, 1e3)},
                   {"organic_contiguity_eur_per_m_year",
                    number(w.organic_contiguity_eur_per_m_year, 0, 1e3)},
                   {"drift_border_eur_per_m_year", number(w.drift_border_eur_per_m_year, 0, 1e3)},
                   {"transaction_eur_per_parcel", number(w.transaction_eur_per_parcel, 0, 1e6)},
                   {"appraisal_years", number(w.appraisal_years, 0.5, 50)}});
            }},
           {"defaults",
            [&, this](const toml::node& node, const std::string& key) {
              table(node, key,
                    {{"tolerance_pct", number(d.tolerance_pct, 0, 100)},
                     {"max_distance_km", number(d.max_distance_km, 0.1, 200)},
                     {"max_partners", whole(d.max_partners, 1, 100)},
                     {"horizon_months", whole(d.horizon_months, 1, 240)}});
            }},
           {"deals",
            [&, this](const toml::node& node, const std::string& key) {
              table(node, key,
                    {{"max_ring_parties", whole(deals.max_ring_parties, 2, 50)},
                     {"max_chain_links", whole(deals.max_chain_links, 0, 50)},
                     {"transfer_tax_pct", number(deals.transfer_tax_pct, 0, 100)}});
            }},
           {"rules",
            [&, this](const toml::node& node, const std::string& key) { table(node, key, rules); }},
           {"solver", [&, this](const toml::node& node, const std::string& key) {
              table(node, key,
                    {{"time_limit_s", number(v.time_limit_s, 0.1, 7 * 24 * 3600)},
                     {"relative_gap", number(v.relative_gap, 0, 1)},
                     {"threads", whole(v.threads, 1, 64)},
                     {"seed", whole(v.seed, 0, 1000000)}});
            }}});
  }

 private:
  std::string file_;
  Diagnostics& diagnostics_;
};

}  // namespace

std::optional<Scenario> parse_scenario(const std::string& text, const std::string& file,
                                       Diagnostics& diagnostics) {
  toml::table root;
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& error) {
    diagnostics.error(file, static_cast<long>(error.source().begin.line), "-",
                      std::string(error.description()));
    return std::nullopt;
  }
  Scenario scenario;
  scenario.source_text = text;
  const auto before = diagnostics.errors().size();
  ScenarioParser(file, diagnostics).scenario(root, scenario);
  if (diagnostics.errors().size() != before)
    return std::nullopt;
  return scenario;
}

std::optional<Scenario> read_scenario_file(const std::filesystem::path& path,
                                           Diagnostics& diagnostics) {
  std::ifstream in(path, std::ios::binary);
  if (!in || std::filesystem::is_directory(path)) {
    diagnostics.error(path.string(), 0, "-", "cannot open the scenario file");
    return std::nullopt;
  }
  std::ostringstream content;
  content << in.rdbuf();
  return parse_scenario(content.str(), path.string(), diagnostics);
}

}  // namespace landpool
