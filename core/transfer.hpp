#pragma once
// Transfers by id, as a file, a run or the negotiation cycle carries them,
// and what earlier quarters fix or forbid. Plain data shared by the solver,
// the database and the workflows.

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace landpool {

/// How a parcel changes user: lease of pool land, purchase of pool land,
/// exchange of use between farms (ownership unchanged), or exchange of
/// ownership between farms (a farm's own parcel to a farm that wants to own
/// land; the deal decides whether it is a kavelruil or a taxed sale).
enum class TransferForm { lease, sale, lease_exchange, ownership_exchange };
const char* to_string(TransferForm form);
std::optional<TransferForm> parse_transfer_form(const std::string& text);

/// One parcel to one farm, by id, as a file or a run carries it.
struct ProposedTransfer {
  std::string parcel_id;
  std::string to_farm_id;
  TransferForm form = TransferForm::lease;
};

/// What earlier quarters fix or forbid (docs/workflow.md): held deals are
/// proposed again as they are (their parcels and farms take part in nothing
/// else), a refused deal is never proposed again with all of its transfers,
/// refused partners are not paired again (unless the scenario allows it), and
/// the last run's open proposal earns a stability bonus per transfer kept.
struct CarryOver {
  std::vector<ProposedTransfer> held;
  std::vector<std::vector<ProposedTransfer>> refused_deals;
  /// (farm id, the partner it refused: a farm id or a pool owner's id).
  std::vector<std::pair<std::string, std::string>> refused_partners;
  std::vector<ProposedTransfer> previous;
  bool empty() const {
    return held.empty() && refused_deals.empty() && refused_partners.empty() && previous.empty();
  }
};

}  // namespace landpool
