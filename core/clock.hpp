#pragma once
// Wall-clock arithmetic in seconds for the solver's work limits and safety
// nets (steady clock: never jumps with the system time).

#include <chrono>

namespace landpool {

using SteadyTime = std::chrono::steady_clock::time_point;

/// Seconds since `then`.
inline double seconds_since(SteadyTime then) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - then).count();
}

/// Seconds until `deadline` (negative once it has passed).
inline double seconds_until(SteadyTime deadline) {
  return -seconds_since(deadline);
}

/// The time point `seconds` from now.
inline SteadyTime seconds_from_now(double seconds) {
  return std::chrono::steady_clock::now() +
         std::chrono::duration_cast<std::chrono::steady_clock::duration>(
             std::chrono::duration<double>(seconds));
}

}  // namespace landpool
