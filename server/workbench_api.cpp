#include "server/workbench_api.hpp"

#include <algorithm>
#include <map>

#include <SQLiteCpp/Transaction.h>
#include <spdlog/fmt/fmt.h>

#include "core/errors.hpp"
#include "core/region_summary.hpp"
#include "db/cycle_store.hpp"
#include "db/region_store.hpp"
#include "db/run_store.hpp"
#include "exporters/kpi_rows.hpp"
#include "exporters/run_writers.hpp"
#include "exporters/scenario_comparison.hpp"
#include "exporters/web_map.hpp"
#include "workflow/cycle.hpp"
#include "workflow/export.hpp"
#include "workflow/what_if.hpp"

namespace landpool::server {

namespace {

ViewOptions view_options(const ApiContext& context, const Audience& audience) {
  ViewOptions options;
  options.party_id = audience.party_id;
  options.owner_id = audience.owner_id;
  options.anonymise = audience.anonymise;
  options.language = context.language;
  return options;
}

/// The run's key figures as people read them: label, unit, before, after.
nlohmann::json kpi_table_json(const std::string& kpis_json, Language language) {
  nlohmann::json rows = nlohmann::json::array();
  if (kpis_json.empty())
    return rows;
  for (const auto& row : kpi_rows(nlohmann::json::parse(kpis_json), language)) {
    rows.push_back({{"group", kpi_group_label(row.group, language)},
                    {"label", row.label},
                    {"unit", row.unit},
                    {"before", row.before ? format_kpi(*row.before, row.kind) : ""},
                    {"after", format_kpi(row.after, row.kind)},
                    {"after_value", row.after}});
  }
  return rows;
}

nlohmann::json run_summary_json(const RunRecord& run, Language language) {
  auto summary = run_record_json(run);
  summary["variant"] = run.variant;
  summary["kpi_table"] = kpi_table_json(run.kpis_json, language);
  return summary;
}

nlohmann::json demand_json(const Region& region, const std::string& farm_id) {
  for (const auto& d : region.demands) {
    if (d.farm_id != farm_id)
      continue;
    auto optional_json = [](const auto& v) {
      return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
    };
    return {{"wants_min_ha", d.wants_min_ha},
            {"wants_max_ha", d.wants_max_ha},
            {"max_distance_km", optional_json(d.max_distance_km)},
            {"tolerance_pct", optional_json(d.tolerance_pct)},
            {"converts", d.converts}};
  }
  return nullptr;
}

nlohmann::json farms_json(const Region& region, const Audience& audience) {
  std::map<std::string, int> parcels_of;
  for (const auto& p : region.parcels) {
    if (p.user_farm_id)
      ++parcels_of[*p.user_farm_id];
  }
  nlohmann::json farms = nlohmann::json::array();
  for (const auto& farm : region.farms) {
    if (audience.owner_id || (audience.party_id && farm.farm_id != *audience.party_id))
      continue;
    farms.push_back({{"farm_id", farm.farm_id},
                     {"name", farm.name},
                     {"organic_status", to_string(farm.organic_status)},
                     {"parcels", parcels_of[farm.farm_id]},
                     {"demand", demand_json(region, farm.farm_id)}});
  }
  return farms;
}

nlohmann::json summary_json(const RegionSummary& s) {
  return {{"parcels", s.parcel_count},
          {"farms", s.farm_count},
          {"organic_farms", s.organic_farm_count},
          {"total_ha", s.total_ha},
          {"organic_ha", s.organic_ha},
          {"converting_ha", s.converting_ha},
          {"offers", s.offer_count},
          {"demands", s.demand_count}};
}

/// Throws UsageError when the audience names a farm or owner the region lacks.
void require_audience(const Region& region, const Audience& audience) {
  if (audience.party_id &&
      std::none_of(region.farms.begin(), region.farms.end(),
                   [&](const Farm& f) { return f.farm_id == *audience.party_id; }))
    throw UsageError("no farm '" + *audience.party_id + "' in the region");
  if (audience.owner_id &&
      std::none_of(region.owners.begin(), region.owners.end(),
                   [&](const Owner& o) { return o.owner_id == *audience.owner_id; }))
    throw UsageError("no owner '" + *audience.owner_id + "' in the region");
}

/// A party's own holding and nothing else: before any run, or where the
/// run has no deal of it (the run's key figures speak of other farms).
RunView holding_view(const RunRecord& run, const Region& region, const std::string& party,
                     Language language) {
  auto view = make_run_view(run, ProposalRecord{}, region, {});
  view.scope = "party " + party;
  view.language = language;
  view.kpis = nlohmann::json::object();
  std::erase_if(view.parcels, [&](const ParcelView& p) { return p.user_before != party; });
  std::erase_if(view.farm_names, [&](const auto& f) { return f.first != party; });
  return view;
}

/// Run `run_id` (default: the latest; none yet: the region as it is) as
/// `audience` may see it, read at one moment. A party sees the region's
/// runs only, not what-ifs.
RunView view_for(const ApiContext& context, std::optional<long> run_id, const Audience& audience) {
  auto db = Database::open(context.db_path, Database::OpenMode::must_exist);
  SQLite::Transaction reading(db.sql(), SQLite::TransactionBehavior::DEFERRED);
  const auto region = load_region(db);
  require_audience(region, audience);
  const auto run = find_run(db, run_id);
  if (run_id && !run)
    throw UsageError(fmt::format("no run {}", *run_id));
  if (run && audience.restricted() && !run->variant.empty())
    throw UsageError("a party page shows the region's runs only");
  const RunRecord shown = run.value_or(RunRecord{});
  auto proposal = run ? load_proposal(db, run->run_id) : ProposalRecord{};
  reading.commit();
  if (audience.party_id &&
      std::none_of(proposal.deals.begin(), proposal.deals.end(), [&](const DealRecord& d) {
        return std::count(d.farm_ids.begin(), d.farm_ids.end(), *audience.party_id) > 0;
      }))
    return holding_view(shown, region, *audience.party_id, context.language);
  return make_run_view(shown, std::move(proposal), region, view_options(context, audience));
}

}  // namespace

nlohmann::json messages_json(Language language) {
  nlohmann::json texts = nlohmann::json::object();
  for (const auto& message : message_catalogue())
    texts[std::string(message.key)] = std::string(text(language, message.key));
  return {{"language", language_code(language)}, {"texts", std::move(texts)}};
}

nlohmann::json region_json(const ApiContext& context, const Audience& audience) {
  auto db = Database::open(context.db_path, Database::OpenMode::must_exist);
  SQLite::Transaction reading(db.sql(), SQLite::TransactionBehavior::DEFERRED);
  const auto region = load_region(db);
  require_audience(region, audience);
  nlohmann::json json = {{"quarter", region_quarter(db).value_or("")},
                         {"party", audience.party_id.value_or("")},
                         {"owner", audience.owner_id.value_or("")},
                         {"farms", farms_json(region, audience)},
                         {"runs", nlohmann::json::array()},
                         {"what_ifs", nlohmann::json::array()}};
  for (const auto& owner : region.owners) {
    if (owner.owner_id == audience.owner_id)
      json["owner_name"] = owner.name;
  }
  if (!audience.restricted())
    json["summary"] = summary_json(summarise(region, today_utc()));
  for (const auto& run : list_runs(db)) {
    auto summary = run_summary_json(run, context.language);
    if (audience.owner_id)  // an owner's view has no key figures (ViewOptions::owner_id)
      summary.erase("kpi_table");
    json["runs"].push_back(std::move(summary));
  }
  if (!audience.restricted()) {
    for (const auto& v : list_variants(db)) {
      json["what_ifs"].push_back({{"name", v.name},
                                  {"created_at", v.created_at},
                                  {"run_id", v.run_id},
                                  {"applied", v.applied_run_id.has_value()}});
    }
  }
  reading.commit();
  return json;
}

nlohmann::json map_json(const ApiContext& context, std::optional<long> run_id,
                        const Audience& audience) {
  const auto view = view_for(context, run_id, audience);
  auto json = parcels_geojson(view);
  json["run_id"] = view.run.run_id;
  json["farm_names"] = view.farm_names;
  return json;
}

nlohmann::json run_json(const ApiContext& context, std::optional<long> run_id,
                        const Audience& audience) {
  const auto view = view_for(context, run_id, audience);
  if (view.run.run_id == 0)
    throw UsageError("no runs yet: landpool solve");
  auto json = run_to_json(view);
  json["run"]["variant"] = view.run.variant;
  json["kpi_table"] = kpi_table_json(view.run.kpis_json, context.language);
  json["farm_names"] = view.farm_names;
  std::map<int, DecisionRecord> decided;
  {
    auto db = Database::open(context.db_path, Database::OpenMode::must_exist);
    for (const auto& d : current_decisions(db)) {
      if (d.run_id == view.run.run_id)
        decided[d.deal_id] = d;
    }
  }
  std::unordered_map<std::string, const ParcelView*> parcels;
  for (const auto& p : view.parcels)
    parcels.emplace(p.parcel_id, &p);
  for (auto& deal : json["deals"]) {
    const int deal_id = deal["deal_id"].get<int>();
    const auto record = std::find_if(view.deals.begin(), view.deals.end(),
                                     [&](const DealRecord& d) { return d.deal_id == deal_id; });
    deal["why"] = deal_why(view, *record, parcels);
    // The table's notes are the land agent's: a party sees the decision alone.
    if (const auto d = decided.find(deal_id); d != decided.end())
      deal["decision"] = {{"decision", d->second.decision},
                          {"decided_on", d->second.decided_on},
                          {"note", audience.restricted() ? "" : d->second.note},
                          {"applied_on", d->second.applied_on}};
    else
      deal["decision"] = nullptr;
  }
  return json;
}

nlohmann::json decide_json(const ApiContext& context, int deal_id, const nlohmann::json& body) {
  if (!body.is_object())
    throw UsageError("decision: the request must be a JSON object");
  workflow::DecideRequest request;
  request.deal_id = deal_id;
  try {
    request.decision = body.value("decision", std::string());
    request.note = body.value("note", std::string());
    request.refused_by = body.value("refused_by", std::string());
    if (body.contains("run_id") && !body.at("run_id").is_null())
      request.run_id = body.at("run_id").get<long>();
  } catch (const nlohmann::json::exception&) {
    throw UsageError("decision: decision, note and refused_by are text, run_id a number");
  }
  if (request.decision != "accept" && request.decision != "reject" && request.decision != "hold" &&
      request.decision != "release")
    throw UsageError("decision: must be accept, reject, hold or release");
  if (request.note.size() > 2000)
    throw UsageError("decision: the note is longer than 2,000 characters");
  const auto decided = workflow::decide(context.db_path, request);
  const auto& r = decided.record;
  return {{"run_id", r.run_id},       {"deal_id", r.deal_id},       {"decision", r.decision},
          {"note", r.note},           {"decided_on", r.decided_on}, {"quarter", r.quarter},
          {"farms", decided.farm_ids}};
}

namespace {

nlohmann::json what_if_view_json(const workflow::WhatIfView& view, Language language) {
  nlohmann::json changes = nlohmann::json::array();
  for (const auto& c : view.changes)
    changes.push_back(
        {{"parcel_id", c.parcel_id}, {"base_to", c.base_to}, {"variant_to", c.variant_to}});
  return {
      {"name", view.variant.name},
      {"created_at", view.variant.created_at},
      {"edits", workflow::what_if_to_json(view.what_if)},
      {"run", run_summary_json(view.run, language)},
      {"base", view.base ? run_summary_json(*view.base, language) : nlohmann::json(nullptr)},
      {"changes", std::move(changes)},
      {"applied_run_id", view.variant.applied_run_id ? nlohmann::json(*view.variant.applied_run_id)
                                                     : nlohmann::json(nullptr)}};
}

}  // namespace

nlohmann::json solve_what_if_json(const ApiContext& context, const nlohmann::json& body) {
  const auto what_if = workflow::what_if_from_json(body);
  return what_if_view_json(workflow::solve_what_if(context.db_path, context.scenario_file, what_if),
                           context.language);
}

nlohmann::json what_ifs_json(const ApiContext& context) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& v : workflow::list_what_ifs(context.db_path))
    list.push_back(
        what_if_view_json(workflow::load_what_if(context.db_path, v.name), context.language));
  return list;
}

