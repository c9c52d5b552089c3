#include "core/transfer.hpp"

namespace landpool {

const char* to_string(TransferForm form) {
  switch (form) {
    case TransferForm::lease:
      return "lease";
    case TransferForm::sale:
      return "sale";
    case TransferForm::lease_exchange:
      return "lease_exchange";
    case TransferForm::ownership_exchange:
      return "ownership_exchange";
  }
  return "lease";
}

std::optional<TransferForm> parse_transfer_form(const std::string& text) {
  for (const auto form : {TransferForm::lease, TransferForm::sale, TransferForm::lease_exchange,
                          TransferForm::ownership_exchange}) {
    if (text == to_string(form))
      return form;
  }
  return std::nullopt;
}

}  // namespace landpool
