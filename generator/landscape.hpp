#pragma once
// The land of a generated region: parcel polygons, either a synthetic polder
// (strips between ditches inside blocks between roads) or real parcels from a
// GIS file, with their neighbour pairs.

#include <string>
#include <vector>

#include "core/parcel_geometry.hpp"
#include "generator/random.hpp"
#include "geo/adjacency.hpp"

namespace landpool::generator {

struct Landscape {
  std::vector<ParcelGeometry> parcels;
  std::vector<geo::NeighbourPair> neighbours;  ///< indices into parcels
};

/// A synthetic polder of `parcel_count` parcels around `centre`: blocks of
/// 700–1300 m by 450–900 m between roads (10 m), cut into strips 25–140 m
/// wide separated by ditches (3 m), each strip cut into 1–3 parcels (4 m
/// between them). Polygons tile without overlap; areas fall in 0.5–10 ha.
Landscape synthetic_polder(long parcel_count, const PointRd& centre, DeterministicRandom& random);

/// Real parcels from a GIS file (through the GIS importer), in file order.
/// Throws InputError with the importer's first problem when the file cannot
/// be used, or when its parcels lie outside the Netherlands.
Landscape landscape_from_file(const std::string& file);

}  // namespace landpool::generator
