// `landpool export` and `landpool report`: a run's swap lists, balances, map
// layers and report, for the whole run, one deal or one party.

#include <iostream>

#include <spdlog/fmt/fmt.h>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "db/database.hpp"
#include "db/region_store.hpp"
#include "db/run_store.hpp"
#include "exporters/run_writers.hpp"

namespace landpool::cli {
namespace {

RunView load_view(const GlobalOptions& global, std::optional<long> run_id,
                  const ViewOptions& options) {
  auto db = Database::open(global.db_path, Database::OpenMode::must_exist);
  const auto run = find_run(db, run_id);
  if (!run)
    throw std::invalid_argument(
        run_id ? fmt::format("{}: no run {}; see landpool runs", global.db_path, *run_id)
               : global.db_path + ": no runs yet: landpool solve");
  return make_run_view(*run, load_deals(db, run->run_id), load_transfers(db, run->run_id),
                       load_participants(db, run->run_id), load_region(db), options);
}

}  // namespace

int export_run(const GlobalOptions& global, const ExportOptions& options) {
  const auto view =
      load_view(global, options.run_id, {options.deal_id, options.party_id, options.anonymise});
  if (options.format == "csv") {
    write_run_csv(view, options.out);
    std::cout << fmt::format("Wrote {}/transfers.csv, deals.csv, participants.csv (run {}, {})\n",
                             options.out.string(), view.run.run_id, view.scope);
  } else if (options.format == "json") {
    write_run_json(view, options.out);
  } else if (options.format == "xlsx") {
    write_run_xlsx(view, options.out);
  } else if (options.format == "gpkg") {
    const long features = write_run_gpkg(view, options.out);
    std::cout << fmt::format("{} parcels per layer (parcels_before, parcels_after)\n", features);
  } else {
    throw std::invalid_argument("unknown export format " + options.format);
  }
  if (options.format != "csv")
    std::cout << fmt::format("Wrote {} (run {}, {})\n", options.out.string(), view.run.run_id,
                             view.scope);
  return exit_code::kSuccess;
}

int report(const GlobalOptions& global, const ReportOptions& options) {
  auto view =
      load_view(global, options.run_id, {options.deal_id, options.party_id, options.anonymise});
  if (!options.deal_id && !options.party_id) {
    auto db = Database::open(global.db_path, Database::OpenMode::must_exist);
    view.quarters = quarter_history(db);
  }
  write_run_report(view, options.out);
  std::cout << fmt::format("Wrote {} (run {}, {})\n", options.out.string(), view.run.run_id,
                           view.scope);
  return exit_code::kSuccess;
}

}  // namespace landpool::cli
