// landpool: the command-line shell. Parses arguments, calls the library and
// maps outcomes to the documented exit codes (cli/exit_codes.hpp).

#include <cstdlib>
#include <iostream>

#include <SQLiteCpp/Exception.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "cli/exit_codes.hpp"
#include "cli/shell.hpp"
#include "core/date.hpp"
#include "core/errors.hpp"
#include "db/database.hpp"

namespace {

using namespace landpool;

std::string resolve_db_path(const std::string& from_option) {
  if (!from_option.empty())
    return from_option;
  if (const char* from_env = std::getenv("LANDPOOL_DB"); from_env && *from_env)
    return from_env;
  return "landpool.db";
}

void set_up_logging(int verbosity, bool quiet) {
  // stdout carries data and summaries; every log line goes to stderr.
  auto logger = spdlog::stderr_color_mt("landpool");
  logger->set_pattern("%^%l%$: %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(quiet            ? spdlog::level::err
                    : verbosity >= 2 ? spdlog::level::trace
                    : verbosity == 1 ? spdlog::level::debug
                                     : spdlog::level::warn);
}

/// Runs a command, turning exceptions into messages and exit codes.
template <class Command>
int guarded(Command&& command, const std::string& db_path) {
  try {
    return command();
  } catch (const SQLite::Exception& error) {
    const auto fault = store_fault_of(error);
    if (!fault) {
      std::cerr << "landpool: internal error: " << error.what() << '\n';
      return exit_code::kInternalError;
    }
    std::cerr << "landpool: " << describe_store_fault(*fault, db_path, error) << '\n';
    return *fault == StoreFault::busy ? exit_code::kDatabaseBusy : exit_code::kStorageFailure;
  } catch (const DatabaseError& error) {
    std::cerr << "landpool: " << error.what() << '\n';
    const bool usage = error.kind() == DatabaseError::Kind::not_found ||
                       error.kind() == DatabaseError::Kind::cannot_open;
    return usage ? exit_code::kUsageError : exit_code::kInvalidInput;
  } catch (const InputError& error) {
    std::cerr << "landpool: " << error.what() << '\n';
    return exit_code::kInvalidInput;
  } catch (const ConcurrentChangeError& error) {
    std::cerr << "landpool: " << error.what() << '\n';
    return exit_code::kDatabaseBusy;
  } catch (const NoProposalError& error) {
    std::cerr << "landpool: " << error.what() << '\n';
    return exit_code::kNoFeasibleProposal;
  } catch (const std::invalid_argument& error) {
    std::cerr << "landpool: " << error.what() << '\n';
    return exit_code::kUsageError;
  } catch (const std::exception& error) {
    std::cerr << "landpool: internal error: " << error.what() << '\n';
    return exit_code::kInternalError;
  }
}

}  // namespace

/// Every command group, in the order `landpool --help` lists them.
constexpr void (*kCommandGroups[])(CLI::App&, cli::Shell&) = {
    cli::add_import_commands, cli::add_solve_commands,  cli::add_compare_command,
    cli::add_cycle_commands,  cli::add_export_commands, cli::add_deal_commands,
    cli::add_scan_command,    cli::add_serve_command,   cli::add_kep_command,
};

int main(int argc, char** argv) {
  CLI::App app{"landpool: land pooling and exchange proposals that keep organic land organic"};
  app.footer(exit_code::kHelpText);
  app.set_version_flag("--version", "landpool 0.1.0");
  app.require_subcommand(1);
  app.fallthrough();  // global options are accepted after the subcommand too

  std::string db_option;
  int verbosity = 0;
  bool quiet = false;
  app.add_option("--db", db_option,
                 "Database file (default: $LANDPOOL_DB, else landpool.db in this directory)");
  app.add_flag("-v,--verbose", verbosity, "More log output on stderr (-vv for all)");
  app.add_flag("-q,--quiet", quiet, "Only errors on stderr");
  int wait_s = Database::busy_timeout_s();
  app.add_option("--wait", wait_s,
                 "Seconds to wait for another landpool process writing to the database before "
                 "giving up (exit code 5)")
      ->check(CLI::Range(0, 86400));
  cli::Shell shell;
  for (auto add_commands : kCommandGroups)
    add_commands(app, shell);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    app.exit(error);
    return exit_code::kUsageError;
  }
  if (!shell.command)
    return exit_code::kUsageError;

  set_up_logging(verbosity, quiet);
  // A long solve shows its progress (incumbent, bound, gap) unless -q.
  if (shell.shows_progress && !quiet && verbosity == 0)
    spdlog::set_level(spdlog::level::info);
  Database::set_busy_timeout_s(wait_s);
  shell.global = {resolve_db_path(db_option), quiet};
  return guarded(shell.command, shell.global.db_path);
}
