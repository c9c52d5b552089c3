#pragma once
// Reads a PrefLib "wmd" compatibility graph (kidney-exchange pools, data set
// 00036) into a PackingGraph. Format: "#" metadata lines, of which
// "# ALTERNATIVE NAME i: Pair i" declares a pair and "# ALTERNATIVE NAME i:
// Alturist i" (sic) a non-directed donor (a chain starter); then "src,dst,w"
// arcs numbered from 1. Arcs of weight 0 (PrefLib's pair -> donor
// placeholders) and arcs into a donor are dropped, as the format prescribes.

#include <filesystem>

#include "solver/packing/packing_graph.hpp"

namespace landpool {

/// Throws InputError naming FILE:LINE for anything it cannot read.
solver::packing::PackingGraph read_wmd_file(const std::filesystem::path& path);

}  // namespace landpool
