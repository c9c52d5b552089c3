#pragma once
// Errors a command maps to its documented exit codes (cli/exit_codes.hpp).

#include <stdexcept>

namespace landpool {

/// Input that cannot be used (a file, its content): exit code 3. The message
/// names the file and, where it can, the place in it.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace landpool
