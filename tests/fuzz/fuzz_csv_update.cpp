// Fuzzes `landpool import csv --update`: a quarter's offers, demands and
// leases (sections split at "%%" lines, in that order) merged into the
// example region.

#include <stdexcept>

#include "core/errors.hpp"
#include "importers/csv_import.hpp"
#include "importers/csv_region_reader.hpp"
#include "importers/quarter_update.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

const landpool::Region& current_region() {
  static const landpool::Region region = [] {
    const auto folder = landpool::fuzz::fresh_scratch_folder();
    for (const auto& file : landpool::fuzz::example_region_files())
      landpool::fuzz::write_file(folder, file.name, file.content);
    landpool::CsvImport imported = landpool::import_csv_directory(folder);
    if (imported.diagnostics.has_errors())
      throw std::logic_error("the example region does not import");
    return std::move(imported.region);
  }();
  return region;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace landpool;
  const Region& current = current_region();
  const auto sections = fuzz::split_sections(fuzz::as_text(data, size));
  const auto folder = fuzz::fresh_scratch_folder();
  const char* names[] = {kOffersFile, kDemandsFile, kLeasesFile};
  for (std::size_t i = 0; i < 3 && i < sections.size(); ++i)
    fuzz::write_file(folder, names[i], sections[i]);
  try {
    const QuarterUpdate update = merge_quarter_update(current, folder);
    fuzz::require_placed_problems(update.diagnostics);
  } catch (const InputError&) {
  }
  return 0;
}
