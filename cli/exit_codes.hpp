#pragma once
// Process exit codes of the landpool command, documented in README.md and
// `landpool --help`. Scripts rely on them: never renumber.

namespace landpool::exit_code {

inline constexpr int kSuccess = 0;
inline constexpr int kInternalError = 1;  ///< a bug or an environment failure
inline constexpr int kUsageError = 2;     ///< bad arguments, missing --replace, no database
inline constexpr int kInvalidInput =
    3;  ///< input data (or database file) rejected; nothing changed
inline constexpr int kNoFeasibleProposal = 4;  ///< the rules admit no proposal
inline constexpr int kDatabaseBusy = 5;  ///< another process kept the write lock; nothing changed
inline constexpr int kStorageFailure =
    6;  ///< disk full, read-only or failing storage; nothing changed

inline constexpr const char* kHelpText =
    "Exit codes: 0 success, 1 internal error, 2 usage error, 3 invalid input (nothing was "
    "changed), 4 no feasible proposal, 5 database busy, 6 storage failure (disk full, read-only, "
    "I/O error; "
    "nothing was changed).";

}  // namespace landpool::exit_code
