// Fuzzes one contract file at a time: the first byte picks which of the six
// (parcels, owners, farms, leases, offers, demands), the rest is its content;
// the other five are the example region's. Reads, checks and validates the
// whole directory as `landpool import csv` does.

#include "core/errors.hpp"
#include "importers/csv_import.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace landpool;
  if (size == 0)
    return 0;
  const auto& files = fuzz::example_region_files();
  const std::size_t chosen = data[0] % files.size();
  const auto folder = fuzz::fresh_scratch_folder();
  for (std::size_t i = 0; i < files.size(); ++i) {
    const std::string content = i == chosen ? fuzz::as_text(data + 1, size - 1) : files[i].content;
    fuzz::write_file(folder, files[i].name, content);
  }
  try {
    const CsvImport imported = import_csv_directory(folder);
    fuzz::require_placed_problems(imported.diagnostics);
  } catch (const InputError&) {
  }
  return 0;
}
