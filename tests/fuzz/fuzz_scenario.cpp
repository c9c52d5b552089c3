// Fuzzes the scenario reader (TOML through toml++, then every key's check).

#include "core/errors.hpp"
#include "importers/scenario_reader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace landpool;
  Diagnostics diagnostics;
  const auto scenario = parse_scenario(fuzz::as_text(data, size), "fuzz.toml", diagnostics);
  fuzz::require_placed_problems(diagnostics);
  if (scenario.has_value() == diagnostics.has_errors()) {
    __builtin_trap();  // a scenario comes back exactly when nothing was wrong
  }
  return 0;
}
