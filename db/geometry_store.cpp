#include "db/geometry_store.hpp"

#include <SQLiteCpp/Statement.h>
#include <spdlog/fmt/fmt.h>

#include "db/sql_values.hpp"

namespace landpool {

using namespace landpool::sql;

void write_geometry_layer(Database& db, const std::vector<ParcelGeometry>& parcels) {
  db.require_transaction("write_geometry_layer");
  db.sql().exec("DELETE FROM parcel_geometries");
  SQLite::Statement insert(
      db.sql(), "INSERT INTO parcel_geometries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  for (const auto& p : parcels) {
    insert_row(insert, p.parcel_id, p.feature_id, p.wkt, p.area_ha, p.centroid.x_m, p.centroid.y_m,
               p.land_use, p.category, p.crop_code, p.crop_name, p.year);
  }
}

std::vector<ParcelGeometry> load_geometry_layer(Database& db) {
  std::vector<ParcelGeometry> parcels;
  SQLite::Statement query(db.sql(), "SELECT * FROM parcel_geometries ORDER BY rowid");
  while (query.executeStep()) {
    ParcelGeometry p;
    p.parcel_id = query.getColumn(0).getString();
    p.feature_id = static_cast<long>(query.getColumn(1).getInt64());
    p.wkt = query.getColumn(2).getString();
    p.area_ha = query.getColumn(3).getDouble();
    p.centroid = {query.getColumn(4).getDouble(), query.getColumn(5).getDouble()};
    if (auto use = optional_text(query.getColumn(6)))
      p.land_use = parse_enum<LandUse>(*use);
    p.category = optional_text(query.getColumn(7));
    p.crop_code = optional_text(query.getColumn(8));
    p.crop_name = optional_text(query.getColumn(9));
    p.year = optional_int(query.getColumn(10));
    parcels.push_back(std::move(p));
  }
  return parcels;
}

long geometry_layer_size(Database& db) {
  return static_cast<long>(
      db.sql().execAndGet("SELECT count(*) FROM parcel_geometries").getInt64());
}

void write_neighbours(Database& db, const std::vector<ParcelNeighbours>& pairs, double max_gap_m) {
  db.require_transaction("write_neighbours");
  db.sql().exec("DELETE FROM parcel_neighbours");
  SQLite::Statement insert(db.sql(), "INSERT INTO parcel_neighbours VALUES (?, ?, ?, ?, ?)");
  for (const auto& pair : pairs) {
    insert_row(insert, pair.parcel_a, pair.parcel_b, pair.shared_boundary_m, pair.gap_m,
               pair.estimated ? 1 : 0);
  }
  write_setting(db, "adjacency.max_gap_m", fmt::format("{}", max_gap_m));
}

std::vector<ParcelNeighbours> load_neighbours(Database& db) {
  std::vector<ParcelNeighbours> pairs;
  SQLite::Statement query(db.sql(), "SELECT * FROM parcel_neighbours ORDER BY parcel_a, parcel_b");
  while (query.executeStep()) {
    pairs.push_back({query.getColumn(0).getString(), query.getColumn(1).getString(),
                     query.getColumn(2).getDouble(), query.getColumn(3).getDouble(),
                     query.getColumn(4).getInt() != 0});
  }
  return pairs;
}

AdjacencyStats adjacency_stats(Database& db) {
  AdjacencyStats stats;
  stats.pairs = db.sql().execAndGet("SELECT count(*) FROM parcel_neighbours").getInt64();
  stats.estimated_pairs =
      db.sql().execAndGet("SELECT count(*) FROM parcel_neighbours WHERE estimated").getInt64();
  stats.parcels_with_neighbour =
      db.sql()
          .execAndGet(
              "SELECT count(*) FROM (SELECT parcel_a FROM parcel_neighbours "
              "UNION SELECT parcel_b FROM parcel_neighbours)")
          .getInt64();
  if (auto gap = read_setting(db, "adjacency.max_gap_m"))
    stats.max_gap_m = std::stod(*gap);
  return stats;
}

void write_setting(Database& db, const std::string& key, const std::string& value) {
  SQLite::Statement upsert(db.sql(),
                           "INSERT INTO settings VALUES (?, ?) "
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  insert_row(upsert, key, value);
}

std::optional<std::string> read_setting(Database& db, const std::string& key) {
  SQLite::Statement query(db.sql(), "SELECT value FROM settings WHERE key = ?");
  query.bind(1, key);
  if (!query.executeStep())
    return std::nullopt;
  return query.getColumn(0).getString();
}

}  // namespace landpool
