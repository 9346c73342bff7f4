#include "sfu/ortc/scalability_mode.hpp"

#include <doctest/doctest.h>

using namespace weir::sfu::ortc;

TEST_CASE("scalability modes of the W3C list parse") {
  auto m = ParseScalabilityMode("L1T3");
  REQUIRE(m);
  CHECK(*m == ScalabilityMode{1, 3, false, false});
  CHECK(*ParseScalabilityMode("S3T3") == ScalabilityMode{3, 3, true, false});
  CHECK(*ParseScalabilityMode("L3T3_KEY") == ScalabilityMode{3, 3, false, true});
  CHECK(*ParseScalabilityMode("L2T2_KEY_SHIFT") == ScalabilityMode{2, 2, false, true});
  CHECK(*ParseScalabilityMode("S2T1h") == ScalabilityMode{2, 1, true, false});
  CHECK(*ParseScalabilityMode("L12T10") == ScalabilityMode{12, 10, false, false});
}

TEST_CASE("malformed scalability modes do not parse") {
  for (const char* bad : {"", "L", "L1", "L1T", "T1L1", "X1T1", "L0T1", "L1T0", "L123T1",
                          "L1T3_KEYS", "L1T3x", "l1t3", "L1T3 "}) {
    CAPTURE(bad);
    CHECK_FALSE(ParseScalabilityMode(bad).has_value());
  }
}
