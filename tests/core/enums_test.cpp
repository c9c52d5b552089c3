#include "core/enums.hpp"

#include <gtest/gtest.h>

namespace landpool {
namespace {

TEST(Enums, EveryValueRoundTripsThroughItsSpelling) {
  for (auto kind : {OwnerKind::farmer, OwnerKind::private_person, OwnerKind::government,
                    OwnerKind::land_fund, OwnerKind::other}) {
    EXPECT_EQ(parse_enum<OwnerKind>(to_string(kind)), kind);
  }
  EXPECT_EQ(to_string(OwnerKind::private_person), "private");
  EXPECT_EQ(to_string(LeaseKind::short_term), "short");
}

TEST(Enums, ParsingIsExact) {
  EXPECT_FALSE(parse_enum<Soil>("Clay").has_value());
  EXPECT_FALSE(parse_enum<Soil>(" clay").has_value());
  EXPECT_FALSE(parse_enum<Soil>("").has_value());
}

TEST(Enums, AllowedValuesReadAsAList) {
  EXPECT_EQ(allowed_values<OrganicStatus>(), "organic, converting or conventional");
}

TEST(EnumSet, ParsesPipeJoinedValuesInAnyOrder) {
  auto parsed = parse_enum_set<OfferMode>("sale | lease");
  ASSERT_TRUE(parsed.set.has_value());
  EXPECT_TRUE(parsed.set->contains(OfferMode::lease));
  EXPECT_TRUE(parsed.set->contains(OfferMode::sale));
  EXPECT_FALSE(parsed.set->contains(OfferMode::exchange));
  EXPECT_EQ(parsed.set->to_string(), "lease|sale");
}

TEST(EnumSet, NamesTheFirstUnknownToken) {
  auto parsed = parse_enum_set<DemandMode>("lease|rent|buy");
  EXPECT_FALSE(parsed.set.has_value());
  EXPECT_EQ(parsed.bad_token, "rent");
  EXPECT_FALSE(parse_enum_set<DemandMode>("lease||buy").set.has_value());
}

TEST(EnumSet, AllHoldsEveryValue) {
  const auto all = DemandModes::all();
  EXPECT_EQ(all.to_string(), "lease|buy|exchange");
}

}  // namespace
}  // namespace landpool
