#include "exporters/output_file.hpp"

#include <stdexcept>

namespace landpool {

std::ofstream open_output(const std::filesystem::path& path) {
  if (path.has_parent_path())
    std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  if (!out)
    throw std::runtime_error(path.string() + ": cannot be written");
  return out;
}

void finish_output(std::ofstream& out, const std::filesystem::path& path) {
  out.close();
  if (!out)
    throw std::runtime_error(path.string() + ": write failed");
}

}  // namespace landpool
