#pragma once
// The include rules between folders, as docs/architecture.md writes them
// down in its `layers` block, and a check of a source tree against them.

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace landpool::testing {

/// Folder (unit) -> the folders its files may include. A unit is a top-level
/// folder or a sub-folder named in the block (solver/search); a file belongs
/// to the longest unit its path starts with.
using IncludeRules = std::map<std::string, std::set<std::string>>;

/// Reads the ```layers block of `markdown`: lines "unit: other other ...".
/// Throws std::runtime_error when the block is missing.
IncludeRules read_include_rules(const std::filesystem::path& markdown);

/// One include a rule forbids, as "FILE:LINE: includes DIR (UNIT may use ...)".
/// Files of a folder no rule names are forbidden too, so a new folder must
/// be written down before it is used.
std::vector<std::string> forbidden_includes(const std::filesystem::path& root,
                                            const IncludeRules& rules);

/// A cycle among the allowed edges, as "a -> b -> a"; empty when none.
std::string rule_cycle(const IncludeRules& rules);

}  // namespace landpool::testing
