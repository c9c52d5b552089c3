// Fuzzes the scan's weights file (TOML through toml++, then every key's check).

#include "importers/scan_settings_reader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace landpool;
  Diagnostics diagnostics;
  const auto settings = parse_scan_settings(fuzz::as_text(data, size), "w.toml", diagnostics);
  fuzz::require_placed_problems(diagnostics);
  if (settings.has_value() == diagnostics.has_errors())
    __builtin_trap();  // settings come back exactly when nothing was wrong
  return 0;
}
