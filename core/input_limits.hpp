#pragma once
// Limits that keep very large or hostile input from exhausting memory or
// time (docs/data-format.md, "Limits"). Input beyond a limit is refused with
// a problem that names the file, and where it can the line and field; it is
// never read into memory whole first.

#include <cstddef>
#include <cstdint>

namespace landpool::limits {

/// One CSV contract file: parcels.csv with WKT polygons of 100,000 parcels is
/// about 150 MB; reading needs up to five times the size in memory.
inline constexpr std::uintmax_t kMaxCsvFileBytes = std::uintmax_t{512} << 20;  // 512 MiB
/// Data rows of one CSV file: the national BRP register has about 770,000 parcels.
inline constexpr std::size_t kMaxCsvRows = 2'000'000;
/// One CSV field: a WKT polygon of about 500,000 vertices.
inline constexpr std::size_t kMaxFieldBytes = std::size_t{16} << 20;  // 16 MiB
/// Vertices of one parcel's polygon, all rings together (real parcels: < 10,000).
inline constexpr int kMaxPolygonVertices = 250'000;
/// Features of one GIS layer read whole (import gis, areas).
inline constexpr long kMaxGisFeatures = 5'000'000;
/// Features of one layer a scan streams (memory stays that of one feature):
/// a guard against endless input, far above the national BRP's 770,000.
inline constexpr long kMaxScannedFeatures = 100'000'000;
/// What a zipped GIS file unpacks to, all members together.
inline constexpr std::uintmax_t kMaxUnpackedBytes = std::uintmax_t{8} << 30;  // 8 GiB
/// Problems listed per file; the rest are counted.
inline constexpr std::size_t kMaxProblemsPerFile = 1000;
/// A PrefLib pool file, and its arcs.
inline constexpr std::uintmax_t kMaxPoolFileBytes = std::uintmax_t{256} << 20;  // 256 MiB
inline constexpr std::size_t kMaxPoolArcs = 5'000'000;
/// A scenario or other settings file.
inline constexpr std::uintmax_t kMaxSettingsFileBytes = std::uintmax_t{1} << 20;  // 1 MiB

}  // namespace landpool::limits
