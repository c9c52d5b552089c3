#pragma once
// The parcels of a run view as GeoJSON for the workbench's map
// (`landpool serve`): RD New metres (the map draws them in a plain metric
// frame, no tiles), rounded to 0.1 m, with who uses each parcel before and
// after, its organic status and its deal. Only the view's parcels, so a
// party's map shows what its exports may show.
#include <nlohmann/json.hpp>

#include "exporters/run_view.hpp"

namespace landpool {

/// A FeatureCollection with a "bbox" [min x, min y, max x, max y]; parcels
/// without a polygon are points at their centroid.
nlohmann::json parcels_geojson(const RunView& view);

}  // namespace landpool
