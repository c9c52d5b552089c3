#include "workflow/export.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <vector>

#include <spdlog/fmt/fmt.h>

#include "core/errors.hpp"
#include "db/cycle_store.hpp"
#include "db/region_store.hpp"
#include "db/run_store.hpp"
#include "exporters/deal_sheets.hpp"
#include "exporters/run_writers.hpp"
#include "importers/scenario_reader.hpp"

namespace landpool::workflow {

namespace {

/// The language a run's exports speak: the one asked for, else its scenario's.
Language language_of(const RunRecord& run, std::optional<Language> asked) {
  if (asked)
    return *asked;
  Diagnostics ignored;  // a stored scenario was valid when the run was made
  const auto scenario = parse_scenario(run.scenario_text, "run scenario", ignored);
  return scenario ? scenario->report.language : Language::en;
}

RunRecord existing_run(Database& db, const std::string& db_path, std::optional<long> run_id) {
  const auto run = find_run(db, run_id);
  if (!run)
    throw UsageError(run_id ? fmt::format("{}: no run {}; see landpool runs", db_path, *run_id)
                            : db_path + ": no runs yet: landpool solve");
  return *run;
}

/// Runs `argv` (no shell: paths are passed as they are) with its output
/// discarded; its exit status, or -1 when it could not start.
int run_quietly(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& arg : argv)
    args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  if (spawned != 0 || waitpid(pid, &status, 0) != pid)
    return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/// Prints `html` to `pdf` with headless Chromium; the reason when it cannot.
std::string print_to_pdf(const std::filesystem::path& html, const std::filesystem::path& pdf) {
  std::string chromium;
  for (const char* candidate : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
    if (std::filesystem::exists(candidate))
      chromium = candidate;
  }
  if (chromium.empty())
    return "Chromium is not installed: no PDF (open sheets.html and print it)";
  const auto profile = pdf.parent_path() / ".chromium-profile";
  const int status = run_quietly(
      {chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
       "--no-first-run", "--no-pdf-header-footer", "--user-data-dir=" + profile.string(),
       "--print-to-pdf=" + pdf.string(), "file://" + std::filesystem::absolute(html).string()});
  std::filesystem::remove_all(profile);
  if (status != 0 || !std::filesystem::exists(pdf))
    return "Chromium could not print sheets.pdf";
  return {};
}

}  // namespace

RunView load_run_view(const std::string& db_path, std::optional<long> run_id,
                      const ViewOptions& options, bool with_quarters) {
  auto db = Database::open(db_path, Database::OpenMode::must_exist);
  const auto run = existing_run(db, db_path, run_id);
  ViewOptions resolved = options;
  resolved.language = language_of(run, options.language);
  auto view = make_run_view(run, load_proposal(db, run.run_id), load_region(db), resolved);
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

SheetsWritten write_deal_sheets(const std::string& db_path, const SheetsRequest& request) {
  auto db = Database::open(db_path, Database::OpenMode::must_exist);
  const auto run = existing_run(db, db_path, request.run_id);
  const auto proposal = load_proposal(db, run.run_id);
  const auto region = load_region(db);
  ViewOptions options;
  options.language = language_of(run, request.language);
  std::filesystem::create_directories(request.out);
  SheetsWritten written;
  written.run_id = run.run_id;
  const std::string title = say(*options.language, "dsheet.index", run.run_id);
  std::string all;
  auto write_sheet = [&](const std::string& file, const std::string& section) {
    if (section.empty())
      return false;
    write_sheets_page(request.out / file, title, section, *options.language);
    all += section;
    return true;
  };
  for (const auto& deal : proposal.deals) {
    for (const auto& farm_id : deal.farm_ids) {
      ViewOptions party = options;
      party.party_id = farm_id;
      const auto view = make_run_view(run, proposal, region, party);
      written.farm_sheets +=
          write_sheet("farm-" + farm_id + ".html", farm_sheet_html(view, farm_id));
    }
    for (const auto& owner_id : deal.pool_owner_ids) {
      ViewOptions owner_in_deal = options;
      owner_in_deal.deal_id = deal.deal_id;
      owner_in_deal.owner_id = owner_id;
      written.owner_sheets += write_sheet(
          fmt::format("owner-{}-deal-{}.html", owner_id, deal.deal_id),
          owner_sheet_html(make_run_view(run, proposal, region, owner_in_deal), region, owner_id));
    }
  }
  written.all = request.out / "sheets.html";
  write_sheets_page(written.all, title, all, *options.language);
  if (request.pdf) {
    const auto pdf = request.out / "sheets.pdf";
    written.pdf_note = print_to_pdf(written.all, pdf);
    if (written.pdf_note.empty())
      written.pdf = pdf;
  }
  return written;
}

}  // namespace landpool::workflow
