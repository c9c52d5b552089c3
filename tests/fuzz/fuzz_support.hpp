#pragma once
// Shared pieces of the libFuzzer targets: a scratch folder the readers can
// take paths in, the example region's files, splitting one input into
// several files, and the reporting contract every problem must keep.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "importers/diagnostics.hpp"

namespace landpool::fuzz {

/// The fuzzer's bytes as text.
std::string as_text(const std::uint8_t* data, std::size_t size);

/// A folder of this process's own (under TMPDIR), emptied on every call.
std::filesystem::path fresh_scratch_folder();

/// Writes `content` to `folder / name`.
void write_file(const std::filesystem::path& folder, const std::string& name,
                std::string_view content);

/// The input split at lines that hold only "%%": one section per file.
std::vector<std::string> split_sections(std::string_view text);

/// The six contract files of examples/harenkarspel-mini, in the order
/// parcels, owners, farms, leases, offers, demands: names and contents.
struct ContractFile {
  std::string name;
  std::string content;
};
const std::vector<ContractFile>& example_region_files();

/// Aborts (a finding) unless every problem names its file, a column and a
/// message, the contract that lets a user find and fix it.
void require_placed_problems(const Diagnostics& diagnostics);

}  // namespace landpool::fuzz
