#include "importers/csv_import.hpp"

#include "core/fingerprint.hpp"
#include "importers/csv_region_reader.hpp"
#include "importers/region_validator.hpp"

namespace landpool {

CsvImport import_csv_directory(const std::filesystem::path& directory,
                               const std::vector<ParcelGeometry>& known_geometry) {
  CsvImport result;
  if (!std::filesystem::is_directory(directory)) {
    result.diagnostics.error(directory.string(), 0, "-", "not a directory");
    return result;
  }
  GeometryLookup lookup;
  for (const auto& geometry : known_geometry)
    lookup.emplace(geometry.parcel_id, &geometry);
  auto read = read_csv_region(directory, result.diagnostics, &lookup);
  validate_region(read.region, read.origins, result.diagnostics);
  result.diagnostics.sort_by_place(read.files_in_order);
  result.region = std::move(read.region);
  if (result.diagnostics.has_errors())
    return result;  // refused: no fingerprint to read the (maybe huge) files for
  std::vector<std::filesystem::path> files;
  for (const char* name :
       {kParcelsFile, kOwnersFile, kFarmsFile, kLeasesFile, kOffersFile, kDemandsFile}) {
    files.push_back(directory / name);
  }
  result.fingerprint = fingerprint_files(files);
  return result;
}

}  // namespace landpool
