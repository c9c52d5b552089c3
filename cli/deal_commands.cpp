// `landpool deals`: the deals of a run, and one deal in full.

#include <algorithm>
#include <iostream>
#include <map>
#include <memory>

#include <spdlog/fmt/fmt.h>

#include "cli/exit_codes.hpp"
#include "cli/shell.hpp"
#include "core/text.hpp"
#include "db/database.hpp"
#include "db/run_store.hpp"

namespace landpool::cli {
namespace {

std::optional<RunRecord> run_or_complain(Database& db, std::optional<long> run_id) {
  auto run = find_run(db, run_id);
  if (!run)
    std::cerr << (run_id ? fmt::format("landpool: no run {}\n", *run_id)
                         : std::string("landpool: no runs yet: landpool solve\n"));
  return run;
}

struct DealsOptions {
  std::optional<long> run_id;  ///< default: the latest run
  std::optional<int> deal_id;  ///< `deals show ID`: one deal in full
};

int deals(const GlobalOptions& global, const DealsOptions& options) {
  auto db = Database::open(global.db_path, Database::OpenMode::must_exist);
  const auto run = run_or_complain(db, options.run_id);
  if (!run)
    return exit_code::kUsageError;
  const auto all = load_deals(db, run->run_id);
  if (options.deal_id) {
    const auto deal = std::find_if(all.begin(), all.end(),
                                   [&](const auto& d) { return d.deal_id == *options.deal_id; });
    if (deal == all.end()) {
      std::cerr << fmt::format("landpool: run {} has no deal {}\n", run->run_id, *options.deal_id);
      return exit_code::kUsageError;
    }
    std::cout << fmt::format(
        "deal {} of run {} ({})\n  form            {}\n  farms           {}\n  pool land from  "
        "{}\n  area            {:.2f} ha\n  benefit         {:.0f} EUR\n  settlement      {:.0f} "
        "EUR\n  use settlement  {:.0f} EUR a year\n  transfer tax    {:.0f} EUR\n  effective   "
        "    {}\n",
        deal->deal_id, run->run_id, run->quarter, deal->form, join(deal->farm_ids, " "),
        deal->pool_owner_ids.empty() ? "-" : join(deal->pool_owner_ids, " "), deal->area_ha,
        deal->benefit_eur, deal->settlement_eur, deal->settlement_eur_per_year,
        deal->transfer_tax_eur, format_iso_date(deal->effective_date));
    std::cout << fmt::format("\n  {:<12} {:<14} {:<12} {:<14} {:<14} {:>8} {:>12}  {}\n", "parcel",
                             "from", "to", "owner before", "owner after", "ha", "value EUR",
                             "effective");
    std::map<std::string, std::pair<double, double>> given_received;
    for (const auto& t : load_transfers(db, run->run_id)) {
      if (t.deal_id != deal->deal_id)
        continue;
      std::cout << fmt::format("  {:<12} {:<14} {:<12} {:<14} {:<14} {:>8.2f} {:>12.0f}  {}\n",
                               t.parcel_id, t.from_farm_id.empty() ? "pool" : t.from_farm_id,
                               t.to_farm_id, t.owner_before, t.owner_after, t.area_ha, t.value_eur,
                               format_iso_date(t.effective_date));
      if (!t.from_farm_id.empty())
        given_received[t.from_farm_id].first += t.area_ha;
      given_received[t.to_farm_id].second += t.area_ha;
    }
    std::cout << fmt::format("\n  {:<12} {:>10} {:>10} {:>8} {:>8} {:>14} {:>14} {:>12}\n", "farm",
                             "gives ha", "gets ha", "blocks", "after", "settlement EUR",
                             "EUR a year", "gain EUR");
    for (const auto& p : load_participants(db, run->run_id)) {
      if (p.deal_id != deal->deal_id)
        continue;
      const auto& [given, received] = given_received[p.farm_id];
      std::cout << fmt::format(
          "  {:<12} {:>10.2f} {:>10.2f} {:>8} {:>8} {:>14.0f} {:>14.0f} {:>12.0f}\n", p.farm_id,
          given, received, p.blocks_before, p.blocks_after, p.settlement_eur,
          p.settlement_eur_per_year, p.gain_eur);
    }
    return exit_code::kSuccess;
  }
  std::cout << fmt::format("run {} ({}): {} deals\n", run->run_id, run->quarter, all.size());
  std::cout << fmt::format("{:>5}  {:<15} {:>5}  {:<30} {:>8} {:>12} {:>12} {:>12} {:>10}  {}\n",
                           "deal", "form", "farms", "parties", "ha", "benefit EUR", "settle EUR",
                           "EUR a year", "tax EUR", "effective");
  for (const auto& d : all) {
    std::string parties = join(d.farm_ids, " ");
    if (!d.pool_owner_ids.empty())
      parties = "pool " + join(d.pool_owner_ids, ",") + " -> " + parties;
    std::cout << fmt::format(
        "{:>5}  {:<15} {:>5}  {:<30} {:>8.2f} {:>12.0f} {:>12.0f} {:>12.0f} {:>10.0f}  {}\n",
        d.deal_id, d.form, d.farm_ids.size(), parties, d.area_ha, d.benefit_eur, d.settlement_eur,
        d.settlement_eur_per_year, d.transfer_tax_eur, format_iso_date(d.effective_date));
  }
  return exit_code::kSuccess;
}

}  // namespace

void add_deal_commands(CLI::App& app, Shell& shell) {
  auto options = std::make_shared<DealsOptions>();
  auto* cmd = app.add_subcommand("deals", "List the deals of a run (`deals show ID`: one deal)");
  cmd->fallthrough();
  cmd->add_option("--run", options->run_id, "Run id (default: the latest)");
  auto* show_cmd = cmd->add_subcommand("show", "One deal in full, transfer by transfer");
  show_cmd->fallthrough();
  show_cmd->add_option("id", options->deal_id, "Deal id")->required();
  shell.run_when_chosen(cmd, [&shell, options] { return deals(shell.global, *options); });
}

}  // namespace landpool::cli
