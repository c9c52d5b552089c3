// The packing engine on the public PrefLib kidney-exchange pools: the
// published optimum at K = 3, L = 3 for every pool of up to 256 pairs, each
// solution checked independently. Pools of 512 and 1024 pairs are in bench/.

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "solver/packing/cycle_chain_packing.hpp"
#include "solver/packing/packing_checker.hpp"
#include "solver/packing/wmd_reader.hpp"
#include "test_support.hpp"

namespace landpool::solver::packing {
namespace {

struct PublishedOptimum {
  const char* file;
  int pairs;
  int donors;
  double optimum;
};

// ../shared/data/README.md (KidneyExchange.jl, proven optimal).
constexpr PublishedOptimum kPublished[] = {
    {"00036-00000001.wmd", 16, 0, 4},     {"00036-00000011.wmd", 16, 1, 11},
    {"00036-00000015.wmd", 16, 1, 15},    {"00036-00000021.wmd", 16, 2, 10},
    {"00036-00000025.wmd", 16, 2, 8},     {"00036-00000041.wmd", 32, 1, 17},
    {"00036-00000051.wmd", 32, 3, 17},    {"00036-00000061.wmd", 32, 4, 22},
    {"00036-00000081.wmd", 64, 3, 55},    {"00036-00000091.wmd", 64, 6, 40},
    {"00036-00000100.wmd", 64, 6, 46},    {"00036-00000101.wmd", 64, 9, 47},
    {"00036-00000120.wmd", 128, 0, 83},   {"00036-00000121.wmd", 128, 6, 86},
    {"00036-00000127.wmd", 128, 6, 82},   {"00036-00000131.wmd", 128, 12, 85},
    {"00036-00000141.wmd", 128, 19, 97},  {"00036-00000160.wmd", 256, 0, 159},
    {"00036-00000161.wmd", 256, 12, 181}, {"00036-00000171.wmd", 256, 25, 175},
    {"00036-00000181.wmd", 256, 38, 182},
};

class PreflibPool : public ::testing::TestWithParam<PublishedOptimum> {};

TEST_P(PreflibPool, ReachesThePublishedOptimumAtK3L3) {
  const auto data = testing::shared_data_dir();
  if (!data)
    GTEST_SKIP() << "../shared/data is absent: the PrefLib pools are not found";
  const auto& published = GetParam();
  const auto graph = read_wmd_file(*data / "kep-preflib-00036" / published.file);
  const long donors = std::count(graph.chain_starter.begin(), graph.chain_starter.end(), true);
  EXPECT_EQ(graph.vertex_count() - donors, published.pairs);
  EXPECT_EQ(donors, published.donors);

  const PackingCaps caps{3, 3};
  auto backend = make_cbc_backend();
  const auto result = pack_cycles_and_chains(graph, caps, {}, *backend);
  ASSERT_TRUE(result.call_ok) << result.error;
  EXPECT_EQ(result.status, SolveStatus::optimal);
  EXPECT_DOUBLE_EQ(result.objective, published.optimum);
  EXPECT_DOUBLE_EQ(result.bound, published.optimum);
  const auto check = check_packing(graph, caps, result.cycles, result.chains, result.objective);
  EXPECT_TRUE(check.ok()) << check.violations.front();
  // Counted again by hand: every arc of weight 1 is one transplant.
  double arcs = 0;
  for (const auto& cycle : result.cycles)
    arcs += static_cast<double>(cycle.vertices.size());
  for (const auto& chain : result.chains)
    arcs += static_cast<double>(chain.vertices.size() - 1);
  EXPECT_DOUBLE_EQ(arcs, published.optimum);
}

INSTANTIATE_TEST_SUITE_P(UpTo256Pairs, PreflibPool, ::testing::ValuesIn(kPublished),
                         [](const auto& pool) {
                           std::string name = pool.param.file;
                           name = name.substr(0, name.find('.'));
                           std::replace(name.begin(), name.end(), '-', '_');
                           return "pool_" + name;
                         });

TEST(WmdReader, NamesFileAndLineOfABadArc) {
  testing::TempDir dir;
  const auto file = dir / "bad.wmd";
  testing::write_text(file,
                      "# ALTERNATIVE NAME 1: Pair 1\n# ALTERNATIVE NAME 2: Alturist 2\n1,2,0.0\n"
                      "2,1,1.0\n1,x,1.0\n");
  try {
    read_wmd_file(file);
    FAIL() << "accepted a bad arc";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("bad.wmd:5: "), std::string::npos) << error.what();
  }
  testing::write_text(file, "# ALTERNATIVE NAME 1: Pair 1\n1,3,1.0\n");
  EXPECT_THROW(read_wmd_file(file), InputError);
  testing::write_text(file, "1,2,1.0\n");
  EXPECT_THROW(read_wmd_file(file), InputError);
}

TEST(WmdReader, DropsZeroArcsAndArcsIntoDonors) {
  testing::TempDir dir;
  const auto file = dir / "pool.wmd";
  testing::write_text(file,
                      "# ALTERNATIVE NAME 1: Pair 1\n# ALTERNATIVE NAME 2: Pair 2\n"
                      "# ALTERNATIVE NAME 3: Alturist 3\n1,2,1.0\n2,1,1.0\n1,3,0.0\n3,1,1.0\n"
                      "2,3,1.0\n");
  const auto graph = read_wmd_file(file);
  EXPECT_EQ(graph.vertex_count(), 3);
  EXPECT_TRUE(graph.chain_starter[2]);
  EXPECT_EQ(graph.arcs.size(), 3u);
}

}  // namespace
}  // namespace landpool::solver::packing
