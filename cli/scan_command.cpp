// landpool scan: rank the region's areas by their potential for organic
// clusters (workflow/scan.hpp, docs/scan.md).

#include <iostream>
#include <memory>

#include <spdlog/fmt/fmt.h>
#include <CLI/CLI.hpp>

#include "cli/exit_codes.hpp"
#include "cli/shell.hpp"
#include "workflow/scan.hpp"

namespace landpool::cli {
namespace {

int scan(const GlobalOptions& global, const workflow::ScanRequest& request) {
  const auto outcome = workflow::scan_region(global.db_path, request);
  print_diagnostics(outcome.diagnostics, global.quiet);
  if (outcome.diagnostics.has_errors()) {
    std::cerr << outcome.diagnostics.error_count() << " problem(s); nothing was scanned\n";
    return exit_code::kInvalidInput;
  }
  const auto& areas = outcome.result.areas;
  std::cout << fmt::format("Scanned {} areas ({}); the best:\n", areas.size(),
                           outcome.result.areas_from);
  std::cout << fmt::format("  {:>4}  {:<24} {:>7} {:>12}\n", "rank", "area", "score",
                           "farmland ha");
  for (std::size_t i = 0; i < areas.size() && i < 10 && areas[i].rank; ++i) {
    std::cout << fmt::format("  {:>4}  {:<24} {:>7.3f} {:>12.1f}\n", *areas[i].rank,
                             areas[i].area_id, areas[i].score, areas[i].farmland_ha);
  }
  if (outcome.features_left_out > 0)
    std::cout << outcome.features_left_out
              << " features without a usable polygon (or landscape elements) left out\n";
  for (const auto& file : outcome.written)
    std::cout << "Wrote " << file.string() << '\n';
  return exit_code::kSuccess;
}

}  // namespace

void add_scan_command(CLI::App& app, Shell& shell) {
  auto request = std::make_shared<workflow::ScanRequest>();
  auto* cmd = app.add_subcommand(
      "scan", "Rank the region's areas by their potential for organic clusters (docs/scan.md)");
  cmd->fallthrough();
  cmd->add_option("--weights", request->weights_file,
                  "Weights and thresholds (TOML; default: the built-in weights)");
  cmd->add_option("--grid-km", request->grid_km, "Cell size of the grid of candidate areas");
  cmd->add_option("--areas", request->areas_file,
                  "Candidate areas from a GIS layer (municipalities, water boards, ...) "
                  "instead of a grid");
  cmd->add_option("--areas-layer", request->areas_layer, "Layer of --areas");
  cmd->add_option("--areas-id", request->areas_id_field,
                  "Field naming each area (default: a field 'name', else the feature id)");
  cmd->add_option("--parcels", request->parcels_files,
                  "Scan this GIS layer of parcels straight, feature by feature, instead of the "
                  "database (large layers such as the national BRP; fewer criteria); repeat it "
                  "for several files");
  cmd->add_option("--parcels-layer", request->parcels_layer, "Layer of --parcels");
  cmd->add_option("--urban", request->urban_file,
                  "Built-up areas (GIS layer): adds the distance to the nearest");
  cmd->add_option("--as-of", request->as_of,
                  "Date from which leases count as ending (default: the planning date)");
  cmd->add_option("--out", request->out, "Output folder")->required();
  cmd->add_option_function<std::string>(
         "--lang",
         [request](const std::string& code) {
           request->language = parse_language(code).value_or(Language::en);
         },
         "nl or en (default en)")
      ->check(CLI::IsMember({"en", "nl"}));
  shell.run_when_chosen(cmd, [&shell, request] { return scan(shell.global, *request); });
}

}  // namespace landpool::cli
