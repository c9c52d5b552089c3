// Crash safety, short: every command that writes, killed with SIGKILL at
// random moments (bench/crash_trials.py, two trials per command), leaves the
// database intact and as it was before the command or after it. The long
// run and its counts are in docs/robustness.md.

#include <filesystem>

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace landpool::testing {
namespace {

TEST(CrashTrials, EveryWritingCommandKilledLeavesTheDatabaseBeforeOrAfter) {
  const std::filesystem::path python = "/usr/bin/python3";
  if (!std::filesystem::exists(python))
    GTEST_SKIP() << python << " is absent (scripts/install-deps.sh --test installs it)";
  const auto script = std::filesystem::path(LANDPOOL_SOURCE_DIR) / "bench" / "crash_trials.py";
  const auto trials = run_program(python.string(), {script.string(), "--landpool", LANDPOOL_EXE,
                                                    "--trials", "14", "--seed", "7"});
  EXPECT_EQ(trials.exit_code, 0) << trials.out << trials.err;
  EXPECT_NE(trials.err.find("14 trials"), std::string::npos) << trials.err;
  EXPECT_NE(trials.err.find(", 0 problems"), std::string::npos) << trials.out << trials.err;
}

}  // namespace
}  // namespace landpool::testing
