// RtpPacket::Parse and the fixed-header accessors and setters (RFC 3550 5.1, RFC 8285).

#include "proto/rtp/rtp_packet.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "rtp_test_bytes.hpp"

namespace weir::proto::rtp {
namespace {

using test::Hex;

std::optional<RtpPacket> ParseAll(std::vector<uint8_t>& b) {
  return RtpPacket::Parse(b, b.size());
}

std::vector<uint8_t> Ext(const std::optional<base::ByteView>& v) {
  REQUIRE(v.has_value());
  return {v->begin(), v->end()};
}

// V=2, M=1, PT=96, seq 0x1234, ts 123456, SSRC 0xdeadbeef, 4 payload bytes.
const char* const kBasic = "80 e0 12 34  00 01 e2 40  de ad be ef  01 02 03 04";

// The one-byte example of RFC 8285 4.2 (ids 1, 2, 3 with 1, 2 and 4 data bytes, two padding
// bytes between the second and third element), CC=0, then a 2-byte payload.
const char* const kRfc8285OneByte =
    "90 6f 00 01  00 00 00 02  00 00 00 03"
    "be de 00 03  10 aa 21 bb  bb 00 00 33  cc cc cc cc"
    "55 66";

// The two-byte example of RFC 8285 4.3 (id 1 empty, id 2 one byte, a padding byte, id 3 four
// bytes), then a 2-byte payload.
const char* const kRfc8285TwoByte =
    "90 6f 00 01  00 00 00 02  00 00 00 03"
    "10 00 00 03  01 00 02 01  bb 00 03 04  cc cc cc cc"
    "55 66";

TEST_CASE("RtpPacket parses the fixed header") {
  auto b = Hex(kBasic);
  auto p = ParseAll(b);
  REQUIRE(p);
  CHECK(p->version() == 2);
  CHECK_FALSE(p->has_padding());
  CHECK_FALSE(p->has_extension());
  CHECK(p->csrc_count() == 0);
  CHECK(p->marker());
  CHECK(p->payload_type() == 96);
  CHECK(p->sequence_number() == 0x1234);
  CHECK(p->timestamp() == 123456);
  CHECK(p->ssrc() == 0xdeadbeef);
  CHECK(p->header_size() == 12);
  CHECK(p->payload_size() == 4);
  CHECK(p->padding_size() == 0);
  CHECK(p->size() == 16);
  CHECK(p->capacity() == 16);
  CHECK(p->payload().data() == b.data() + 12);
  CHECK(p->data().data() == b.data());
  CHECK(p->extension_form() == ExtensionForm::kNone);
  CHECK(p->extension_profile() == 0);
  CHECK(p->extension_block().empty());
  CHECK_FALSE(p->GetExtension(1));
}

TEST_CASE("RtpPacket: header-only packet has an empty payload") {
  auto b = Hex("80 00 00 00  00 00 00 00  00 00 00 00");
  auto p = ParseAll(b);
  REQUIRE(p);
  CHECK(p->payload_size() == 0);
  CHECK_FALSE(p->marker());
  CHECK(p->payload_type() == 0);
}

TEST_CASE("RtpPacket rejects short packets, wrong versions and bad lengths") {
  auto b = Hex(kBasic);
  for (size_t n = 0; n < 12; ++n)
    CHECK_FALSE(RtpPacket::Parse(b, n));
  CHECK_FALSE(RtpPacket::Parse(b, b.size() + 1));  // Length beyond the buffer.
  for (uint8_t v : {0x00, 0x40, 0xC0}) {
    auto c = b;
    c[0] = static_cast<uint8_t>((c[0] & 0x3F) | v);
    CHECK_FALSE(ParseAll(c));
  }
  std::vector<uint8_t> huge(70000, 0);
  huge[0] = 0x80;
  CHECK_FALSE(RtpPacket::Parse(huge, huge.size()));
  CHECK(RtpPacket::Parse(huge, RtpPacket::kMaxSize));
  CHECK(RtpPacket::Parse(huge, RtpPacket::kMaxSize)->capacity() == RtpPacket::kMaxSize);
}

TEST_CASE("RtpPacket reads CSRCs and rejects a CSRC count past the end") {
  auto b = Hex("82 08 00 07  00 00 00 64  11 22 33 44  aa aa aa aa  bb bb bb bb  ff");
  auto p = ParseAll(b);
  REQUIRE(p);
  CHECK(p->csrc_count() == 2);
  CHECK(p->csrc(0) == 0xaaaaaaaa);
  CHECK(p->csrc(1) == 0xbbbbbbbb);
  CHECK(p->header_size() == 20);
  CHECK(p->payload_size() == 1);
  CHECK(p->payload()[0] == 0xff);

  // CC=2 with exactly the CSRCs and no payload is fine; one byte less is not.
  CHECK(RtpPacket::Parse(b, 20));
  CHECK_FALSE(RtpPacket::Parse(b, 19));
  // CC=15 (60 bytes of CSRCs) in a 21-byte packet.
  b[0] = 0x8F;
  CHECK_FALSE(ParseAll(b));
}

TEST_CASE("RtpPacket padding (RFC 3550 5.1)") {
  SUBCASE("valid padding is excluded from the payload") {
    auto b = Hex("a0 60 00 01  00 00 00 02  00 00 00 03  01 02 03  00 00 03");
    auto p = ParseAll(b);
    REQUIRE(p);
    CHECK(p->has_padding());
    CHECK(p->padding_size() == 3);
    CHECK(p->payload_size() == 3);
  }
  SUBCASE("padding of exactly everything after the header (a padding-only probe)") {
    auto b = Hex("a0 60 00 01  00 00 00 02  00 00 00 03  00 00 00 04");
    auto p = ParseAll(b);
    REQUIRE(p);
    CHECK(p->payload_size() == 0);
    CHECK(p->padding_size() == 4);
  }
  SUBCASE("padding count of zero is malformed") {
    auto b = Hex("a0 60 00 01  00 00 00 02  00 00 00 03  01 02 03 00");
    CHECK_FALSE(ParseAll(b));
  }
  SUBCASE("padding count larger than the bytes after the header") {
    auto b = Hex("a0 60 00 01  00 00 00 02  00 00 00 03  01 02 03 05");
    CHECK_FALSE(ParseAll(b));
    b.back() = 4;
    CHECK(ParseAll(b));
    b.back() = 0xff;
    CHECK_FALSE(ParseAll(b));
  }
  SUBCASE("P bit on a header-only packet: the count would be inside the header") {
    auto b = Hex("a0 60 00 01  00 00 00 02  00 00 00 01");
    CHECK_FALSE(ParseAll(b));
  }
  SUBCASE("padding may not reach into the extension block") {
    auto b = Hex("b0 60 00 01  00 00 00 02  00 00 00 03  be de 00 01  10 aa 00 00  00 02");
    auto p = ParseAll(b);
    REQUIRE(p);
    CHECK(p->padding_size() == 2);
    b.back() = 3;
    CHECK_FALSE(ParseAll(b));
  }
}

TEST_CASE("RFC 8285 4.2 one-byte header example") {
  auto b = Hex(kRfc8285OneByte);
  auto p = ParseAll(b);
  REQUIRE(p);
  CHECK(p->has_extension());
  CHECK(p->extension_form() == ExtensionForm::kOneByte);
  CHECK(p->extension_profile() == 0xBEDE);
  CHECK(p->extension_block().size() == 12);
  CHECK(p->header_size() == 28);
  CHECK(p->extension_count() == 3);
  CHECK(Ext(p->GetExtension(1)) == Hex("aa"));
  CHECK(Ext(p->GetExtension(2)) == Hex("bb bb"));
  CHECK(Ext(p->GetExtension(3)) == Hex("cc cc cc cc"));
  CHECK_FALSE(p->GetExtension(4));
  CHECK_FALSE(p->GetExtension(0));
  CHECK(p->HasExtension(3));
  CHECK(p->ExtensionAt(1).id == 2);
  CHECK(p->GetExtension(3)->data() == b.data() + 24);  // A view, not a copy.
  CHECK(std::vector<uint8_t>(p->payload().begin(), p->payload().end()) == Hex("55 66"));
}

TEST_CASE("RFC 8285 4.3 two-byte header example") {
  auto b = Hex(kRfc8285TwoByte);
  auto p = ParseAll(b);
  REQUIRE(p);
  CHECK(p->extension_form() == ExtensionForm::kTwoByte);
  CHECK(p->extension_profile() == 0x1000);
  CHECK(p->extension_count() == 3);
  auto e1 = p->GetExtension(1);
  REQUIRE(e1);
  CHECK(e1->empty());  // L=0 is a valid, empty element in the two-byte form.
  CHECK(Ext(p->GetExtension(2)) == Hex("bb"));
  CHECK(Ext(p->GetExtension(3)) == Hex("cc cc cc cc"));
  CHECK(p->payload_size() == 2);

  // The low 4 bits of the profile are "appbits" (RFC 8285 4.3): still the two-byte form.
  b[13] = 0x0A;
  auto q = ParseAll(b);
  REQUIRE(q);
  CHECK(q->extension_form() == ExtensionForm::kTwoByte);
  CHECK(q->extension_profile() == 0x100A);
}

TEST_CASE("RtpPacket extension block lengths that lie") {
  SUBCASE("block length past the end of the packet") {
    auto b = Hex(kRfc8285OneByte);
    b[15] = 4;  // 4 words, but only 3 words + 2 payload bytes follow.
    CHECK_FALSE(ParseAll(b));
    b[15] = 0xff;
    CHECK_FALSE(ParseAll(b));
    b[14] = 0xff;
    CHECK_FALSE(ParseAll(b));
  }
  SUBCASE("block length zero: an empty block, the rest is payload") {
    auto b = Hex(kRfc8285OneByte);
    b[15] = 0;
    auto p = ParseAll(b);
    REQUIRE(p);
    CHECK(p->extension_count() == 0);
    CHECK(p->extension_form() == ExtensionForm::kOneByte);
    CHECK(p->header_size() == 16);
    CHECK(p->payload_size() == 14);
  }
  SUBCASE("X bit set but the block header does not fit") {
    auto b = Hex("90 60 00 01  00 00 00 02  00 00 00 03  be de 00");
    CHECK_FALSE(ParseAll(b));
    b.pop_back();
    CHECK_FALSE(ParseAll(b));
    auto c = Hex("90 60 00 01  00 00 00 02  00 00 00 03");
    CHECK_FALSE(ParseAll(c));
  }
  SUBCASE("one-byte element longer than the block") {
    // id 1 says 4 bytes (L=3) but the block has 3 bytes after it.
    auto b = Hex("90 60 00 01  00 00 00 02  00 00 00 03  be de 00 01  13 aa bb cc  55");
    CHECK_FALSE(ParseAll(b));
    b[16] = 0x12;  // 3 bytes: fits exactly.
    auto p = ParseAll(b);
    REQUIRE(p);
    CHECK(Ext(p->GetExtension(1)) == Hex("aa bb cc"));
  }
  SUBCASE("one-byte element header in the last byte, its data beyond the block") {
    auto b = Hex("90 60 00 01  00 00 00 02  00 00 00 03  be de 00 01  00 00 00 10  55");
    CHECK_FALSE(ParseAll(b));
  }
  SUBCASE("two-byte element length past the block") {
    auto b = Hex(kRfc8285TwoByte);
    b[23] = 5;  // id 3 claims 5 bytes, 4 remain.
    CHECK_FALSE(ParseAll(b));
    b[23] = 0xff;
    CHECK_FALSE(ParseAll(b));
  }
  SUBCASE("two-byte element header cut by the end of the block") {
    auto b = Hex("90 60 00 01  00 00 00 02  00 00 00 03  10 00 00 01  00 00 00 05  55");
    CHECK_FALSE(ParseAll(b));
  }
}

TEST_CASE("RtpPacket one-byte form: padding, id 15 and id 0") {
  SUBCASE("padding bytes before, between and after elements are skipped") {
    auto b =
        Hex("90 60 00 01  00 00 00 02  00 00 00 03  be de 00 02  00 10 aa 00  00 21 bb bb  55");
    auto p = ParseAll(b);
    REQUIRE(p);
    CHECK(p->extension_count() == 2);
    CHECK(Ext(p->GetExtension(1)) == Hex("aa"));
    CHECK(Ext(p->GetExtension(2)) == Hex("bb bb"));
  }
  SUBCASE("id 15 ends processing; its length is ignored (RFC 8285 4.2)") {
    auto b =
        Hex("90 60 00 01  00 00 00 02  00 00 00 03  be de 00 02  10 aa ff 21  bb bb 00 00  55");
    auto p = ParseAll(b);
    REQUIRE(p);
    CHECK(p->extension_count() == 1);
    CHECK(Ext(p->GetExtension(1)) == Hex("aa"));
    CHECK_FALSE(p->GetExtension(2));
    CHECK(p->payload_size() == 1);
  }
  SUBCASE("id 0 with a non-zero length ends processing too") {
    auto b =
        Hex("90 60 00 01  00 00 00 02  00 00 00 03  be de 00 02  10 aa 03 21  bb bb 00 00  55");
    auto p = ParseAll(b);
    REQUIRE(p);
    CHECK(p->extension_count() == 1);
  }
  SUBCASE("a block of only padding") {
    auto b = Hex("90 60 00 01  00 00 00 02  00 00 00 03  be de 00 01  00 00 00 00");
    auto p = ParseAll(b);
    REQUIRE(p);
    CHECK(p->extension_count() == 0);
    CHECK(p->payload_size() == 0);
  }
}

TEST_CASE("RtpPacket: repeated ids, too many ids, foreign profiles") {
  SUBCASE("a repeated id keeps the first element") {
    auto b = Hex("90 60 00 01  00 00 00 02  00 00 00 03  be de 00 01  10 aa 10 bb");
    auto p = ParseAll(b);
    REQUIRE(p);
    CHECK(p->extension_count() == 1);
    CHECK(Ext(p->GetExtension(1)) == Hex("aa"));
  }
  auto many = [](size_t count) {
    auto b = Hex("90 60 00 01  00 00 00 02  00 00 00 03  10 00 00 00");
    for (size_t i = 0; i < count; ++i) {
      b.push_back(static_cast<uint8_t>(i + 1));
      b.push_back(2);
      b.push_back(0xab);
      b.push_back(static_cast<uint8_t>(i));
    }
    b[15] = static_cast<uint8_t>(count);
    return b;
  };
  SUBCASE("16 distinct ids fit the index") {
    auto b = many(16);
    auto p = ParseAll(b);
    REQUIRE(p);
    CHECK(p->extension_count() == 16);
    CHECK(Ext(p->GetExtension(16)) == Hex("ab 0f"));
  }
  SUBCASE("17 distinct ids are rejected") {
    auto b = many(17);
    CHECK_FALSE(ParseAll(b));
  }
  SUBCASE("an unknown profile is kept as an opaque block") {
    auto b = Hex("90 60 00 01  00 00 00 02  00 00 00 03  12 34 00 01  10 aa bb cc  55");
    auto p = ParseAll(b);
    REQUIRE(p);
    CHECK(p->extension_form() == ExtensionForm::kOther);
    CHECK(p->extension_profile() == 0x1234);
    CHECK(p->extension_count() == 0);
    CHECK_FALSE(p->GetExtension(1));
    CHECK(p->extension_block().size() == 4);
    CHECK(p->payload_size() == 1);
    CHECK_FALSE(p->SetExtension(1, Hex("aa")));
    CHECK_FALSE(p->RemoveExtension(1));
  }
}

TEST_CASE("RtpPacket setters rewrite only their own bits") {
  auto b = Hex(kRfc8285OneByte);
  const auto original = b;
  auto p = ParseAll(b);
  REQUIRE(p);
  p->SetSsrc(0x01020304);
  p->SetSequenceNumber(0xfffe);
  p->SetTimestamp(0xcafebabe);
  p->SetPayloadType(111);
  p->SetMarker(true);
  CHECK(p->ssrc() == 0x01020304);
  CHECK(p->sequence_number() == 0xfffe);
  CHECK(p->timestamp() == 0xcafebabe);
  CHECK(p->payload_type() == 111);
  CHECK(p->marker());
  auto expected = original;
  expected[1] = 0x80 | 111;
  expected[2] = 0xff, expected[3] = 0xfe;
  expected[4] = 0xca, expected[5] = 0xfe, expected[6] = 0xba, expected[7] = 0xbe;
  expected[8] = 0x01, expected[9] = 0x02, expected[10] = 0x03, expected[11] = 0x04;
  CHECK(b == expected);

  p->SetMarker(false);
  CHECK_FALSE(p->marker());
  CHECK(p->payload_type() == 111);
  p->SetPayloadType(0xff);  // Only 7 bits exist; the marker is untouched.
  CHECK(p->payload_type() == 0x7f);
  CHECK_FALSE(p->marker());
  CHECK(b[0] == original[0]);

  // Restore, as the forwarding path does after sending to one consumer.
  p->SetSsrc(3);
  p->SetSequenceNumber(1);
  p->SetTimestamp(2);
  p->SetPayloadType(0x6f);
  CHECK(b == original);
}

// Every prefix of a valid packet is either rejected or parsed into something consistent, and
// nothing reads past the prefix (the buffer is exactly the prefix; ASan checks).
void CheckTruncations(const std::vector<uint8_t>& full) {
  for (size_t n = 0; n <= full.size(); ++n) {
    std::vector<uint8_t> prefix(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
    auto p = RtpPacket::Parse(prefix, prefix.size());
    if (n == full.size()) REQUIRE(p);
    if (!p) continue;
    CAPTURE(n);
    CHECK(p->size() == n);
    CHECK(p->header_size() + p->payload_size() + p->padding_size() == n);
    for (size_t i = 0; i < p->extension_count(); ++i) {
      auto e = p->ExtensionAt(i);
      CHECK(e.value.data() >= prefix.data());
      CHECK(e.value.data() + e.value.size() <= prefix.data() + p->header_size());
    }
  }
}

TEST_CASE("RtpPacket: truncation at every offset") {
  SUBCASE("one-byte extensions, CSRC, padding") {
    auto full = Hex(
        "b1 60 00 01  00 00 00 02  00 00 00 03  00 00 00 04  be de 00 03  10 aa 21 bb  bb 00 00 33"
        "cc cc cc cc  55 66 00 03");
    CheckTruncations(full);
    // With the P bit set and a count byte of 3, only the full packet and a few prefixes whose
    // last byte happens to be a valid count parse; the header itself must always be complete.
    for (size_t n = 0; n < 36; ++n) {
      std::vector<uint8_t> prefix(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
      CHECK_FALSE(RtpPacket::Parse(prefix, n));
    }
  }
  SUBCASE("two-byte extensions") {
    CheckTruncations(Hex(kRfc8285TwoByte));
  }
  SUBCASE("no extension") {
    CheckTruncations(Hex(kBasic));
  }
}

TEST_CASE("RtpPacket payload and padding editing") {
  auto b = test::WithCapacity(Hex(kRfc8285OneByte), 300);
  auto p = RtpPacket::Parse(b, 30);
  REQUIRE(p);
  CHECK(p->capacity() == 330);

  REQUIRE(p->SetPadding(4));
  CHECK(p->has_padding());
  CHECK(p->size() == 34);
  CHECK(p->payload_size() == 2);
  CHECK(std::vector<uint8_t>(b.begin() + 30, b.begin() + 34) == Hex("00 00 00 04"));
  auto again = RtpPacket::Parse(b, 34);
  REQUIRE(again);
  CHECK(again->padding_size() == 4);

  REQUIRE(p->SetPadding(0));
  CHECK_FALSE(p->has_padding());
  CHECK(p->size() == 30);
  CHECK_FALSE(p->SetPadding(256));
  CHECK_FALSE(p->SetPadding(301));

  REQUIRE(p->SetPayloadSize(10));
  CHECK(p->size() == 38);
  CHECK(p->payload()[0] == 0x55);
  CHECK(p->payload()[1] == 0x66);
  CHECK(p->SetPayloadSize(302));
  CHECK_FALSE(p->SetPayloadSize(303));
  CHECK(p->size() == 28 + 302);

  // SetPayloadSize drops padding.
  REQUIRE(p->SetPayloadSize(2));
  REQUIRE(p->SetPadding(2));
  REQUIRE(p->SetPayloadSize(2));
  CHECK_FALSE(p->has_padding());
  CHECK(p->size() == 30);
}

TEST_CASE("RtpPacket ExpandPayloadFront / TrimPayloadFront keep padding at the end") {
  auto bytes = Hex("a0 60 00 01  00 00 00 02  00 00 00 03  01 02 03  00 00 03");
  auto b = test::WithCapacity(bytes, 2);
  auto p = RtpPacket::Parse(b, bytes.size());
  REQUIRE(p);
  REQUIRE(p->ExpandPayloadFront(2));
  CHECK(p->payload_size() == 5);
  CHECK(p->padding_size() == 3);
  CHECK(b[b.size() - 1] == 3);
  CHECK(p->payload()[2] == 1);
  CHECK_FALSE(p->ExpandPayloadFront(1));  // Capacity reached.
  REQUIRE(p->TrimPayloadFront(2));
  CHECK(std::equal(b.begin(), b.begin() + 18, bytes.begin()));
  CHECK_FALSE(p->TrimPayloadFront(4));
  REQUIRE(p->TrimPayloadFront(3));
  CHECK(p->payload_size() == 0);
  CHECK(p->padding_size() == 3);
  CHECK(RtpPacket::Parse(b, p->size()));
}

}  // namespace
}  // namespace weir::proto::rtp
