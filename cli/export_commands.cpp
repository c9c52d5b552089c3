// `landpool export` and `landpool report`: a run's swap lists, balances, map
// layers and report, for the whole run, one deal or one party.

#include <iostream>
#include <memory>

#include <spdlog/fmt/fmt.h>

#include "cli/exit_codes.hpp"
#include "cli/shell.hpp"
#include "workflow/export.hpp"

namespace landpool::cli {
namespace {

int export_run(const GlobalOptions& global, const workflow::ExportRequest& request) {
  const auto exported = workflow::export_run(global.db_path, request);
  const auto& view = exported.view;
  if (request.format == "csv") {
    std::cout << fmt::format(
        "Wrote {}/transfers.csv, deals.csv, participants.csv, lost_organic.csv (run {}, {})\n",
        request.out.string(), view.run.run_id, view.scope);
    return exit_code::kSuccess;
  }
  if (request.format == "gpkg")
    std::cout << fmt::format("{} parcels per layer (parcels_before, parcels_after)\n",
                             exported.features);
  std::cout << fmt::format("Wrote {} (run {}, {})\n", request.out.string(), view.run.run_id,
                           view.scope);
  return exit_code::kSuccess;
}

int write_sheets(const GlobalOptions& global, const workflow::SheetsRequest& request) {
  const auto written = workflow::write_deal_sheets(global.db_path, request);
  std::cout << fmt::format("Wrote {} farm and {} owner sheets of run {} to {} ({})\n",
                           written.farm_sheets, written.owner_sheets, written.run_id,
                           request.out.string(),
                           written.pdf ? "sheets.html, sheets.pdf" : "sheets.html");
  if (!written.pdf_note.empty() && request.pdf)
    std::cerr << "landpool: " << written.pdf_note << "\n";
  return exit_code::kSuccess;
}

/// --run, --out, --deal, --party and --anonymise, shared by export and report.
void add_view_options(CLI::App& cmd, workflow::ExportRequest& request,
                      const std::string& out_help) {
  cmd.fallthrough();
  cmd.add_option("--run", request.run_id, "Run id (default: the latest)");
  cmd.add_option("--out", request.out, out_help)->required();
  cmd.add_option("--deal", request.view.deal_id, "Only this deal");
  cmd.add_option("--party", request.view.party_id, "Only what this farm may see: its own deals");
  cmd.add_flag("--anonymise", request.view.anonymise,
               "Replace names and ids of people and farms by stable pseudonyms");
  cmd.add_option_function<std::string>(
         "--lang",
         [&request](const std::string& code) { request.view.language = parse_language(code); },
         "nl or en (default: the run's scenario, [report] language)")
      ->check(CLI::IsMember({"en", "nl"}));
}

}  // namespace

void add_export_commands(CLI::App& app, Shell& shell) {
  auto request = std::make_shared<workflow::ExportRequest>();
  auto* export_cmd = app.add_subcommand("export", "Export a run's proposal");
  add_view_options(*export_cmd, *request, "Output folder (csv) or file");
  export_cmd->add_option("--format", request->format, "csv (a folder), xlsx, json or gpkg")
      ->capture_default_str()
      ->check(CLI::IsMember({"csv", "xlsx", "json", "gpkg"}));
  shell.run_when_chosen(export_cmd,
                        [&shell, request] { return export_run(shell.global, *request); });

  auto report = std::make_shared<workflow::ExportRequest>();
  report->format = "html";
  auto* report_cmd =
      app.add_subcommand("report", "Write a self-contained HTML report of a run, with maps");
  add_view_options(*report_cmd, *report, "HTML file");
  shell.run_when_chosen(report_cmd, [&shell, report] { return export_run(shell.global, *report); });

  auto sheets = std::make_shared<workflow::SheetsRequest>();
  auto* sheets_cmd = app.add_subcommand(
      "sheets", "Write a printable deal sheet for each farm and owner of a run's deals");
  sheets_cmd->fallthrough();
  sheets_cmd->add_option("--run", sheets->run_id, "Run id (default: the latest)");
  sheets_cmd->add_option("--out", sheets->out, "Output folder")->required();
  sheets_cmd
      ->add_option_function<std::string>(
          "--lang", [sheets](const std::string& code) { sheets->language = parse_language(code); },
          "nl or en (default: the run's scenario, [report] language)")
      ->check(CLI::IsMember({"en", "nl"}));
  sheets_cmd->add_flag("!--no-pdf", sheets->pdf, "Do not print sheets.pdf");
  shell.run_when_chosen(sheets_cmd,
                        [&shell, sheets] { return write_sheets(shell.global, *sheets); });
}

}  // namespace landpool::cli
