// Fuzzes the PrefLib wmd pool reader (`landpool kep`).

#include "core/errors.hpp"
#include "solver/packing/wmd_reader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace landpool;
  const auto folder = fuzz::fresh_scratch_folder();
  fuzz::write_file(folder, "pool.wmd", fuzz::as_text(data, size));
  try {
    (void)read_wmd_file(folder / "pool.wmd");
  } catch (const InputError&) {
  }
  return 0;
}
