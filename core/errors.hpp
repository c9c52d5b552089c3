#pragma once
// Errors the library raises for outcomes a user must act on; the command line
// maps each to its documented exit code (cli/exit_codes.hpp).

#include <stdexcept>

namespace landpool {

/// Input that cannot be used (a file, its content): exit code 3. The message
/// names the file and, where it can, the place in it.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A request that cannot be carried out as asked: bad arguments, or the
/// database is not in the state the request needs (exit code 2).
class UsageError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

/// Another process changed the region (an import, apply, advance or decision)
/// while a command read it and worked: nothing was stored (exit code 5).
class ConcurrentChangeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The scenario's rules admit no proposal on this region (exit code 4).
class NoProposalError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace landpool
