#pragma once
// Deal sheets: one printable page for each party at the table, in the
// view's language. A farm's sheet is written from its party view (the
// privacy rules of the exports: its own deals and holdings, partners named,
// nobody else); an owner's sheet from its owner view of one deal
// (ViewOptions::owner_id: the owner's own parcels and who receives them).

#include <filesystem>
#include <string>

#include "core/region.hpp"
#include "exporters/run_view.hpp"

namespace landpool {

/// The sheet of farm `farm_id`, from its party view, as an HTML section.
std::string farm_sheet_html(const RunView& party_view, const std::string& farm_id);

/// The sheet of pool owner `owner_id`, from its owner view of one deal it
/// brings land to (ViewOptions::owner_id and deal_id), as an HTML section;
/// `region` names the owner. Empty when the view holds none of its land.
std::string owner_sheet_html(const RunView& deal_view, const Region& region,
                             const std::string& owner_id);

/// Writes a whole printable page around sheet sections (A4, one sheet per
/// printed page) to `path`; throws std::runtime_error when it cannot.
void write_sheets_page(const std::filesystem::path& path, const std::string& title,
                       const std::string& sections, Language language);

}  // namespace landpool
