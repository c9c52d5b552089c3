#include "workflow/export.hpp"

#include <spdlog/fmt/fmt.h>

#include "core/errors.hpp"
#include "db/cycle_store.hpp"
#include "db/region_store.hpp"
#include "db/run_store.hpp"
#include "exporters/run_writers.hpp"
#include "importers/scenario_reader.hpp"

namespace landpool::workflow {

RunView load_run_view(const std::string& db_path, std::optional<long> run_id,
                      const ViewOptions& options, bool with_quarters) {
  auto db = Database::open(db_path, Database::OpenMode::must_exist);
  const auto run = find_run(db, run_id);
  if (!run)
    throw UsageError(run_id ? fmt::format("{}: no run {}; see landpool runs", db_path, *run_id)
                            : db_path + ": no runs yet: landpool solve");
  ViewOptions resolved = options;
  if (!resolved.language) {
    Diagnostics ignored;  // a stored scenario was valid when the run was made
    const auto scenario = parse_scenario(run->scenario_text, "run scenario", ignored);
    resolved.language = scenario ? scenario->report.language : Language::en;
  }
  auto view = make_run_view(*run, load_proposal(db, run->run_id), load_region(db), resolved);
  if (with_quarters && !options.deal_id && !options.party_id)
    view.quarters = quarter_history(db);
  return view;
}

Exported export_run(const std::string& db_path, const ExportRequest& request) {
  // Only the whole run's report shows the region's quarters.
  Exported exported{load_run_view(db_path, request.run_id, request.view, request.format == "html"),
                    0};
  const auto& view = exported.view;
  if (request.format == "csv")
    write_run_csv(view, request.out);
  else if (request.format == "json")
    write_run_json(view, request.out);
  else if (request.format == "xlsx")
    write_run_xlsx(view, request.out);
  else if (request.format == "gpkg")
    exported.features = write_run_gpkg(view, request.out);
  else if (request.format == "html")
    write_run_report(view, request.out);
  else
    throw UsageError("unknown export format " + request.format);
  return exported;
}

}  // namespace landpool::workflow