nlohmann::json what_if_json(const ApiContext& context, const std::string& name) {
  return what_if_view_json(workflow::load_what_if(context.db_path, name), context.language);
}

nlohmann::json apply_what_if_json(const ApiContext& context, const std::string& name) {
  const auto applied = workflow::apply_what_if(context.db_path, name);
  return {{"name", applied.name}, {"run_id", applied.run_id}};
}

constexpr std::size_t kMaxCompared = 8;

nlohmann::json compare_json(const ApiContext& context, const std::vector<long>& run_ids) {
  std::vector<long> ids = run_ids;
  if (ids.empty()) {
    auto db = Database::open(context.db_path, Database::OpenMode::must_exist);
    const auto runs = list_runs(db);
    for (const auto& run : runs) {
      if (run.quarter == runs.back().quarter)
        ids.push_back(run.run_id);
    }
    if (ids.size() > kMaxCompared)  // the latest ones
      ids.erase(ids.begin(), ids.end() - kMaxCompared);
  }
  if (ids.empty())
    throw UsageError("no runs to compare yet: landpool solve or landpool compare");
  if (ids.size() > kMaxCompared)
    throw UsageError("compare: at most 8 runs at once");
  std::vector<ComparedScenario> compared;
  ViewOptions options;
  options.language = context.language;
  for (const long id : ids) {
    auto view = workflow::load_run_view(context.db_path, id, options);
    const std::string label = view.run.variant.empty()
                                  ? view.run.scenario_name + " #" + std::to_string(id)
                                  : "what-if " + view.run.variant;
    compared.push_back({label, "", std::move(view)});
  }
  auto comparison = make_comparison(std::move(compared));
  comparison.language = context.language;
  auto json = comparison_json(comparison);
  json["run_ids"] = ids;
  return json;
}

}  // namespace landpool::server
