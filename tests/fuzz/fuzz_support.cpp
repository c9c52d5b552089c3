#include "tests/fuzz/fuzz_support.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "importers/csv_region_reader.hpp"

namespace landpool::fuzz {
namespace {

std::string read_whole(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

[[noreturn]] void finding(const std::string& what) {
  std::fprintf(stderr, "fuzz finding: %s\n", what.c_str());
  std::abort();
}

}  // namespace

std::string as_text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

std::filesystem::path fresh_scratch_folder() {
  static const std::filesystem::path folder =
      std::filesystem::temp_directory_path() / ("landpool-fuzz-" + std::to_string(::getpid()));
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder);
  return folder;
}

void write_file(const std::filesystem::path& folder, const std::string& name,
                std::string_view content) {
  std::ofstream out(folder / name, std::ios::binary);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
}

std::vector<std::string> split_sections(std::string_view text) {
  std::vector<std::string> sections(1);
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    const bool last = end == std::string_view::npos;
    const std::string_view line = text.substr(start, last ? std::string_view::npos : end - start);
    if (line == "%%") {
      sections.emplace_back();
    } else {
      sections.back().append(line);
      if (!last)
        sections.back().push_back('\n');
    }
    if (last)
      break;
    start = end + 1;
  }
  return sections;
}

const std::vector<ContractFile>& example_region_files() {
  static const std::vector<ContractFile> files = [] {
    const std::filesystem::path folder =
        std::filesystem::path(LANDPOOL_SOURCE_DIR) / "examples" / "harenkarspel-mini";
    std::vector<ContractFile> read;
    for (const char* name :
         {kParcelsFile, kOwnersFile, kFarmsFile, kLeasesFile, kOffersFile, kDemandsFile}) {
      read.push_back({name, read_whole(folder / name)});
    }
    return read;
  }();
  return files;
}

void require_placed_problems(const Diagnostics& diagnostics) {
  for (const auto* problems : {&diagnostics.errors(), &diagnostics.warnings()}) {
    for (const Problem& problem : *problems) {
      if (problem.file.empty() || problem.column.empty() || problem.message.empty() ||
          problem.line < 0) {
        finding("a problem without its place: " + format_problem(problem));
      }
    }
  }
}

}  // namespace landpool::fuzz
