#include "core/fingerprint.hpp"

#include <cstdint>
#include <fstream>

#include <spdlog/fmt/fmt.h>

namespace landpool {
namespace {

constexpr std::uint64_t kFnvOffset = 14695981039346656037ull;
constexpr std::uint64_t kFnvPrime = 1099511628211ull;

void mix(std::uint64_t& hash, const char* bytes, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i) {
    hash = (hash ^ static_cast<unsigned char>(bytes[i])) * kFnvPrime;
  }
}

}  // namespace

std::string fingerprint_files(const std::vector<std::filesystem::path>& files) {
  std::uint64_t hash = kFnvOffset;
  std::vector<char> buffer(1 << 16);
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
      continue;
    const std::string name = path.filename().string();
    mix(hash, name.data(), name.size());
    while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
      mix(hash, buffer.data(), static_cast<std::size_t>(in.gcount()));
    }
  }
  return fmt::format("fnv1a64:{:016x}", hash);
}

}  // namespace landpool
