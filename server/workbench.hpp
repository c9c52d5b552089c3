#pragma once
// `landpool serve`: the negotiation workbench, a local web app over the
// database (docs/workbench.md). The HTTP server (cpp-httplib) serves the
// embedded front end and the JSON routes of server/workbench_api.hpp.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "core/messages.hpp"

namespace landpool::server {

struct ServeOptions {
  std::string db_path = "landpool.db";
  std::string bind_address = "127.0.0.1";
  int port = 8765;  ///< 0: any free port
  Language language = Language::en;
  std::filesystem::path scenario_file;  ///< of what-ifs; empty: built-in defaults
  std::string token;                    ///< empty: a random one
  std::size_t max_request_bytes = 256 * 1024;

  /// Throws UsageError for a port outside 0-65535, an empty address or a
  /// token shorter than 16 characters.
  void validate() const;
};

class Workbench {
 public:
  explicit Workbench(ServeOptions options);
  ~Workbench();
  Workbench(const Workbench&) = delete;
  Workbench& operator=(const Workbench&) = delete;

  /// Binds the address; returns the port. Throws std::runtime_error when it
  /// cannot be bound.
  int bind();
  /// Serves until stop(); call bind() first. False when serving failed.
  bool run();
  /// From any thread.
  void stop();

  const std::string& token() const;
  /// The address to open, token included.
  std::string url() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace landpool::server
