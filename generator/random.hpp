#pragma once
// Random numbers that are the same on every machine for the same seed.
// std::mt19937_64 is fully specified by the C++ standard; the standard
// distributions are not, so the few conversions needed are written here from
// plain arithmetic (no log, exp or trig, whose last bits may differ).

#include <cstdint>
#include <random>
#include <vector>

namespace landpool::generator {

class DeterministicRandom {
 public:
  explicit DeterministicRandom(std::uint64_t seed) : engine_(seed) {}

  /// Uniform in [0, 1), 53 random bits.
  double unit() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  double uniform(double low, double high) { return low + (high - low) * unit(); }
  /// Uniform integer in [low, high].
  long integer(long low, long high) {
    const auto span = static_cast<std::uint64_t>(high - low) + 1;
    return low + static_cast<long>(engine_() % span);
  }
  bool chance(double probability) { return unit() < probability; }
  /// Bell-shaped in [low, high], mean in the middle (mean of three uniforms).
  double bell(double low, double high) {
    return low + (high - low) * (unit() + unit() + unit()) / 3.0;
  }
  template <class T>
  const T& pick(const std::vector<T>& items) {
    return items[static_cast<std::size_t>(integer(0, static_cast<long>(items.size()) - 1))];
  }
  /// Index drawn with the given (non-negative) weights.
  std::size_t weighted(const std::vector<double>& weights) {
    double total = 0.0;
    for (double w : weights)
      total += w;
    double target = unit() * total;
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (target < weights[i])
        return i;
      target -= weights[i];
    }
    return weights.size() - 1;
  }
  /// Fisher–Yates shuffle with this generator.
  template <class T>
  void shuffle(std::vector<T>& items) {
    for (std::size_t i = items.size(); i > 1; --i) {
      std::swap(items[i - 1],
                items[static_cast<std::size_t>(integer(0, static_cast<long>(i) - 1))]);
    }
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace landpool::generator
