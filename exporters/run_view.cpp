#include "exporters/run_view.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include <spdlog/fmt/fmt.h>

#include "core/text.hpp"

namespace landpool {
namespace {

std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

}  // namespace

std::string pseudonym(const std::string& kind, const std::string& id) {
  if (id.empty())
    return id;
  return fmt::format("{}-{:06x}", kind, fnv1a(kind + ":" + id) & 0xffffff);
}

namespace {

/// What a pool owner may see of `view` (ViewOptions::owner_id).
void restrict_to_owner(RunView& view, const std::string& owner_id) {
  std::erase_if(view.transfers, [&](const TransferRecord& t) {
    return !t.from_farm_id.empty() || t.owner_before != owner_id;
  });
  std::set<std::string> parcels, farms;
  std::set<int> deals;
  for (const auto& t : view.transfers) {
    parcels.insert(t.parcel_id);
    farms.insert(t.to_farm_id);
    deals.insert(t.deal_id);
  }
  std::erase_if(view.parcels, [&](const ParcelView& p) { return !parcels.contains(p.parcel_id); });
  std::erase_if(view.deals, [&](const DealRecord& d) { return !deals.contains(d.deal_id); });
  std::erase_if(view.farm_names, [&](const auto& f) { return !farms.contains(f.first); });
  view.participants.clear();
  view.lost_organic.clear();
  view.kpis = nlohmann::json::object();
  view.scope = "owner " + owner_id;
}

}  // namespace

RunView make_run_view(const RunRecord& run, ProposalRecord proposal, const Region& region,
                      const ViewOptions& options) {
  if (options.party_id && options.owner_id)
    throw std::invalid_argument("a view is of a party or of an owner, not both");
  auto& deals = proposal.deals;
  auto& transfers = proposal.transfers;
  auto& participants = proposal.participants;
  RunView view;
  view.run = run;
  view.scope = "whole run";
  view.language = options.language.value_or(Language::en);
  view.kpis = nlohmann::json::parse(run.kpis_json.empty() ? "{}" : run.kpis_json);

  // Which deals the view shows.
  std::set<int> shown;
  for (const auto& deal : deals) {
    const bool wanted = (!options.deal_id || deal.deal_id == *options.deal_id) &&
                        (!options.party_id || std::find(deal.farm_ids.begin(), deal.farm_ids.end(),
                                                        *options.party_id) != deal.farm_ids.end());
    if (wanted)
      shown.insert(deal.deal_id);
  }
  if (options.deal_id && shown.empty())
    throw std::invalid_argument(fmt::format("run {} has no deal {}{}", run.run_id, *options.deal_id,
                                            options.party_id ? " with that party" : ""));
  if (options.party_id && shown.empty())
    throw std::invalid_argument(
        fmt::format("farm {} takes part in no deal of run {}", *options.party_id, run.run_id));
  const bool restricted = options.deal_id || options.party_id;
  if (options.party_id)
    view.scope = "party " + *options.party_id;
  if (options.deal_id)
    view.scope = fmt::format("deal {}", *options.deal_id);
  auto keep = [&](int deal_id) { return !restricted || shown.contains(deal_id); };
  std::erase_if(deals, [&](const auto& d) { return !keep(d.deal_id); });
  std::erase_if(transfers, [&](const auto& t) { return !keep(t.deal_id); });
  std::erase_if(participants, [&](const auto& p) { return !keep(p.deal_id); });
  if (restricted)
    proposal.lost_organic.clear();
  std::unordered_map<std::string, std::string> loss_reason;
  for (const auto& l : proposal.lost_organic)
    loss_reason[l.parcel_id] = l.reason;

  // Farms the view may name: the participants of its deals (all farms for the whole run).
  std::set<std::string> visible_farms;
  for (const auto& deal : deals)
    visible_farms.insert(deal.farm_ids.begin(), deal.farm_ids.end());
  std::unordered_map<std::string, int> deal_of_parcel;
  std::unordered_map<std::string, std::string> receiver;
  for (const auto& t : transfers) {
    deal_of_parcel[t.parcel_id] = t.deal_id;
    receiver[t.parcel_id] = t.to_farm_id;
  }
  std::set<std::string> organic_farms;
  for (const auto& farm : region.farms) {
    if (farm.organic_status != OrganicStatus::conventional)
      organic_farms.insert(farm.farm_id);
    if (!restricted || visible_farms.contains(farm.farm_id))
      view.farm_names[farm.farm_id] = farm.name;
  }
  // Parcels: all for the whole run; for a deal, its parcels and the holdings
  // of its farms; for a party, its deals' parcels and its own holdings only
  // (partners are named, their other land is not shown).
  for (const auto& parcel : region.parcels) {
    const std::string before = parcel.user_farm_id.value_or("");
    const auto moved = receiver.find(parcel.parcel_id);
    const std::string after = moved != receiver.end() ? moved->second : before;
    const bool holding =
        options.party_id ? before == *options.party_id : visible_farms.contains(before);
    const bool in_view = !restricted || deal_of_parcel.contains(parcel.parcel_id) || holding;
    if (!in_view)
      continue;
    ParcelView p;
    p.parcel_id = parcel.parcel_id;
    // A restricted view never names a farm outside its deals.
    p.user_before = !restricted || visible_farms.contains(before) ? before : "";
    p.user_after = !restricted || visible_farms.contains(after) ? after : "";
    p.organic_before = std::string(to_string(parcel.organic_status));
    p.organic_after =
        moved == receiver.end()
            ? p.organic_before
            : (organic_farms.contains(after)
                   ? (parcel.organic_status == OrganicStatus::conventional ? "converting"
                                                                           : p.organic_before)
                   : "conventional");
    p.deal_id = deal_of_parcel.contains(parcel.parcel_id) ? deal_of_parcel[parcel.parcel_id] : 0;
    if (const auto lost = loss_reason.find(parcel.parcel_id); lost != loss_reason.end())
      p.loss_reason = lost->second;
    p.area_ha = parcel.area_ha;
    p.wkt = parcel.wkt;
    p.centroid = parcel.centroid;
    view.parcels.push_back(std::move(p));
  }
  view.deals = std::move(deals);
  view.transfers = std::move(transfers);
  view.participants = std::move(participants);
  view.lost_organic = std::move(proposal.lost_organic);

  if (options.owner_id)
    restrict_to_owner(view, *options.owner_id);
  if (options.anonymise) {
    view.anonymised = true;
    auto farm = [](std::string& id) { id = pseudonym("farm", id); };
    auto owner = [](std::string& id) { id = pseudonym("owner", id); };
    for (auto& d : view.deals) {
      std::for_each(d.farm_ids.begin(), d.farm_ids.end(), farm);
      std::for_each(d.pool_owner_ids.begin(), d.pool_owner_ids.end(), owner);
    }
    for (auto& t : view.transfers) {
      farm(t.from_farm_id);
      farm(t.to_farm_id);
      owner(t.owner_before);
      owner(t.owner_after);
    }
    for (auto& p : view.participants)
      farm(p.farm_id);
    for (auto& l : view.lost_organic)
      farm(l.farm_id);
    for (auto& p : view.parcels) {
      farm(p.user_before);
      farm(p.user_after);
    }
    std::map<std::string, std::string> names;
    for (const auto& [id, name] : view.farm_names)
      names[pseudonym("farm", id)] = pseudonym("farm", id);
    view.farm_names = std::move(names);
  }
  return view;
}

std::string deal_why(const RunView& view, const DealRecord& deal,
                     const std::unordered_map<std::string, const ParcelView*>& parcels) {
  const Language language = view.language;
  double kept_organic_ha = 0.0, converting_ha = 0.0;
  for (const auto& t : view.transfers) {
    if (t.deal_id != deal.deal_id)
      continue;
    const auto p = parcels.find(t.parcel_id);
    if (p == parcels.end())
      continue;
    if (p->second->organic_before != "conventional" && p->second->organic_after != "conventional")
      kept_organic_ha += t.area_ha;
    if (p->second->organic_before == "conventional" && p->second->organic_after == "converting")
      converting_ha += t.area_ha;
  }
  std::vector<std::string> reasons;
  if (kept_organic_ha > 0)
    reasons.push_back(say(language, "deal.why.keeps", kept_organic_ha));
  if (converting_ha > 0)
    reasons.push_back(say(language, "deal.why.converts", converting_ha));
  for (const auto& p : view.participants) {
    if (p.deal_id != deal.deal_id)
      continue;
    std::string farm =
        p.farm_id + ": " + fmt::format("{:+.1f} ha", p.area_after_ha - p.area_before_ha);
    const double travel = p.travel_after_ha_km - p.travel_before_ha_km;
    if (std::abs(travel) > 0.05)
      farm += say(language, travel < 0 ? "deal.why.travel_falls" : "deal.why.travel_rises",
                  std::abs(travel));
    if (p.blocks_after != p.blocks_before)
      farm += say(language, "deal.why.blocks", p.blocks_before, p.blocks_after);
    farm += say(language, "deal.why.gains", fmt::format("{:.0f}", p.gain_eur));
    reasons.push_back(farm);
  }
  return reasons.empty() ? "-" : join(reasons, "; ");
}

std::string deal_why(const RunView& view, const DealRecord& deal) {
  std::unordered_map<std::string, const ParcelView*> parcels;
  for (const auto& p : view.parcels)
    parcels.emplace(p.parcel_id, &p);
  return deal_why(view, deal, parcels);
}

}  // namespace landpool
