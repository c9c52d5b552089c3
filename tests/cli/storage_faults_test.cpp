// A database on a full or read-only file system: a clear error, exit code 6,
// and the file as it was (docs/robustness.md). The file systems are small
// tmpfs mounts, so these tests need the right to mount (root, as in CI).

#include <sys/mount.h>

#include <cerrno>
#include <cstring>

#include <SQLiteCpp/Database.h>
#include <gtest/gtest.h>

#include "test_support.hpp"

namespace landpool::testing {
namespace {

constexpr int kStorageFailure = 6;

/// A tmpfs of `size` mounted on `folder` for the test's life.
class SmallFileSystem {
 public:
  SmallFileSystem(std::filesystem::path folder, const std::string& size)
      : folder_(std::move(folder)) {
    std::filesystem::create_directories(folder_);
    const std::string options = "size=" + size;
    if (::mount("tmpfs", folder_.c_str(), "tmpfs", 0, options.c_str()) == 0)
      mounted_ = true;
    else
      error_ = std::strerror(errno);
  }
  ~SmallFileSystem() {
    if (mounted_)
      ::umount2(folder_.c_str(), MNT_DETACH);
  }
  SmallFileSystem(const SmallFileSystem&) = delete;
  SmallFileSystem& operator=(const SmallFileSystem&) = delete;

  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }
  bool make_read_only() {
    return ::mount("tmpfs", folder_.c_str(), "tmpfs", MS_REMOUNT | MS_RDONLY, nullptr) == 0;
  }

 private:
  std::filesystem::path folder_;
  bool mounted_ = false;
  std::string error_;
};

CommandResult landpool_on(const std::filesystem::path& db, std::vector<std::string> args) {
  args.insert(args.begin(), {"--db", db.string(), "-q"});
  return run_landpool(args);
}

std::string integrity(const std::filesystem::path& db) {
  SQLite::Database connection(db.string(), SQLite::OPEN_READONLY);
  return connection.execAndGet("PRAGMA integrity_check").getString();
}

TEST(StorageFaults, AReadOnlyFileSystemServesReadersAndRefusesWritersChangingNothing) {
  TempDir dir;
  SmallFileSystem storage(dir / "mnt", "4m");
  if (!storage.mounted())
    GTEST_SKIP() << "cannot mount a tmpfs here (" << storage.error() << "): needs root";
  const auto db = dir / "mnt" / "region.db";
  ASSERT_EQ(landpool_on(db, {"import", "csv", example_region_dir().string()}).exit_code, 0);
  ASSERT_EQ(landpool_on(db, {"solve", "--time-limit", "3"}).exit_code, 0);
  ASSERT_TRUE(storage.make_read_only());
  const std::string bytes = read_bytes(db);

  EXPECT_EQ(landpool_on(db, {"status"}).exit_code, 0);
  EXPECT_EQ(
      landpool_on(db, {"export", "--format", "csv", "--out", (dir / "out").string()}).exit_code, 0);
  for (const std::vector<std::string>& writer :
       {std::vector<std::string>{"decide", "1", "accept"},
        {"import", "csv", example_region_dir().string(), "--replace"},
        {"solve", "--time-limit", "60"},
        {"advance", "--to", "2031Q1"}}) {
    const auto result = landpool_on(db, writer);
    EXPECT_EQ(result.exit_code, kStorageFailure) << writer[0] << ": " << result.err;
    EXPECT_NE(result.err.find("cannot be written"), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("nothing was changed"), std::string::npos) << result.err;
  }
  EXPECT_EQ(read_bytes(db), bytes);
}

TEST(StorageFaults, AFullDiskRefusesTheImportAndLeavesTheDatabaseAsItWas) {
  TempDir dir;
  SmallFileSystem storage(dir / "mnt", "700k");
  if (!storage.mounted())
    GTEST_SKIP() << "cannot mount a tmpfs here (" << storage.error() << "): needs root";
  const auto db = dir / "mnt" / "region.db";
  ASSERT_EQ(landpool_on(db, {"import", "csv", example_region_dir().string()}).exit_code, 0);
  const auto before = database_content(db);
  const auto bigger = dir / "bigger";
  ASSERT_EQ(run_landpool({"generate", "region", "--preset", "harenkarspel", "--parcels", "3000",
                          "--seed", "2", "--out", bigger.string(), "-q"})
                .exit_code,
            0);

  const auto result = landpool_on(db, {"import", "csv", bigger.string(), "--replace"});
  EXPECT_EQ(result.exit_code, kStorageFailure) << result.err;
  EXPECT_NE(result.err.find("the disk is full"), std::string::npos) << result.err;
  EXPECT_EQ(integrity(db), "ok");
  EXPECT_EQ(database_content(db), before);
  EXPECT_EQ(landpool_on(db, {"status"}).exit_code, 0) << "the next command works";
}

}  // namespace
}  // namespace landpool::testing
