#pragma once
// What one export of a run may show: the whole run, one deal, or what one
// party may see (its own deals: their transfers, parcels and participants,
// nothing of farms outside them), optionally with people's names and ids
// replaced by stable pseudonyms. Every export format and the report are
// written from a RunView, so the privacy rules live in one place.

#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/messages.hpp"
#include "core/region.hpp"
#include "core/run_records.hpp"
#include "db/cycle_store.hpp"
#include "db/run_store.hpp"

namespace landpool {

struct ViewOptions {
  std::optional<int> deal_id;
  std::optional<std::string> party_id;  ///< a farm id
  /// A pool owner: its own pool land's transfers, those parcels, their deals
  /// and the farms receiving them; no farm's gains or holdings, no key figures.
  std::optional<std::string> owner_id;
  bool anonymise = false;
  /// Of everything a person reads in the export; empty: English (the
  /// workflow fills in the run's scenario's [report] language).
  std::optional<Language> language;
};

/// One parcel as the map shows it, before and after the run.
struct ParcelView {
  std::string parcel_id;
  std::string user_before, user_after;  ///< farm ids (pseudonyms when anonymised), may be empty
  std::string organic_before, organic_after;  ///< organic, converting or conventional
  int deal_id = 0;                            ///< 0 when it does not move
  std::string loss_reason;  ///< at-risk organic land the run lets revert: why (else empty)
  double area_ha = 0.0;
  std::optional<std::string> wkt;  ///< RD New polygon
  PointRd centroid;
};

struct RunView {
  RunRecord run;
  std::string scope;  ///< "whole run", "deal 3", "party F07"
  bool anonymised = false;
  Language language = Language::en;
  nlohmann::json kpis;
  std::vector<DealRecord> deals;
  std::vector<TransferRecord> transfers;
  std::vector<ParticipantRecord> participants;
  /// Why each at-risk organic parcel is lost: the whole run's view only (it
  /// names farms outside any deal).
  std::vector<LostOrganicRecord> lost_organic;
  std::vector<ParcelView> parcels;                ///< the parcels the view may show
  std::map<std::string, std::string> farm_names;  ///< id -> name, for farms in the view
  /// The region's quarters (whole-run reports only; the report's "Quarters").
  std::vector<QuarterSummary> quarters;
};

/// Throws std::invalid_argument when the deal or party is not in the run, or
/// when both a party and an owner are asked for.
RunView make_run_view(const RunRecord& run, ProposalRecord proposal, const Region& region,
                      const ViewOptions& options);

/// Why a deal is proposed, in plain words from the numbers behind it, in the
/// view's language ("-" when nothing speaks for it); `parcels` indexes
/// view.parcels by id.
std::string deal_why(const RunView& view, const DealRecord& deal,
                     const std::unordered_map<std::string, const ParcelView*>& parcels);
std::string deal_why(const RunView& view, const DealRecord& deal);

/// A stable pseudonym for a person's or farm's id: the same id always gives
/// the same pseudonym ("farm-3fa2c1"), different ids different ones in practice.
std::string pseudonym(const std::string& kind, const std::string& id);

}  // namespace landpool
