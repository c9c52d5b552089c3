#include "importers/scenario_reader.hpp"

#include <cmath>
#include <functional>
#include <map>
#include <sstream>

#include <spdlog/fmt/fmt.h>
#include <toml++/toml.h>

#include "core/text.hpp"
#include "geo/polygon_check.hpp"
#include "importers/toml_file.hpp"

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

  auto flag(bool& target) {
    return [this, &target](const toml::node& node, const std::string& key) {
      const auto value = node.value<bool>();
      if (!node.is_boolean() || !value)
        return problem(node, key, "must be true or false");
      target = *value;
    };
  }
  template <class T, class Reader>
  auto optional(std::optional<T>& target, Reader read_into) {
    return [&target, read_into](const toml::node& node, const std::string& key) mutable {
      T value{};
      auto reader = read_into(value);
      reader(node, key);
      target = value;  // a problem was reported if it did not parse
    };
  }
  /// One of `names` (a closed vocabulary), stored as its index.
  template <class Enum, std::size_t N>
  auto choice(Enum& target, const std::array<const char*, N>& names) {
    return [this, &target, &names](const toml::node& node, const std::string& key) {
      const auto value = node.value<std::string>();
      for (std::size_t i = 0; value && i < N; ++i) {
        if (*value == names[i]) {
          target = static_cast<Enum>(i);
          return;
        }
      }
      std::string allowed;
      for (std::size_t i = 0; i < N; ++i)
        allowed += (i == 0 ? "\"" : i + 1 == N ? "\" or \"" : "\", \"") + std::string(names[i]);
      problem(node, key, "must be " + allowed + "\"");
    };
  }

  void government_land(const toml::node& node, const std::string& prefix, GovernmentLand& g) {
    table(node, prefix,
          {{"owner_kinds",
            [this, &g](const toml::node& value, const std::string& key) {
              const auto* array = value.as_array();
              if (!array || array->empty())
                return problem(value, key, "must be a non-empty list of owner kinds");
              g.owner_kinds.clear();
              for (const auto& item : *array) {
                const auto kind = parse_enum<OwnerKind>(item.value<std::string>().value_or(""));
                if (!kind)
                  return problem(item, key, "each must be one of " + allowed_values<OwnerKind>());
                g.owner_kinds.push_back(*kind);
              }
            }},
           {"eligibility", choice(g.eligibility, kEligibilityNames)},
           {"lease_years_max",
            optional(g.lease_years_max, [this](int& v) { return whole(v, 1, 99); })},
           {"rent_eur_per_ha_year",
            optional(g.rent_eur_per_ha_year, [this](double& v) { return number(v, 0, 1e5); })},
           {"sale_allowed", flag(g.sale_allowed)},
           {"max_share_pct_per_farm",
            optional(g.max_share_pct_per_farm, [this](double& v) { return number(v, 0, 100); })},
           {"max_ha_per_farm",
            optional(g.max_ha_per_farm, [this](double& v) { return number(v, 0, 1e6); })},
           {"pays_conversion", flag(g.pays_conversion)},
           {"priority", [this, &g](const toml::node& value, const std::string& key) {
              const auto* array = value.as_array();
              if (!array || !array->is_array_of_tables())
                return problem(value, key, "must be [[" + key + "]] tables");
              for (const auto& item : *array) {
                Priority p;
                bool has_group = false;
                table(item, key,
                      {{"group",
                        [this, &p, &has_group](const toml::node& v, const std::string& k) {
                          has_group = true;
                          choice(p.group, kPriorityGroupNames)(v, k);
                        }},
                       {"bonus_eur_per_ha", number(p.bonus_eur_per_ha, 0, 1e6)},
                       {"radius_km", number(p.radius_km, 0.1, 100)},
                       {"top_pct", number(p.top_pct, 0, 100)}});
                if (!has_group)
                  problem(item, key, "needs a group");
                g.priorities.push_back(p);
              }
            }}});
  }

  void cluster_zone(const toml::node& node, const std::string& prefix, ClusterZone& zone) {
    std::optional<double> x, y;
    table(node, prefix,
          {{"centre",
            [this, &zone](const toml::node& value, const std::string& key) {
              if (value.value<std::string>() != "organic_core")
                return problem(value, key,
                               "must be \"organic_core\" (or give centre_x_m and centre_y_m)");
              zone.centre_on_organic_core = true;
            }},
           {"centre_x_m", optional(x, [this](double& v) { return number(v, -1e7, 1e7); })},
           {"centre_y_m", optional(y, [this](double& v) { return number(v, -1e7, 1e7); })},
           {"radius_m", number(zone.radius_m, 1, 1e6)},
           {"polygon_wkt",
            [this, &zone](const toml::node& value, const std::string& key) {
              text(zone.polygon_wkt)(value, key);
              if (zone.polygon_wkt.empty())
                return;
              const auto check = measure_wkt_polygon(zone.polygon_wkt);
              if (!check.measures) {
                problem(value, key, "the zone polygon is not usable: " + check.error);
                zone.polygon_wkt.clear();
              }
            }},
           {"organic_bonus_eur_per_ha", number(zone.organic_bonus_eur_per_ha, 0, 1e6)}});
    if (x.has_value() != y.has_value())
      problem(node, prefix, "centre_x_m and centre_y_m go together");
    if (x && y)
      zone.centre = PointRd{*x, *y};
  }

  /// Rules that cannot hold together, placed at the later key's line.
  void contradictions(const toml::table& root, const Scenario& s) {
    const auto* zone = root["cluster_zone"].as_table();
    if (zone) {
      const bool circle =
          s.cluster_zone.centre.has_value() || s.cluster_zone.centre_on_organic_core;
      if (s.cluster_zone.centre && s.cluster_zone.centre_on_organic_core)
        problem(*zone->get("centre"), "cluster_zone.centre",
                "either centre = \"organic_core\" or centre_x_m and centre_y_m, not both");
      const bool polygon = zone->contains("polygon_wkt");
      if (circle && polygon)
        problem(*zone->get("polygon_wkt"), "cluster_zone.polygon_wkt",
                "a zone is a circle (centre and radius) or a polygon, not both");
      else if (!circle && !polygon)
        problem(*zone, "cluster_zone", "needs centre_x_m, centre_y_m and radius_m, or polygon_wkt");
      else if (circle && !zone->contains("radius_m"))
        problem(*zone, "cluster_zone", "a circle needs radius_m");
    }
    const auto* government = root["government_land"].as_table();
    const auto* groups = government && government->contains("priority")
                             ? government->get("priority")->as_array()
                             : nullptr;
    for (std::size_t i = 0; groups && i < s.government.priorities.size() && i < groups->size();
         ++i) {
      if (s.government.priorities[i].group == PriorityGroup::in_cluster_zone && !zone)
        problem((*groups)[i], "government_land.priority",
                "group \"in_cluster_zone\" needs a [cluster_zone]");
    }
    const auto* deals = root["deals"].as_table();
    if (deals && !s.deals.two_party_swaps && s.deals.max_ring_parties < 3 &&
        s.rule(RuleId::deal_caps).mode == RuleMode::hard) {
      problem(*deals->get("two_party_swaps"), "deals.two_party_swaps",
              "no two-party swaps with max_ring_parties = 2 leaves no exchange possible");
    }
    if (government && s.government.max_share_pct_per_farm == 0.0 &&
        s.government.max_ha_per_farm.value_or(1.0) > 0.0 && government->contains("max_ha_per_farm"))
      problem(*government->get("max_ha_per_farm"), "government_land.max_ha_per_farm",
              "contradicts max_share_pct_per_farm = 0 (no farm may receive government land)");
  }

  void table(const toml::node& node, const std::string& prefix, const KeyReaders& readers) {
    const auto* table = node.as_table();
    if (!table)
      return problem(node, prefix, "must be a table");
    for (const auto& [key, value] : *table) {
      const std::string name = toml_key_path(prefix, key.str());
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
    table(
        root, "",
        {{"name", text(s.name)},
         {"weights",
          [&, this](const toml::node& node, const std::string& key) {
            table(node, key,
                  {{"keep_organic_eur_per_ha", number(w.keep_organic_eur_per_ha, 0, 1e6)},
                   {"organic_gain_eur_per_ha", number(w.organic_gain_eur_per_ha, 0, 1e6)},
                   {"area_wanted_eur_per_ha_year", number(w.area_wanted_eur_per_ha_year, 0, 1e5)},
                   {"conversion_eur_per_ha_year", number(w.conversion_eur_per_ha_year, 0, 1e5)},
                   {"travel_eur_per_ha_km_year", number(w.travel_eur_per_ha_km_year, 0, 1e4)},
                   {"consolidation_eur_per_m_year", number(w.consolidation_eur_per_m_year, 0, 1e3)},
                   {"block_eur_per_year", number(w.block_eur_per_year, 0, 1e5)},
                   {"organic_contiguity_eur_per_m_year",
                    number(w.organic_contiguity_eur_per_m_year, 0, 1e3)},
                   {"drift_border_eur_per_m_year", number(w.drift_border_eur_per_m_year, 0, 1e3)},
                   {"transaction_eur_per_parcel", number(w.transaction_eur_per_parcel, 0, 1e6)},
                   {"transaction_eur_per_deal", number(w.transaction_eur_per_deal, 0, 1e6)},
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
                   {"transfer_tax_pct", number(deals.transfer_tax_pct, 0, 100)},
                   {"rent_eur_per_ha_year", number(deals.rent_eur_per_ha_year, 0, 1e5)},
                   {"two_party_swaps", flag(deals.two_party_swaps)},
                   {"ownership_exchanges", flag(deals.ownership_exchanges)}});
          }},
         {"cycle",
          [&, this](const toml::node& node, const std::string& key) {
            table(
                node, key,
                {{"stability_eur_per_transfer", number(s.cycle.stability_eur_per_transfer, 0, 1e6)},
                 {"pair_refused_partners", flag(s.cycle.pair_refused_partners)}});
          }},
         {"kpis",
          [&, this](const toml::node& node, const std::string& key) {
            table(node, key, {{"cluster_min_ha", number(s.kpis.cluster_min_ha, 0, 1e6)}});
          }},
         {"report",
          [&, this](const toml::node& node, const std::string& key) {
            table(node, key, {{"language", choice(s.report.language, kLanguageCodes)}});
          }},
         {"government_land",
          [&, this](const toml::node& node, const std::string& key) {
            government_land(node, key, s.government);
          }},
         {"cluster_zone",
          [&, this](const toml::node& node, const std::string& key) {
            cluster_zone(node, key, s.cluster_zone);
          }},
         {"rules",
          [&, this](const toml::node& node, const std::string& key) { table(node, key, rules); }},
         {"solver", [&, this](const toml::node& node, const std::string& key) {
            table(node, key,
                  {{"time_limit_s", number(v.time_limit_s, 0.1, 7 * 24 * 3600)},
                   {"search_cycle_s", number(v.search_cycle_s, 10, 7 * 24 * 3600)},
                   {"relative_gap", number(v.relative_gap, 0, 1)},
                   {"threads", whole(v.threads, 1, 64)},
                   {"seed", whole(v.seed, 0, 1000000)}});
          }}});
    contradictions(root, s);
  }

 private:
  std::string file_;
  Diagnostics& diagnostics_;
};

}  // namespace

