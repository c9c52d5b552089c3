#include "importers/quarter_update.hpp"

#include <algorithm>
#include <fstream>
#include <random>
#include <set>

#include "core/fingerprint.hpp"
#include "importers/csv_import.hpp"
#include "importers/csv_table.hpp"
#include "importers/region_csv_writer.hpp"

namespace landpool {
namespace {

constexpr const char* kUpdateFiles[] = {"offers.csv", "demands.csv", "leases.csv"};

/// A directory under the system's temporary directory, removed when done.
class ScratchDirectory {
 public:
  ScratchDirectory() {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() /
            ("landpool-update-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  ~ScratchDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDirectory(const ScratchDirectory&) = delete;
  ScratchDirectory& operator=(const ScratchDirectory&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// Copies `from` over `to` through streams, which retry reads and writes a
/// signal interrupted (std::filesystem::copy_file throws on EINTR). False
/// when either file fails or the copy's length differs from the file's.
bool copy_whole_file(const std::filesystem::path& from, const std::filesystem::path& to) {
  std::ifstream in(from, std::ios::binary);
  std::ofstream out(to, std::ios::binary | std::ios::trunc);
  if (!in || !out)
    return false;
  if (in.peek() != std::ifstream::traits_type::eof())
    out << in.rdbuf();
  out.close();
  std::error_code from_error, to_error;
  return static_cast<bool>(out) &&
         std::filesystem::file_size(from, from_error) == std::filesystem::file_size(to, to_error) &&
         !from_error && !to_error;
}

/// Problems found in a scratch copy, placed in the user's files (the update's
/// own files) or named as the region's current state.
void report(const Diagnostics& found, const std::filesystem::path& scratch,
            const std::filesystem::path& directory, const std::set<std::string>& update_files,
            const std::string& other_label, Diagnostics& out) {
  out.merge(found, [&](const std::string& file) {
    const std::string name = std::filesystem::path(file).filename().string();
    const bool in_scratch = file.rfind(scratch.string(), 0) == 0;
    if (!in_scratch)
      return file;
    return update_files.contains(name) ? (directory / name).string() : other_label + name;
  });
}

}  // namespace

QuarterUpdate merge_quarter_update(const Region& current, const std::filesystem::path& directory,
                                   const std::vector<ParcelGeometry>& known_geometry) {
  QuarterUpdate result;
  std::set<std::string> present;
  std::vector<std::filesystem::path> files;
  for (const char* name : kUpdateFiles) {
    if (std::filesystem::exists(directory / name)) {
      present.insert(name);
      files.push_back(directory / name);
    }
  }
  if (present.empty()) {
    result.diagnostics.error(directory.string(), 0, "-",
                             "an update needs offers.csv, demands.csv or leases.csv");
    return result;
  }
  // Before copying and hashing: a folder, or a file beyond the limit, is refused unread.
  for (const auto& file : files)
    check_csv_file(file, result.diagnostics);
  if (result.diagnostics.has_errors())
    return result;
  result.fingerprint = fingerprint_files(files);

  // Read the update against the current region: the current state with the
  // update's files in place of its own.
  ScratchDirectory with_update;
  write_region_csv(current, with_update.path());
  for (const auto& file : files) {
    if (!copy_whole_file(file, with_update.path() / file.filename())) {
      result.diagnostics.error(file.string(), 0, "-", "cannot be copied to read it");
      return result;
    }
  }
  const auto read = import_csv_directory(with_update.path(), known_geometry);
  report(read.diagnostics, with_update.path(), directory, present, "(current region) ",
         result.diagnostics);
  if (read.diagnostics.has_errors())
    return result;

  Region merged = current;
  if (present.contains("offers.csv")) {
    std::set<std::string> updated;
    for (const auto& offer : read.region.offers)
      updated.insert(offer.parcel_id);
    std::erase_if(merged.offers, [&](const Offer& o) { return updated.contains(o.parcel_id); });
    merged.offers.insert(merged.offers.end(), read.region.offers.begin(), read.region.offers.end());
    result.offers = static_cast<int>(read.region.offers.size());
  }
  if (present.contains("demands.csv")) {
    std::set<std::string> updated;
    for (const auto& demand : read.region.demands)
      updated.insert(demand.farm_id);
    std::erase_if(merged.demands, [&](const Demand& d) { return updated.contains(d.farm_id); });
    merged.demands.insert(merged.demands.end(), read.region.demands.begin(),
                          read.region.demands.end());
    result.demands = static_cast<int>(read.region.demands.size());
  }
  if (present.contains("leases.csv")) {
    for (const auto& lease : read.region.leases) {
      if (std::find(merged.leases.begin(), merged.leases.end(), lease) == merged.leases.end()) {
        merged.leases.push_back(lease);
        ++result.leases;
      }
    }
  }
  // The merged region must pass every check of a whole import.
  ScratchDirectory after;
  write_region_csv(merged, after.path());
  const auto check = import_csv_directory(after.path(), known_geometry);
  report(check.diagnostics, after.path(), directory, {}, "(region after the update) ",
         result.diagnostics);
  if (!check.diagnostics.has_errors())
    result.region = check.region;
  return result;
}

}  // namespace landpool
