#pragma once
// The workbench's front end, compiled into the binary from web/ by the
// build (cmake/embed_web_assets.cmake): the app's page, script and style and
// the map library Leaflet, at the version web/package-lock.json locks.
#include <string_view>

namespace landpool::server {

struct WebAsset {
  std::string_view url;  ///< "/index.html", "/assets/app.js", …
  std::string_view content_type;
  std::string_view body;
};

/// The asset served at `url`; nullptr when there is none.
const WebAsset* find_web_asset(std::string_view url);

}  // namespace landpool::server
