#pragma once
// Closed vocabularies of the input contract (docs/data-format.md), with their
// spelling in files and in the database. Parsing is exact and lower-case:
// a value that is not listed is an input error, never a silent default.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/text.hpp"

namespace landpool {

enum class Soil { clay, sand, peat, loam, other };
enum class LandUse { grassland, arable, horticulture, perennial, nature, other };
enum class OrganicStatus { organic, converting, conventional };
enum class OwnerKind { farmer, private_person, government, land_fund, other };
enum class Sector { dairy, arable, horticulture, mixed, other };
enum class LeaseKind { regular, short_term, other };
enum class OfferMode { lease, sale, exchange };
enum class DemandMode { lease, buy, exchange };

/// Spelling of each value, in declaration order. Specialised per enum below.
template <class Enum>
struct EnumSpelling;

#define LANDPOOL_ENUM_SPELLING(Enum, ...)                                         \
  template <>                                                                     \
  struct EnumSpelling<Enum> {                                                     \
    static constexpr auto names = std::to_array<std::string_view>({__VA_ARGS__}); \
  }

LANDPOOL_ENUM_SPELLING(Soil, "clay", "sand", "peat", "loam", "other");
LANDPOOL_ENUM_SPELLING(LandUse, "grassland", "arable", "horticulture", "perennial", "nature",
                       "other");
LANDPOOL_ENUM_SPELLING(OrganicStatus, "organic", "converting", "conventional");
LANDPOOL_ENUM_SPELLING(OwnerKind, "farmer", "private", "government", "land_fund", "other");
LANDPOOL_ENUM_SPELLING(Sector, "dairy", "arable", "horticulture", "mixed", "other");
LANDPOOL_ENUM_SPELLING(LeaseKind, "regular", "short", "other");
LANDPOOL_ENUM_SPELLING(OfferMode, "lease", "sale", "exchange");
LANDPOOL_ENUM_SPELLING(DemandMode, "lease", "buy", "exchange");
#undef LANDPOOL_ENUM_SPELLING

template <class Enum>
constexpr std::string_view to_string(Enum value) {
  return EnumSpelling<Enum>::names.at(static_cast<std::size_t>(value));
}

template <class Enum>
std::optional<Enum> parse_enum(std::string_view text) {
  const auto& names = EnumSpelling<Enum>::names;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == text)
      return static_cast<Enum>(i);
  }
  return std::nullopt;
}

/// "a, b or c": the accepted spellings, for error messages.
template <class Enum>
std::string allowed_values() {
  const auto& names = EnumSpelling<Enum>::names;
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0)
      out += (i + 1 == names.size()) ? " or " : ", ";
    out += names[i];
  }
  return out;
}

/// A set of enum values (e.g. the modes of an offer), stored as a bit mask.
template <class Enum>
class EnumSet {
 public:
  constexpr EnumSet() = default;
  static constexpr EnumSet all() {
    EnumSet set;
    set.bits_ = static_cast<std::uint32_t>((1u << EnumSpelling<Enum>::names.size()) - 1u);
    return set;
  }
  constexpr void insert(Enum value) { bits_ |= bit(value); }
  constexpr bool contains(Enum value) const { return (bits_ & bit(value)) != 0; }
  constexpr bool empty() const { return bits_ == 0; }
  friend constexpr bool operator==(EnumSet, EnumSet) = default;

  /// Values joined by '|', in declaration order: "lease|sale".
  std::string to_string() const {
    std::string out;
    const auto& names = EnumSpelling<Enum>::names;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (!contains(static_cast<Enum>(i)))
        continue;
      if (!out.empty())
        out += '|';
      out += names[i];
    }
    return out;
  }

 private:
  static constexpr std::uint32_t bit(Enum value) { return 1u << static_cast<std::uint32_t>(value); }
  std::uint32_t bits_ = 0;
};

using OfferModes = EnumSet<OfferMode>;
using DemandModes = EnumSet<DemandMode>;

/// Outcome of parsing a '|'-joined set: the set, or the first token that is
/// not a known value (empty token when the text itself is empty).
template <class Enum>
struct EnumSetParse {
  std::optional<EnumSet<Enum>> set;
  std::string bad_token;
};

/// Parses "lease|sale" (surrounding spaces of each token are ignored).
template <class Enum>
EnumSetParse<Enum> parse_enum_set(std::string_view text) {
  EnumSet<Enum> set;
  for (std::string_view token : split_trimmed(text, '|')) {
    auto value = parse_enum<Enum>(token);
    if (!value)
      return {std::nullopt, std::string(token)};
    set.insert(*value);
  }
  if (set.empty())
    return {std::nullopt, std::string()};
  return {set, std::string()};
}

}  // namespace landpool
