#pragma once
// The workbench's requests as plain functions from their parameters to JSON
// (docs/workbench.md lists each route). They call the same workflows as the
// command line; what a party may see comes from the exports' RunView.
// Errors are the workflows' own exceptions: the HTTP layer maps them to
// status codes (workbench.cpp).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/messages.hpp"

namespace landpool::server {

/// What every request works on.
struct ApiContext {
  std::string db_path;
  std::filesystem::path scenario_file;  ///< of what-ifs; empty: built-in defaults
  Language language = Language::en;
};

/// Whose eyes a request is for: the land agent's (neither), one farm's or
/// one pool owner's (ViewOptions' party_id and owner_id).
struct Audience {
  std::optional<std::string> party_id;
  std::optional<std::string> owner_id;
  bool anonymise = false;
  bool restricted() const { return party_id || owner_id; }
};

/// Every catalogue text in `language`, by key.
nlohmann::json messages_json(Language language);

/// The region at a glance: quarter, key numbers, farms (with their demands),
/// the region's runs and what-ifs. For a party: its own farm only; for an
/// owner: its name only; neither gets key numbers or what-ifs.
nlohmann::json region_json(const ApiContext& context, const Audience& audience);

/// The parcels as GeoJSON (exporters/web_map.hpp) before and after run
/// `run_id` (default: the latest; before any run, the region as it is),
/// limited to what `audience` may see.
nlohmann::json map_json(const ApiContext& context, std::optional<long> run_id,
                        const Audience& audience);

/// The run as its JSON export, each deal with its "why" and its current
/// decision. Throws UsageError for an unknown run or party.
nlohmann::json run_json(const ApiContext& context, std::optional<long> run_id,
                        const Audience& audience);

/// Records a decision on a deal of run `body.run_id` (default: the latest):
/// body {decision: accept|reject|hold|release, note, refused_by}.
nlohmann::json decide_json(const ApiContext& context, int deal_id, const nlohmann::json& body);

/// Solves and stores a what-if (body: workflow/what_if.hpp's JSON form) and
/// returns it beside the region's latest run.
nlohmann::json solve_what_if_json(const ApiContext& context, const nlohmann::json& body);
nlohmann::json what_ifs_json(const ApiContext& context);
nlohmann::json what_if_json(const ApiContext& context, const std::string& name);
nlohmann::json apply_what_if_json(const ApiContext& context, const std::string& name);

/// Runs side by side as `landpool compare` shows them (significance
/// included); `run_ids` empty: the region's runs of its latest quarter.
nlohmann::json compare_json(const ApiContext& context, const std::vector<long>& run_ids);

}  // namespace landpool::server
