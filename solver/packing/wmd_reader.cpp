#include "solver/packing/wmd_reader.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <string_view>

#include <spdlog/fmt/fmt.h>

#include "core/errors.hpp"
#include "core/input_limits.hpp"
#include "core/text.hpp"

namespace landpool {
namespace {

struct Alternative {
  std::string number;  ///< digits
  std::string kind;    ///< Pair, Alturist (sic) or Altruist
};

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

/// "# ALTERNATIVE NAME <digits>: <kind> ...", read by hand: a regex's time
/// and stack grow with the line, which a hostile file can make long.
std::optional<Alternative> parse_alternative(std::string_view line) {
  std::size_t at = 1;  // after '#'
  const auto skip_blanks = [&] {
    while (at < line.size() && is_blank(line[at]))
      ++at;
  };
  skip_blanks();
  constexpr std::string_view kTag = "ALTERNATIVE NAME";
  if (line.substr(at, kTag.size()) != kTag)
    return std::nullopt;
  at += kTag.size();
  const std::size_t before_blanks = at;
  skip_blanks();
  if (at == before_blanks)
    return std::nullopt;
  Alternative alternative;
  while (at < line.size() && line[at] >= '0' && line[at] <= '9')
    alternative.number += line[at++];
  skip_blanks();
  if (alternative.number.empty() || at >= line.size() || line[at] != ':')
    return std::nullopt;
  ++at;
  skip_blanks();
  while (at < line.size() && !is_blank(line[at]))
    alternative.kind += line[at++];
  if (alternative.kind.empty())
    return std::nullopt;
  return alternative;
}

}  // namespace

solver::packing::PackingGraph read_wmd_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in || !std::filesystem::is_regular_file(path))
    throw InputError(fmt::format("{}: cannot open the file", path.string()));
  std::error_code size_error;
  if (const auto bytes = std::filesystem::file_size(path, size_error);
      !size_error && bytes > limits::kMaxPoolFileBytes)
    throw InputError(fmt::format("{}: the file holds {} MiB, more than the limit of {} MiB",
                                 path.string(), bytes >> 20, limits::kMaxPoolFileBytes >> 20));
  std::map<int, bool> declared;  // vertex (from 1) -> is a donor without a pair
  struct RawArc {
    int from, to;
    double weight;
    long line;
  };
  std::vector<RawArc> raw_arcs;
  std::string line;
  long line_number = 0;
  auto fail = [&](const std::string& message) {
    return InputError(fmt::format("{}:{}: {}", path.string(), line_number, message));
  };
  while (std::getline(in, line)) {
    ++line_number;
    line = std::string(trim(line));
    if (line.empty())
      continue;
    if (line.front() == '#') {
      if (const auto alternative = parse_alternative(line)) {
        int vertex = 0;
        const std::string& number = alternative->number;
        if (std::from_chars(number.data(), number.data() + number.size(), vertex).ec != std::errc())
          throw fail("alternative number " + number + " is too large");
        const std::string& kind = alternative->kind;
        if (kind != "Pair" && kind != "Alturist" && kind != "Altruist")
          throw fail(
              fmt::format("alternative {} is '{}', expected Pair or Alturist", vertex, kind));
        if (vertex < 1 || !declared.emplace(vertex, kind != "Pair").second)
          throw fail(fmt::format("alternative {} is declared twice or below 1", vertex));
      }
      continue;
    }
    RawArc arc{0, 0, 0.0, line_number};
    const char* cursor = line.data();
    const char* end = line.data() + line.size();
    auto parse_int = [&](int& value, const char* what) {
      auto [next, error] = std::from_chars(cursor, end, value);
      if (error != std::errc() || next == end || *next != ',')
        throw fail(fmt::format("expected src,dst,weight: cannot read the {} vertex", what));
      cursor = next + 1;
    };
    parse_int(arc.from, "source");
    parse_int(arc.to, "target");
    try {
      std::size_t used = 0;
      arc.weight = std::stod(std::string(cursor, end), &used);
      if (used != static_cast<std::size_t>(end - cursor) || !std::isfinite(arc.weight))
        throw std::invalid_argument("trailing text or not finite");
    } catch (const std::exception&) {
      throw fail("expected src,dst,weight: the weight is not a finite number");
    }
    if (raw_arcs.size() == limits::kMaxPoolArcs)
      throw fail(fmt::format("more than {} arcs, the limit per pool", limits::kMaxPoolArcs));
    raw_arcs.push_back(arc);
  }
  if (declared.empty())
    throw InputError(
        fmt::format("{}: no '# ALTERNATIVE NAME' lines: not a PrefLib wmd file", path.string()));
  const int vertex_count = declared.rbegin()->first;
  if (static_cast<int>(declared.size()) != vertex_count)
    throw InputError(fmt::format("{}: alternatives are not numbered 1..{} without gaps",
                                 path.string(), vertex_count));

  solver::packing::PackingGraph graph;
  graph.chain_starter.assign(static_cast<std::size_t>(vertex_count), false);
  for (const auto& [vertex, donor] : declared) {
    graph.chain_starter[vertex - 1] = donor;
    graph.labels.push_back(std::to_string(vertex));
  }
  for (const auto& arc : raw_arcs) {
    if (arc.from < 1 || arc.to < 1 || arc.from > vertex_count || arc.to > vertex_count) {
      line_number = arc.line;
      throw fail(
          fmt::format("arc {},{} names a vertex outside 1..{}", arc.from, arc.to, vertex_count));
    }
    if (arc.weight == 0.0 || graph.chain_starter[arc.to - 1])
      continue;
    graph.arcs.push_back({arc.from - 1, arc.to - 1, arc.weight});
  }
  return graph;
}

}  // namespace landpool
