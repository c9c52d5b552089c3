#pragma once
// Writes a region as the CSV files of the input contract
// (docs/data-format.md), so that `landpool import csv DIR` reads it back.

#include <filesystem>
#include <string>

#include "core/region.hpp"

namespace landpool {

/// Writes owners.csv, farms.csv, parcels.csv (with wkt), leases.csv,
/// offers.csv and demands.csv into `directory` (created when missing).
/// Numbers are written with fixed precision, so equal regions give equal bytes.
void write_region_csv(const Region& region, const std::filesystem::path& directory);

}  // namespace landpool
