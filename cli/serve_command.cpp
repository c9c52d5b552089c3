// `landpool serve`: the negotiation workbench on the loopback address.

#include <pthread.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <memory>
#include <thread>

#include "cli/exit_codes.hpp"
#include "cli/shell.hpp"
#include "core/errors.hpp"
#include "db/database.hpp"
#include "db/region_store.hpp"
#include "server/workbench.hpp"

namespace landpool::cli {
namespace {

int serve(const GlobalOptions& global, server::ServeOptions options) {
  options.db_path = global.db_path;
  {
    auto db = Database::open(options.db_path, Database::OpenMode::must_exist);
    if (!holds_region(db))
      throw UsageError(options.db_path + " holds no region yet: landpool import csv DIR");
  }
  // Ctrl-C and SIGTERM stop the server from a thread of its own: the
  // server's threads inherit the blocked signals, so only that one sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  server::Workbench workbench(options);
  workbench.bind();
  std::cout << "landpool serve: open " << workbench.url() << "\n"
            << "(the token in the address is required; Ctrl-C stops)" << std::endl;
  // The first signal stops the server, asking again until it has stopped (a
  // signal before it listens would be lost); a second one ends the process
  // at once, even during a what-if's solve.
  std::atomic<bool> finished = false, stopping = false;
  std::thread stopper([&] {
    int signal = 0;
    if (sigwait(&stop_signals, &signal) != 0 || finished)
      return;
    stopping = true;
    const timespec tick{0, 100'000'000};
    while (!finished) {
      workbench.stop();
      if (sigtimedwait(&stop_signals, nullptr, &tick) > 0 && !finished)
        std::_Exit(128 + signal);
    }
  });
  // However run() ends, the stopper is woken and joined.
  struct StopperGuard {
    std::atomic<bool>& finished;
    std::thread& stopper;
    ~StopperGuard() {
      finished = true;
      pthread_kill(stopper.native_handle(), SIGTERM);
      stopper.join();
    }
  };
  bool served = false;
  {
    StopperGuard guard{finished, stopper};
    served = workbench.run();
  }
  if (!served && !stopping)
    throw std::runtime_error("the server stopped serving");
  return exit_code::kSuccess;
}

}  // namespace

void add_serve_command(CLI::App& app, Shell& shell) {
  auto options = std::make_shared<server::ServeOptions>();
  auto* cmd = app.add_subcommand(
      "serve", "The negotiation workbench: a local web app with the map, deals and what-ifs");
  cmd->fallthrough();
  cmd->add_option("--bind", options->bind_address,
                  "Address to listen on (default 127.0.0.1: this machine only)");
  cmd->add_option("--port", options->port, "Port (default 8765; 0: any free port)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option_function<std::string>(
         "--lang",
         [options](const std::string& code) { options->language = *parse_language(code); },
         "nl or en (default en; the page can switch)")
      ->check(CLI::IsMember({"en", "nl"}));
  cmd->add_option("--scenario", options->scenario_file,
                  "Scenario of what-ifs (default: built-in defaults)")
      ->check(CLI::ExistingFile);
  shell.run_when_chosen(cmd, [&shell, options] { return serve(shell.global, *options); });
}

}  // namespace landpool::cli
