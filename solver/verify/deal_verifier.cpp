#include "solver/verify/deal_verifier.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include <spdlog/fmt/fmt.h>

namespace landpool::solver {
namespace {

bool near(double a, double b) {
  return std::abs(a - b) <= 0.5 + 1e-9 * std::max(std::abs(a), std::abs(b));
}

}  // namespace

std::vector<std::string> verify_deals(const Scenario& scenario,
                                      const std::vector<TransferRecord>& transfers,
                                      const std::vector<DealRecord>& deals) {
  std::vector<std::string> problems;
  std::map<int, const DealRecord*> deal_by_id;
  for (const auto& deal : deals) {
    if (!deal_by_id.emplace(deal.deal_id, &deal).second)
      problems.push_back(fmt::format("deal {} is listed twice", deal.deal_id));
  }
  // A farm belongs to the deal of every transfer it takes part in; farms
  // linked by an exchange must therefore share one deal.
  std::map<std::string, int> deal_of_farm;
  std::map<int, std::vector<const TransferRecord*>> transfers_of;
  for (const auto& t : transfers) {
    if (!deal_by_id.contains(t.deal_id)) {
      problems.push_back(
          fmt::format("parcel {} is in deal {}, which does not exist", t.parcel_id, t.deal_id));
      continue;
    }
    transfers_of[t.deal_id].push_back(&t);
    for (const auto& farm : {t.from_farm_id, t.to_farm_id}) {
      if (farm.empty())
        continue;
      const auto [it, inserted] = deal_of_farm.emplace(farm, t.deal_id);
      if (!inserted && it->second != t.deal_id)
        problems.push_back(
            fmt::format("farm {} is in deals {} and {}", farm, it->second, t.deal_id));
    }
  }
  for (const auto& deal : deals) {
    const auto& own = transfers_of[deal.deal_id];
    if (own.empty()) {
      problems.push_back(fmt::format("deal {} has no transfers", deal.deal_id));
      continue;
    }
    // Connected: grow from one farm along the deal's exchanges.
    std::set<std::string> farms, pool_owners, reached;
    for (const auto* t : own) {
      farms.insert(t->to_farm_id);
      if (t->from_farm_id.empty())
        pool_owners.insert(t->owner_before);
      else
        farms.insert(t->from_farm_id);
    }
    reached.insert(*farms.begin());
    for (bool grew = true; grew;) {
      grew = false;
      for (const auto* t : own) {
        if (t->from_farm_id.empty())
          continue;
        const bool a = reached.contains(t->from_farm_id), b = reached.contains(t->to_farm_id);
        if (a != b) {
          reached.insert(t->from_farm_id);
          reached.insert(t->to_farm_id);
          grew = true;
        }
      }
    }
    if (reached != farms)
      problems.push_back(fmt::format("deal {} joins farms no exchange links", deal.deal_id));
    if (std::set<std::string>(deal.farm_ids.begin(), deal.farm_ids.end()) != farms ||
        deal.farm_ids.size() != farms.size())
      problems.push_back(fmt::format("deal {} lists other farms than its transfers", deal.deal_id));
    if (scenario.rule(RuleId::deal_caps).mode == RuleMode::hard) {
      const bool pool = !pool_owners.empty();
      const int cap =
          pool ? std::max(1, scenario.deals.max_chain_links) : scenario.deals.max_ring_parties;
      if (static_cast<int>(farms.size()) > cap)
        problems.push_back(fmt::format("deal {} has {} farms, at most {} {}", deal.deal_id,
                                       farms.size(), cap, pool ? "in a chain" : "in a ring"));
    }
    // Legal form, tax, settlement, effective date.
    std::set<std::string> giving, receiving;
    double value_changing_owner = 0.0, area = 0.0;
    Date effective = own.front()->effective_date;
    // Per farm: capital received minus given where owners change, and use
    // value per year received minus given in exchanges of use.
    std::map<std::string, double> balance, yearly_balance;
    bool exchange = false;
    for (const auto* t : own) {
      area += t->area_ha;
      effective = std::max(effective, t->effective_date);
      exchange = exchange || !t->from_farm_id.empty();
      if (t->owner_before != t->owner_after) {
        giving.insert(t->owner_before);
        receiving.insert(t->owner_after);
        value_changing_owner += t->value_eur;
      }
      const bool changes_owner = t->owner_before != t->owner_after;
      const std::string settles = changes_owner        ? "capital"
                                  : t->form == "lease" ? "rent"
                                                       : "yearly";
      if (t->settles != settles)
        problems.push_back(fmt::format("parcel {} settles {}, not {}", t->parcel_id, settles,
                                       t->settles.empty() ? "(nothing)" : t->settles));
      auto& into = changes_owner ? balance : yearly_balance;
      const double amount = changes_owner ? t->value_eur : t->use_value_eur_per_year.value_or(0.0);
      if (!changes_owner && !t->use_value_eur_per_year)
        problems.push_back(fmt::format("parcel {} changes use without a use value", t->parcel_id));
      if (settles != "rent") {
        into[t->to_farm_id] += amount;
        if (!t->from_farm_id.empty())
          into[t->from_farm_id] -= amount;
      }
    }
    const std::string form =
        !giving.empty() ? (giving.size() >= 3 && receiving.size() >= 2 ? "kavelruil" : "sale")
        : exchange      ? "lease_exchange"
                        : "lease";
    if (deal.form != form)
      problems.push_back(fmt::format("deal {} is a {}, not a {}", deal.deal_id, form, deal.form));
    for (const auto* t : own) {
      if (t->owner_before != t->owner_after && t->form != form)
        problems.push_back(fmt::format("parcel {} changes owner in a {} but is marked {}",
                                       t->parcel_id, form, t->form));
    }
    const double tax =
        form == "sale" ? scenario.deals.transfer_tax_pct / 100.0 * value_changing_owner : 0.0;
    if (!near(deal.transfer_tax_eur, tax))
      problems.push_back(fmt::format("deal {}: transfer tax {:.0f} EUR, recomputed {:.0f} EUR",
                                     deal.deal_id, deal.transfer_tax_eur, tax));
    double paid = 0.0, paid_per_year = 0.0;
    for (const auto& [farm, value] : balance)
      paid += std::max(0.0, value);
    for (const auto& [farm, value] : yearly_balance)
      paid_per_year += std::max(0.0, value);
    if (!near(deal.settlement_eur, paid))
      problems.push_back(fmt::format("deal {}: settlement {:.0f} EUR, recomputed {:.0f} EUR",
                                     deal.deal_id, deal.settlement_eur, paid));
    if (!near(deal.settlement_eur_per_year, paid_per_year))
      problems.push_back(
          fmt::format("deal {}: settlement {:.0f} EUR a year, recomputed {:.0f} EUR a year",
                      deal.deal_id, deal.settlement_eur_per_year, paid_per_year));
    if (std::abs(deal.area_ha - area) > 1e-6)
      problems.push_back(fmt::format("deal {}: {:.4f} ha, recomputed {:.4f} ha", deal.deal_id,
                                     deal.area_ha, area));
    if (deal.effective_date != effective)
      problems.push_back(fmt::format("deal {}: effective {}, its latest transfer {}", deal.deal_id,
                                     format_iso_date(deal.effective_date),
                                     format_iso_date(effective)));
  }
  return problems;
}

}  // namespace landpool::solver
