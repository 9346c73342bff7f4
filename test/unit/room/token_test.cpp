#include "token.hpp"

#include "doctest/doctest.h"

namespace weir::room {

TEST_CASE("token signature is the hex HMAC-SHA256 of room, peer and expiry") {
  // Computed independently: python3 hmac.new(b's3cret', b'demo\nalice\n1700000000', sha256).
  CHECK(TokenSignature("s3cret", "demo", "alice", 1700000000) ==
        "09dc892728fa7eca7df0709e1c8500638e504648a4580e3807c5975b66f5144b");
  CHECK(MakeToken("s3cret", "demo", "alice", 1700000000) ==
        "alice.1700000000.09dc892728fa7eca7df0709e1c8500638e504648a4580e3807c5975b66f5144b");
}

TEST_CASE("a valid token gives its peer id until it expires") {
  std::string token = MakeToken("s3cret", "demo", "alice", 2000);
  auto peer = VerifyToken("s3cret", "demo", token, 1999);
  REQUIRE(peer.ok());
  CHECK(*peer == "alice");
  auto expired = VerifyToken("s3cret", "demo", token, 2000);
  CHECK(expired.status().code() == absl::StatusCode::kDeadlineExceeded);
  CHECK(VerifyToken("s3cret", "demo", token, 5000).status().message() == "token has expired");
}

TEST_CASE("a token is bound to its secret, room and peer") {
  std::string token = MakeToken("s3cret", "demo", "alice", 2000);
  CHECK(VerifyToken("other", "demo", token, 1000).status().code() ==
        absl::StatusCode::kPermissionDenied);
  CHECK(VerifyToken("s3cret", "demo2", token, 1000).status().code() ==
        absl::StatusCode::kPermissionDenied);
  // Another peer id with alice's signature.
  std::string stolen = "bob" + token.substr(5);
  CHECK(VerifyToken("s3cret", "demo", stolen, 1000).status().code() ==
        absl::StatusCode::kPermissionDenied);
  // A later expiry with the old signature.
  std::string extended = "alice.3000" + token.substr(10);
  CHECK(VerifyToken("s3cret", "demo", extended, 1000).status().code() ==
        absl::StatusCode::kPermissionDenied);
  // One flipped signature digit.
  std::string flipped = token;
  flipped.back() = flipped.back() == '0' ? '1' : '0';
  CHECK(VerifyToken("s3cret", "demo", flipped, 1000).status().code() ==
        absl::StatusCode::kPermissionDenied);
}

TEST_CASE("malformed tokens are refused without a crash") {
  std::string sig(64, 'a');
  const char* bad[] = {
      "",
      "alice",
      "alice.2000",
      "alice.2000.",
      ".2000.aa",
      "alice..aaaa",
      "alice.2000.abc.def",
      "al ice.2000.aa",
      "alice.-5.aa",
      "alice.+5.aa",
      "alice.20x0.aa",
      "alice.99999999999999999999999.aa",
  };
  for (const char* token : bad) {
    CAPTURE(token);
    auto result = VerifyToken("s3cret", "demo", token, 1000);
    CHECK(result.status().code() == absl::StatusCode::kInvalidArgument);
  }
  CHECK(VerifyToken("s3cret", "demo", "alice.2000." + sig.substr(1), 1000).status().code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(VerifyToken("s3cret", "demo", "alice.2000." + sig + "a", 1000).status().code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(
      VerifyToken("s3cret", "demo", std::string(65, 'p') + ".2000." + sig, 1000).status().code() ==
      absl::StatusCode::kInvalidArgument);
  // Well formed but a wrong signature.
  CHECK(VerifyToken("s3cret", "demo", "alice.2000." + sig, 1000).status().code() ==
        absl::StatusCode::kPermissionDenied);
}

}  // namespace weir::room
