#pragma once
// Why an organic parcel is lost, in words for people (report, workbook),
// from a LostOrganicRecord's code and figures and the message catalogue.

#include <string>

#include "core/messages.hpp"
#include "core/run_records.hpp"

namespace landpool {

/// A short label for a reason code ("no farm in reach").
std::string loss_reason_label(const std::string& reason, Language language);

/// The record's reason as one sentence, with its figures.
std::string loss_explanation(const LostOrganicRecord& lost, Language language);

}  // namespace landpool
