// Fuzzes a whole contract directory: the input's sections (split at "%%"
// lines) become parcels, owners, farms, leases, offers and demands in that
// order; files without a section are absent.

#include "core/errors.hpp"
#include "importers/csv_import.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace landpool;
  const auto sections = fuzz::split_sections(fuzz::as_text(data, size));
  const auto& files = fuzz::example_region_files();
  const auto folder = fuzz::fresh_scratch_folder();
  for (std::size_t i = 0; i < files.size() && i < sections.size(); ++i)
    fuzz::write_file(folder, files[i].name, sections[i]);
  try {
    const CsvImport imported = import_csv_directory(folder);
    fuzz::require_placed_problems(imported.diagnostics);
  } catch (const InputError&) {
  }
  return 0;
}
