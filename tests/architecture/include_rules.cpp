#include "architecture/include_rules.hpp"

#include <algorithm>
#include <fstream>
#include <functional>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace landpool::testing {
namespace {

/// The longest unit `path` (relative, with '/') starts with; "" for none.
std::string unit_of(const std::string& path, const IncludeRules& rules) {
  std::string best;
  for (const auto& [unit, allowed] : rules) {
    if (path.rfind(unit + "/", 0) == 0 && unit.size() > best.size())
      best = unit;
  }
  return best;
}

std::string joined(const std::set<std::string>& units) {
  std::string text;
  for (const auto& unit : units) {
    text += (text.empty() ? "" : " ");
    text += unit;
  }
  return text.empty() ? "nothing" : text;
}

}  // namespace

IncludeRules read_include_rules(const std::filesystem::path& markdown) {
  std::ifstream in(markdown);
  std::string line;
  bool inside = false, found = false;
  IncludeRules rules;
  while (std::getline(in, line)) {
    if (!inside && line == "```layers") {
      inside = found = true;
    } else if (inside && line.rfind("```", 0) == 0) {
      inside = false;
    } else if (inside && !line.empty()) {
      const auto colon = line.find(':');
      if (colon == std::string::npos)
        throw std::runtime_error(markdown.string() + ": a layers line without ':': " + line);
      auto& allowed = rules[line.substr(0, colon)];
      std::istringstream others(line.substr(colon + 1));
      for (std::string other; others >> other;)
        allowed.insert(other);
    }
  }
  if (!found)
    throw std::runtime_error(markdown.string() + " has no ```layers block");
  return rules;
}

std::vector<std::string> forbidden_includes(const std::filesystem::path& root,
                                            const IncludeRules& rules) {
  static const std::regex include_line(R"(^\s*#\s*include\s+"([^"]+)\")");
  std::vector<std::string> problems;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    const auto extension = entry.path().extension();
    if (!entry.is_regular_file() || (extension != ".cpp" && extension != ".hpp"))
      continue;
    const std::string file = entry.path().lexically_relative(root).generic_string();
    const std::string unit = unit_of(file, rules);
    const auto top = file.substr(0, file.find('/'));
    if (unit.empty() && rules.count(top) == 0)
      continue;  // tests/, bench/ and other folders outside the layers
    std::ifstream in(entry.path());
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
      std::smatch match;
      if (!std::regex_search(line, match, include_line))
        continue;
      const std::string target = unit_of(match[1].str(), rules);
      if (target.empty() || target == unit || rules.at(unit).count(target) > 0)
        continue;
      problems.push_back(file + ":" + std::to_string(number) + ": includes " + match[1].str() +
                         " (" + unit + " may use " + joined(rules.at(unit)) + ")");
    }
  }
  return problems;
}

std::string rule_cycle(const IncludeRules& rules) {
  std::map<std::string, int> state;  // 0 new, 1 on the path, 2 done
  std::vector<std::string> path;
  std::function<std::string(const std::string&)> visit = [&](const std::string& unit) {
    state[unit] = 1;
    path.push_back(unit);
    const auto found = rules.find(unit);
    if (found != rules.end()) {
      for (const auto& next : found->second) {
        if (state[next] == 1) {
          std::string cycle;
          for (auto it = std::find(path.begin(), path.end(), next); it != path.end(); ++it)
            cycle += *it + " -> ";
          return cycle + next;
        }
        if (state[next] == 0) {
          if (auto cycle = visit(next); !cycle.empty())
            return cycle;
        }
      }
    }
    path.pop_back();
    state[unit] = 2;
    return std::string();
  };
  for (const auto& [unit, allowed] : rules) {
    if (state[unit] == 0) {
      if (auto cycle = visit(unit); !cycle.empty())
        return cycle;
    }
  }
  return {};
}

}  // namespace landpool::testing