std::optional<Scenario> parse_scenario(const std::string& text, const std::string& file,
                                       Diagnostics& diagnostics) {
  const auto root = parse_toml(text, file, diagnostics);
  if (!root)
    return std::nullopt;
  Scenario scenario;
  scenario.source_text = text;
  const auto before = diagnostics.error_count();
  ScenarioParser(file, diagnostics).scenario(*root, scenario);
  if (diagnostics.error_count() != before)
    return std::nullopt;
  return scenario;
}

std::optional<Scenario> read_scenario_file(const std::filesystem::path& path,
                                           Diagnostics& diagnostics) {
  const auto text = read_settings_text(path, "scenario", diagnostics);
  if (!text)
    return std::nullopt;
  return parse_scenario(*text, path.string(), diagnostics);
}

std::string scenario_text_with(const std::string& text, const ScenarioSettings& settings,
                               const std::string& comment) {
  toml::table root;
  try {
    root = toml::parse(text);
  } catch (const toml::parse_error& error) {
    throw std::invalid_argument(std::string("the scenario is not TOML: ") +
                                std::string(error.description()));
  }
  for (const auto& [dotted, value] : settings) {
    toml::table* table = &root;
    const auto parts = split_trimmed(dotted, '.');
    for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
      const std::string part(parts[i]);
      auto* node = table->get(part);
      if (!node)
        node = &table->insert_or_assign(part, toml::table{}).first->second;
      table = node->as_table();
      if (!table)
        throw std::invalid_argument("scenario key '" + dotted + "' crosses a value");
    }
    const std::string last(parts.back());
    std::visit([&](const auto& v) { table->insert_or_assign(last, v); }, value);
  }
  std::ostringstream out;
  out << "# " << comment << "\n" << root << "\n";
  return out.str();
}

}  // namespace landpool
