#include "importers/csv_import.hpp"

#include <cstdint>
#include <fstream>

#include <spdlog/fmt/fmt.h>

#include "importers/csv_region_reader.hpp"
#include "importers/region_validator.hpp"

namespace landpool {
namespace {

/// FNV-1a over the contract files' bytes: enough to recognise the same input
/// again, not a security measure.
std::string fingerprint_files(const std::filesystem::path& directory) {
  std::uint64_t hash = 14695981039346656037ull;
  for (const char* name :
       {kParcelsFile, kOwnersFile, kFarmsFile, kLeasesFile, kOffersFile, kDemandsFile}) {
    std::ifstream in(directory / name, std::ios::binary);
    if (!in)
      continue;
    for (char c : std::string(name))
      hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
      for (std::streamsize i = 0; i < in.gcount(); ++i) {
        hash = (hash ^ static_cast<unsigned char>(buffer[i])) * 1099511628211ull;
      }
    }
  }
  return fmt::format("fnv1a64:{:016x}", hash);
}

}  // namespace

CsvImport import_csv_directory(const std::filesystem::path& directory) {
  CsvImport result;
  if (!std::filesystem::is_directory(directory)) {
    result.diagnostics.error(directory.string(), 0, "-", "not a directory");
    return result;
  }
  auto read = read_csv_region(directory, result.diagnostics);
  validate_region(read.region, read.origins, result.diagnostics);
  result.diagnostics.sort_by_place(read.files_in_order);
  result.region = std::move(read.region);
  result.fingerprint = fingerprint_files(directory);
  return result;
}

}  // namespace landpool
