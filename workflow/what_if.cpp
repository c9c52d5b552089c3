#include "workflow/what_if.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <unordered_map>

#include <SQLiteCpp/Transaction.h>
#include <spdlog/fmt/fmt.h>

#include "core/errors.hpp"
#include "db/geometry_store.hpp"
#include "db/region_store.hpp"
#include "db/run_store.hpp"
#include "importers/scenario_reader.hpp"
#include "workflow/solve.hpp"

namespace landpool::workflow {

namespace {

constexpr double kMaxTimeLimit_s = 600.0;

bool valid_name(const std::string& name) {
  return !name.empty() && name.size() <= 60 &&
         std::all_of(name.begin(), name.end(), [](unsigned char c) {
           return std::isalnum(c) || c == '-' || c == '_' || c == ' ';
         });
}

void require_range(const std::optional<double>& value, double low, double high,
                   const std::string& field) {
  if (value && !(*value >= low && *value <= high))
    throw UsageError(
        fmt::format("what-if: {} must lie in [{}, {}], got {}", field, low, high, *value));
}

std::optional<RuleId> rule_named(const std::string& name) {
  for (std::size_t i = 0; i < kRuleNames.size(); ++i) {
    if (name == kRuleNames[i])
      return static_cast<RuleId>(i);
  }
  return std::nullopt;
}

// JSON reading with the field named in every complaint.
template <typename T>
T field(const nlohmann::json& json, const std::string& key, const std::string& where, T fallback) {
  if (!json.contains(key) || json.at(key).is_null())
    return fallback;
  try {
    return json.at(key).get<T>();
  } catch (const nlohmann::json::exception&) {
    throw UsageError("what-if: " + where + key + " has the wrong type");
  }
}

std::optional<double> optional_number(const nlohmann::json& json, const std::string& key,
                                      const std::string& where) {
  if (!json.contains(key) || json.at(key).is_null())
    return std::nullopt;
  if (!json.at(key).is_number())
    throw UsageError("what-if: " + where + key + " must be a number");
  return json.at(key).get<double>();
}

}  // namespace

void WhatIf::validate() const {
  if (!valid_name(name))
    throw UsageError("what-if: name must be 1-60 letters, digits, spaces, '-' or '_'");
  if (!(time_limit_s >= 1.0 && time_limit_s <= kMaxTimeLimit_s))
    throw UsageError(fmt::format("what-if: time_limit_s must lie in [1, {}]", kMaxTimeLimit_s));
  for (const auto& change : demand_changes) {
    const std::string where = "demands[" + change.farm_id + "].";
    require_range(change.wants_min_ha, -1e5, 1e5, where + "wants_min_ha");
    require_range(change.wants_max_ha, -1e5, 1e5, where + "wants_max_ha");
    require_range(change.max_distance_km, 0.1, 100.0, where + "max_distance_km");
    require_range(change.tolerance_pct, 0.0, 100.0, where + "tolerance_pct");
  }
  for (const auto& [rule, mode] : rule_modes) {
    if (!rule_named(rule))
      throw UsageError("what-if: rules." + rule + " is not a rule of the model");
    if (mode != "hard" && mode != "penalty" && mode != "off")
      throw UsageError("what-if: rules." + rule + " must be hard, penalty or off");
    if (rule == kRuleNames[0] && mode != "hard")
      throw UsageError("what-if: rules.who_may_move is always hard");
  }
}

namespace {

/// The what-if as written, not yet validated.
WhatIf read_what_if(const nlohmann::json& json) {
  if (!json.is_object())
    throw UsageError("what-if: the request must be a JSON object");
  WhatIf w;
  w.name = field<std::string>(json, "name", "", "");
  w.locked_parcel_ids = field<std::vector<std::string>>(json, "lock_parcels", "", {});
  w.farms_out = field<std::vector<std::string>>(json, "farms_out", "", {});
  w.rule_modes = field<std::map<std::string, std::string>>(json, "rules", "", {});
  w.time_limit_s = optional_number(json, "time_limit_s", "").value_or(w.time_limit_s);
  if (json.contains("demands")) {
    if (!json.at("demands").is_array())
      throw UsageError("what-if: demands must be a list");
    for (const auto& item : json.at("demands")) {
      if (!item.is_object())
        throw UsageError("what-if: each of demands must be an object");
      DemandChange change;
      change.farm_id = field<std::string>(item, "farm_id", "demands[].", "");
      if (change.farm_id.empty())
        throw UsageError("what-if: demands[].farm_id is missing");
      const std::string where = "demands[" + change.farm_id + "].";
      change.wants_min_ha = optional_number(item, "wants_min_ha", where);
      change.wants_max_ha = optional_number(item, "wants_max_ha", where);
      change.max_distance_km = optional_number(item, "max_distance_km", where);
      change.tolerance_pct = optional_number(item, "tolerance_pct", where);
      w.demand_changes.push_back(std::move(change));
    }
  }
  return w;
}

}  // namespace

WhatIf what_if_from_json(const nlohmann::json& json) {
  auto what_if = read_what_if(json);
  what_if.validate();
  return what_if;
}

nlohmann::json what_if_to_json(const WhatIf& w) {
  nlohmann::json demands = nlohmann::json::array();
  auto optional_json = [](const std::optional<double>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
  };
  for (const auto& c : w.demand_changes) {
    demands.push_back({{"farm_id", c.farm_id},
                       {"wants_min_ha", optional_json(c.wants_min_ha)},
                       {"wants_max_ha", optional_json(c.wants_max_ha)},
                       {"max_distance_km", optional_json(c.max_distance_km)},
                       {"tolerance_pct", optional_json(c.tolerance_pct)}});
  }
  return {{"name", w.name},           {"lock_parcels", w.locked_parcel_ids},
          {"farms_out", w.farms_out}, {"demands", demands},
          {"rules", w.rule_modes},    {"time_limit_s", w.time_limit_s}};
}

namespace {

Demand& demand_of(Region& region, const std::string& farm_id) {
  const auto farm = std::find_if(region.farms.begin(), region.farms.end(),
                                 [&](const Farm& f) { return f.farm_id == farm_id; });
  if (farm == region.farms.end())
    throw UsageError("what-if: no farm '" + farm_id + "' in the region");
  const auto demand = std::find_if(region.demands.begin(), region.demands.end(),
                                   [&](const Demand& d) { return d.farm_id == farm_id; });
  if (demand == region.demands.end())
    throw UsageError("what-if: farm '" + farm_id + "' has no demand: it takes no part already");
  return *demand;
}

/// The parcel stays with its user: no longer offered, no longer exchanged.
void lock_parcel(Region& region, const std::string& parcel_id) {
  const auto parcel = std::find_if(region.parcels.begin(), region.parcels.end(),
                                   [&](const Parcel& p) { return p.parcel_id == parcel_id; });
  if (parcel == region.parcels.end())
    throw UsageError("what-if: no parcel '" + parcel_id + "' in the region");
  std::erase_if(region.offers, [&](const Offer& o) { return o.parcel_id == parcel_id; });
  if (!parcel->user_farm_id)
    return;
  for (auto& demand : region.demands) {
    if (demand.farm_id != *parcel->user_farm_id)
      continue;
    auto& exchange = demand.exchange;
    if (exchange.policy == ExchangeParcels::Policy::all) {
      exchange.policy = ExchangeParcels::Policy::listed;
      exchange.parcel_ids.clear();
      for (const auto& p : region.parcels) {
        if (p.user_farm_id == demand.farm_id && p.parcel_id != parcel_id)
          exchange.parcel_ids.push_back(p.parcel_id);
      }
    } else {
      std::erase(exchange.parcel_ids, parcel_id);
    }
    if (exchange.policy == ExchangeParcels::Policy::listed && exchange.parcel_ids.empty())
      exchange.policy = ExchangeParcels::Policy::none;
  }
}

void change_demand(Region& region, const DemandChange& change) {
  Demand& demand = demand_of(region, change.farm_id);
  demand.wants_min_ha = change.wants_min_ha.value_or(demand.wants_min_ha);
  demand.wants_max_ha = change.wants_max_ha.value_or(demand.wants_max_ha);
  if (change.max_distance_km)
    demand.max_distance_km = change.max_distance_km;
  if (change.tolerance_pct)
    demand.tolerance_pct = change.tolerance_pct;
  if (demand.wants_min_ha > demand.wants_max_ha)
    throw UsageError(fmt::format("what-if: farm '{}' would want at least {} ha and at most {} ha",
                                 change.farm_id, demand.wants_min_ha, demand.wants_max_ha));
}

}  // namespace

Region region_with_edits(Region region, const WhatIf& what_if) {
  for (const auto& change : what_if.demand_changes)
    change_demand(region, change);
  for (const auto& parcel_id : what_if.locked_parcel_ids)
    lock_parcel(region, parcel_id);
  for (const auto& farm_id : what_if.farms_out) {
    demand_of(region, farm_id);  // names an unknown farm
    std::erase_if(region.demands, [&](const Demand& d) { return d.farm_id == farm_id; });
  }
  return region;
}

Scenario scenario_with_edits(const Scenario& scenario, const WhatIf& what_if,
                             bool starts_from_base) {
  ScenarioSettings settings;
  for (const auto& [rule, mode] : what_if.rule_modes)
    settings["rules." + rule + ".mode"] = mode;
  settings["solver.time_limit_s"] = what_if.time_limit_s;
  if (starts_from_base)  // a start, not a bonus: the values stay comparable
    settings["cycle.stability_eur_per_transfer"] = 0.0;
  const auto text =
      scenario_text_with(scenario.source_text, settings,
                         "what-if '" + what_if.name + "' of scenario " + scenario.name);
  Diagnostics diagnostics;
  auto edited = parse_scenario(text, "what-if " + what_if.name, diagnostics);
  if (!edited) {
    const auto& errors = diagnostics.errors();
    throw UsageError(errors.empty()
                         ? "what-if: the scenario cannot take these rules"
                         : "what-if: " + errors.front().column + ": " + errors.front().message);
  }
  return *edited;
}

namespace {

std::unordered_map<std::string, std::string> destinations(Database& db, long run_id) {
  std::unordered_map<std::string, std::string> to;
  for (const auto& t : load_transfers(db, run_id))
    to[t.parcel_id] = t.to_farm_id;
  return to;
}

std::vector<ParcelChange> changes_between(Database& db, const std::optional<RunRecord>& base,
                                          long variant_run_id) {
  const auto before =
      base ? destinations(db, base->run_id) : std::unordered_map<std::string, std::string>{};
  const auto after = destinations(db, variant_run_id);
  std::set<std::string> parcels;
  for (const auto& [parcel, farm] : before)
    parcels.insert(parcel);
  for (const auto& [parcel, farm] : after)
    parcels.insert(parcel);
  std::vector<ParcelChange> changes;
  for (const auto& parcel : parcels) {
    const auto b = before.find(parcel), a = after.find(parcel);
    ParcelChange change{parcel, b == before.end() ? "" : b->second,
                        a == after.end() ? "" : a->second};
    if (change.base_to != change.variant_to)
      changes.push_back(std::move(change));
  }
  return changes;
}

/// The proposal leaves locked parcels and farms taken out alone: checked
/// from the transfers, not trusted from the edits.
void check_edits_held(const WhatIf& what_if, const ProposalRecord& proposal) {
  for (const auto& t : proposal.transfers) {
    const bool locked = std::count(what_if.locked_parcel_ids.begin(),
                                   what_if.locked_parcel_ids.end(), t.parcel_id) > 0;
    const bool out =
        std::count(what_if.farms_out.begin(), what_if.farms_out.end(), t.to_farm_id) > 0 ||
        std::count(what_if.farms_out.begin(), what_if.farms_out.end(), t.from_farm_id) > 0;
    if (locked || out)
      throw std::runtime_error("what-if '" + what_if.name + "': the proposal moves parcel " +
                               t.parcel_id + " against its edits");
  }
}

WhatIfView view_of(Database& db, const VariantRecord& variant) {
  WhatIfView view;
  view.variant = variant;
  view.what_if = read_what_if(nlohmann::json::parse(variant.edits_json));  // valid when stored
  const auto run = find_run(db, variant.run_id);
  if (!run)
    throw std::runtime_error("the run of the what-if '" + variant.name + "' is missing");
  view.run = *run;
  if (variant.base_run_id)
    view.base = find_run(db, variant.base_run_id);
  view.changes = changes_between(db, view.base, variant.run_id);
  return view;
}

}  // namespace

WhatIfView solve_what_if(const std::string& db_path, const std::filesystem::path& scenario_file,
                         const WhatIf& what_if) {
  what_if.validate();
  const auto base_scenario = read_scenario(scenario_file);
  auto db = Database::open(db_path, Database::OpenMode::must_exist);
  db.require_writable();
  SQLite::Transaction reading(db.sql(), SQLite::TransactionBehavior::DEFERRED);
  require_region(db, db_path);
  const Date as_of = planning_date(db, today_utc());
  const auto region = load_region(db);
  const auto neighbours = load_neighbours(db);
  const auto quarter = run_quarter(db, as_of, "");
  auto carry = load_carry_over(db, quarter);
  const auto read_at = region_revision(db);
  const auto base = find_run(db, std::nullopt);
  // Before the table has seen a run, the latest run is the start.
  const bool starts_from_base = carry.previous.empty() && base.has_value();
  if (starts_from_base)
    carry.previous = open_transfers(db, base->run_id);
  reading.commit();

  const auto edited = region_with_edits(region, what_if);
  const auto scenario = scenario_with_edits(base_scenario, what_if, starts_from_base);
  auto solved = solve_scenario(db, edited, neighbours, scenario, as_of, quarter, carry);
  check_edits_held(what_if, solved.proposal);
  VariantRecord variant;
  variant.name = what_if.name;
  variant.created_at = utc_timestamp_now();
  if (base)
    variant.base_run_id = base->run_id;
  variant.edits_json = what_if_to_json(what_if).dump();
  variant.read_at = read_at;
  const auto stored = store_variant(db, variant, solved.run, solved.proposal);
  return view_of(db, stored);
}

std::vector<VariantRecord> list_what_ifs(const std::string& db_path) {
  auto db = Database::open(db_path, Database::OpenMode::must_exist);
  return list_variants(db);
}

WhatIfView load_what_if(const std::string& db_path, const std::string& name) {
  auto db = Database::open(db_path, Database::OpenMode::must_exist);
  SQLite::Transaction reading(db.sql(), SQLite::TransactionBehavior::DEFERRED);
  const auto variant = find_variant(db, name);
  if (!variant)
    throw UsageError("no what-if named '" + name + "'");
  auto view = view_of(db, *variant);
  reading.commit();
  return view;
}

AppliedWhatIf apply_what_if(const std::string& db_path, const std::string& name) {
  auto db = Database::open(db_path, Database::OpenMode::must_exist);
  SQLite::Transaction transaction(db.sql(), SQLite::TransactionBehavior::IMMEDIATE);
  const auto variant = find_variant(db, name);
  if (!variant)
    throw UsageError("no what-if named '" + name + "'");
  if (variant->applied_run_id)
    throw UsageError("the what-if '" + name + "' was applied already");
  require_unchanged_since(db, variant->read_at);
  const auto latest = find_run(db, std::nullopt);
  if (latest && latest->run_id != variant->base_run_id)
    throw ConcurrentChangeError("the region has a newer run than the one the what-if '" + name +
                                "' was compared with: solve the what-if again");
  const auto what_if = what_if_from_json(nlohmann::json::parse(variant->edits_json));
  if (!what_if.rule_modes.empty())
    throw UsageError("the what-if '" + name +
                     "' switches rules, which belong to a scenario, not to the region: apply "
                     "what-ifs without rule changes, or solve with that scenario");
  const auto region = region_with_edits(load_region(db), what_if);
  const auto quarter = region_quarter(db).value_or(quarter_of(today_utc()));
  const auto import = last_import(db);
  write_region(db, region);
  log_import(db, {"what-if", name, import ? import->record.fingerprint : "", quarter},
             region.parcels.size());
  take_snapshot(db, quarter, "what-if", name);
  auto run = find_run(db, variant->run_id);
  if (!run)
    throw std::runtime_error("the run of the what-if '" + name + "' is missing");
  run->variant.clear();
  const auto proposal = load_proposal(db, variant->run_id);
  AppliedWhatIf applied{name, insert_run(db, *run, proposal)};
  mark_variant_applied(db, name, applied.run_id, utc_timestamp_now());
  transaction.commit();
  return applied;
}

}  // namespace landpool::workflow
