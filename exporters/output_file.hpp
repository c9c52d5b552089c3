#pragma once
// A text file the exporters write: its folder created, the file replaced,
// and a failure to open or to finish writing it an error naming the path.

#include <filesystem>
#include <fstream>

namespace landpool {

/// Opens `path` for writing (binary), creating its folder; throws
/// std::runtime_error naming the path when it cannot.
std::ofstream open_output(const std::filesystem::path& path);

/// Closes `out`; throws std::runtime_error naming `path` when writing failed.
void finish_output(std::ofstream& out, const std::filesystem::path& path);

}  // namespace landpool
