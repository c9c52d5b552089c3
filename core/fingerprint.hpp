#pragma once
// A short fingerprint of input files, to recognise the same input again
// (stored with imports and runs). Not a security measure.

#include <filesystem>
#include <string>
#include <vector>

namespace landpool {

/// FNV-1a (64 bit) over each existing file's name and bytes, in the given
/// order; absent files are skipped. "fnv1a64:0123456789abcdef".
std::string fingerprint_files(const std::vector<std::filesystem::path>& files);

}  // namespace landpool
