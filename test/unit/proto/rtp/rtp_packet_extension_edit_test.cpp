// RtpPacket::SetExtension / RemoveExtension: in place, resizing the block within the capacity,
// switching to the two-byte form (RFC 8285 4.2, 4.3), and keeping payload and padding intact.

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <vector>

#include "proto/rtp/rtp_packet.hpp"
#include "rtp_test_bytes.hpp"

namespace weir::proto::rtp {
namespace {

using test::Hex;

std::vector<uint8_t> Vec(base::ByteView v) {
  return {v.begin(), v.end()};
}
std::vector<uint8_t> Ext(const RtpPacket& p, uint8_t id) {
  auto v = p.GetExtension(id);
  REQUIRE(v.has_value());
  return Vec(*v);
}

// The packet must still parse from its own bytes and agree with the index the edits kept.
void CheckReparse(const RtpPacket& p) {
  std::vector<uint8_t> copy(p.data().begin(), p.data().end());
  auto q = RtpPacket::Parse(copy, copy.size());
  REQUIRE(q);
  CHECK(q->header_size() == p.header_size());
  CHECK(q->payload_size() == p.payload_size());
  CHECK(q->padding_size() == p.padding_size());
  CHECK(q->extension_form() == p.extension_form());
  REQUIRE(q->extension_count() == p.extension_count());
  for (size_t i = 0; i < p.extension_count(); ++i) {
    CHECK(q->ExtensionAt(i).id == p.ExtensionAt(i).id);
    CHECK(Vec(q->ExtensionAt(i).value) == Vec(p.ExtensionAt(i).value));
  }
}

// CC=1, one-byte block with ids 1 (1 byte), 2 (2 bytes), 3 (4 bytes), RFC 8285's padding
// between 2 and 3, an 8-byte payload and 4 bytes of RTP padding.
const char* const kPacket =
    "b1 60 00 01  00 00 00 02  00 00 00 03  00 00 00 04"
    "be de 00 03  10 aa 21 bb  bb 00 00 33  cc cc cc cc"
    "01 02 03 04  05 06 07 08  00 00 00 04";
const std::vector<uint8_t> kPayload = Hex("01 02 03 04 05 06 07 08");

struct Fixture {
  explicit Fixture(size_t spare = 64)
      : bytes(test::WithCapacity(Hex(kPacket), spare)),
        packet(*RtpPacket::Parse(bytes, Hex(kPacket).size())) {}
  std::vector<uint8_t> bytes;
  RtpPacket packet;
  void CheckPayloadIntact() {
    CHECK(Vec(packet.payload()) == kPayload);
    CHECK(packet.padding_size() == 4);
    CHECK(packet.data().back() == 4);
    CheckReparse(packet);
  }
};

TEST_CASE("SetExtension with a value of the same size writes in place") {
  Fixture f;
  const auto before = f.bytes;
  REQUIRE(f.packet.SetExtension(3, Hex("11 22 33 44")));
  CHECK(Ext(f.packet, 3) == Hex("11 22 33 44"));
  auto expected = before;
  auto value = Hex("11 22 33 44");
  std::copy_n(value.begin(), 4, expected.begin() + 28);
  CHECK(f.bytes == expected);
  CHECK(f.packet.header_size() == 32);
}

TEST_CASE("SetExtension with a shorter value writes in place and pads the rest") {
  Fixture f;
  REQUIRE(f.packet.SetExtension(3, Hex("99")));
  CHECK(f.packet.header_size() == 32);  // Nothing moved.
  CHECK(Ext(f.packet, 3) == Hex("99"));
  // The element header now says L=0 and the freed bytes are padding (0).
  CHECK(Vec(f.packet.extension_block()) == Hex("10 aa 21 bb  bb 00 00 30  99 00 00 00"));
  f.CheckPayloadIntact();
  CHECK(Ext(f.packet, 1) == Hex("aa"));
  CHECK(Ext(f.packet, 2) == Hex("bb bb"));
}

TEST_CASE("SetExtension growing an element rebuilds the block in place") {
  Fixture f;
  REQUIRE(f.packet.SetExtension(1, Hex("a1 a2 a3 a4 a5 a6")));
  CHECK(f.packet.extension_form() == ExtensionForm::kOneByte);
  // 1+6, 1+2, 1+4 = 15 bytes -> 16 with one byte of padding; the RFC's inner padding is gone.
  CHECK(Vec(f.packet.extension_block()) ==
        Hex("15 a1 a2 a3  a4 a5 a6 21  bb bb 33 cc  cc cc cc 00"));
  CHECK(f.packet.header_size() == 36);
  CHECK(f.packet.size() == 36 + 8 + 4);
  CHECK(f.bytes[0] == 0xb1);
  f.CheckPayloadIntact();
}

TEST_CASE("SetExtension adds a new element at the end of the block") {
  Fixture f;
  REQUIRE(f.packet.SetExtension(7, Hex("77 77 77")));
  CHECK(Vec(f.packet.extension_block()) ==
        Hex("10 aa 21 bb  bb 33 cc cc  cc cc 72 77  77 77 00 00"));
  CHECK(Ext(f.packet, 7) == Hex("77 77 77"));
  f.CheckPayloadIntact();
}

TEST_CASE("SetExtension switches to the two-byte form when one-byte cannot say it") {
  SUBCASE("value longer than 16 bytes") {
    Fixture f;
    std::vector<uint8_t> big(17, 0x5a);
    REQUIRE(f.packet.SetExtension(2, big));
    CHECK(f.packet.extension_form() == ExtensionForm::kTwoByte);
    CHECK(f.packet.extension_profile() == 0x1000);
    CHECK(Ext(f.packet, 2) == big);
    CHECK(Ext(f.packet, 1) == Hex("aa"));
    CHECK(Ext(f.packet, 3) == Hex("cc cc cc cc"));
    // 2+1, 2+17, 2+4 = 28 bytes.
    CHECK(f.packet.extension_block().size() == 28);
    CHECK(f.packet.extension_block()[0] == 1);
    CHECK(f.packet.extension_block()[1] == 1);
    f.CheckPayloadIntact();
  }
  SUBCASE("id above 14") {
    Fixture f;
    REQUIRE(f.packet.SetExtension(200, Hex("c8")));
    CHECK(f.packet.extension_form() == ExtensionForm::kTwoByte);
    CHECK(Vec(f.packet.extension_block()) ==
          Hex("01 01 aa 02  02 bb bb 03  04 cc cc cc  cc c8 01 c8"));
    f.CheckPayloadIntact();
  }
  SUBCASE("empty value") {
    Fixture f;
    REQUIRE(f.packet.SetExtension(1, {}));
    CHECK(f.packet.extension_form() == ExtensionForm::kTwoByte);
    auto e = f.packet.GetExtension(1);
    REQUIRE(e);
    CHECK(e->empty());
    f.CheckPayloadIntact();
  }
  SUBCASE("exactly 16 bytes still fits the one-byte form") {
    Fixture f;
    std::vector<uint8_t> v(16, 0x16);
    REQUIRE(f.packet.SetExtension(14, v));
    CHECK(f.packet.extension_form() == ExtensionForm::kOneByte);
    CHECK(Ext(f.packet, 14) == v);
    f.CheckPayloadIntact();
  }
}

TEST_CASE("SetExtension keeps the two-byte form and its appbits") {
  auto bytes = test::WithCapacity(Hex("90 60 00 01  00 00 00 02  00 00 00 03  10 05 00 01"
                                      "01 01 aa 00  ee"),
                                  32);
  auto p = RtpPacket::Parse(bytes, 21);
  REQUIRE(p);
  REQUIRE(p->SetExtension(2, Hex("bb bb bb")));
  CHECK(p->extension_profile() == 0x1005);
  CHECK(p->extension_form() == ExtensionForm::kTwoByte);
  CHECK(Vec(p->extension_block()) == Hex("01 01 aa 02  03 bb bb bb"));
  CHECK(Vec(p->payload()) == Hex("ee"));
}

TEST_CASE("SetExtension adds a block to a packet without one") {
  auto bytes = test::WithCapacity(Hex("a1 60 00 01  00 00 00 02  00 00 00 03  00 00 00 04"
                                      "0a 0b 0c  00 02"),
                                  16);
  auto p = RtpPacket::Parse(bytes, 21);
  REQUIRE(p);
  REQUIRE(p->SetExtension(5, Hex("01 02")));
  CHECK(p->has_extension());
  CHECK(bytes[0] == 0xb1);
  CHECK(p->header_size() == 24);
  CHECK(p->extension_profile() == 0xBEDE);
  CHECK(std::vector<uint8_t>(bytes.begin() + 16, bytes.begin() + 24) ==
        Hex("be de 00 01  51 01 02 00"));
  CHECK(Vec(p->payload()) == Hex("0a 0b 0c"));
  CHECK(p->padding_size() == 2);
  CheckReparse(*p);

  SUBCASE("and removing the only element drops the block again") {
    REQUIRE(p->RemoveExtension(5));
    CHECK_FALSE(p->has_extension());
    CHECK(p->extension_form() == ExtensionForm::kNone);
    CHECK(p->size() == 21);
    CHECK(std::vector<uint8_t>(bytes.begin(), bytes.begin() + 21) ==
          Hex("a1 60 00 01  00 00 00 02  00 00 00 03  00 00 00 04  0a 0b 0c  00 02"));
  }
}

TEST_CASE("SetExtension returns false and leaves the packet alone when out of capacity") {
  Fixture f(/*spare=*/3);
  const auto before = f.bytes;
  CHECK_FALSE(f.packet.SetExtension(9, Hex("01 02 03 04 05 06 07 08")));
  CHECK(f.bytes == before);
  CHECK_FALSE(f.packet.GetExtension(9));
  // Growing element 1 by 2 bytes uses the 2 padding bytes inside the block: no capacity needed.
  REQUIRE(f.packet.SetExtension(1, Hex("a1 a2 a3")));
  CHECK(f.packet.header_size() == 32);
  f.CheckPayloadIntact();
  // Growing the block by one word needs 4 spare bytes; there are 3.
  const auto now = f.bytes;
  CHECK_FALSE(f.packet.SetExtension(4, Hex("01 02 03 04")));
  CHECK(f.bytes == now);
}

TEST_CASE("SetExtension rejects invalid ids and sizes") {
  Fixture f;
  const auto before = f.bytes;
  CHECK_FALSE(f.packet.SetExtension(0, Hex("01")));
  std::vector<uint8_t> tooBig(256, 1);
  CHECK_FALSE(f.packet.SetExtension(4, tooBig));
  CHECK(f.bytes == before);
}

TEST_CASE("SetExtension refuses a 17th element") {
  std::vector<uint8_t> bytes(1500, 0);
  bytes[0] = 0x80;
  auto p = RtpPacket::Parse(bytes, 12);
  REQUIRE(p);
  for (uint8_t id = 1; id <= 16; ++id)
    REQUIRE(p->SetExtension(id, Hex("01")));
  CHECK(p->extension_count() == 16);
  CHECK(p->extension_form() == ExtensionForm::kTwoByte);  // id 15 and 16 forced it.
  CHECK_FALSE(p->SetExtension(17, Hex("01")));
  CHECK(p->SetExtension(16, Hex("02 03")));  // Existing ids can still change.
  CheckReparse(*p);
}

TEST_CASE("RemoveExtension compacts the block") {
  Fixture f;
  REQUIRE(f.packet.RemoveExtension(2));
  CHECK_FALSE(f.packet.GetExtension(2));
  CHECK(Vec(f.packet.extension_block()) == Hex("10 aa 33 cc  cc cc cc 00"));
  CHECK(f.packet.header_size() == 28);
  f.CheckPayloadIntact();
  CHECK_FALSE(f.packet.RemoveExtension(2));
  REQUIRE(f.packet.RemoveExtension(1));
  REQUIRE(f.packet.RemoveExtension(3));
  CHECK_FALSE(f.packet.has_extension());
  CHECK(f.packet.header_size() == 16);
  f.CheckPayloadIntact();
}

TEST_CASE("SetExtension accepts a value that aliases the packet") {
  Fixture f;
  // Copy element 3's bytes into a new element, then the payload into element 2.
  REQUIRE(f.packet.SetExtension(5, *f.packet.GetExtension(3)));
  CHECK(Ext(f.packet, 5) == Hex("cc cc cc cc"));
  REQUIRE(f.packet.SetExtension(2, f.packet.payload().first(8)));
  CHECK(Ext(f.packet, 2) == kPayload);
  REQUIRE(f.packet.SetExtension(1, f.packet.payload().first(1)));
  CHECK(Ext(f.packet, 1) == Hex("01"));
  f.CheckPayloadIntact();
}

TEST_CASE("SetExtension / RemoveExtension against a model (random sequences)") {
  std::mt19937 rng(12345);
  for (int round = 0; round < 300; ++round) {
    std::vector<uint8_t> bytes(1024, 0xEE);
    auto initial = Hex("80 60 00 01  00 00 00 02  00 00 00 03");
    std::copy(initial.begin(), initial.end(), bytes.begin());
    std::vector<uint8_t> payload(rng() % 40);
    for (auto& b : payload)
      b = static_cast<uint8_t>(rng());
    std::copy(payload.begin(), payload.end(), bytes.begin() + 12);
    auto p = RtpPacket::Parse(bytes, 12 + payload.size());
    REQUIRE(p);
    std::map<uint8_t, std::vector<uint8_t>> model;
    for (int op = 0; op < 30; ++op) {
      uint8_t id = static_cast<uint8_t>(1 + rng() % (rng() % 4 == 0 ? 40 : 14));
      if (rng() % 4 == 0) {
        bool removed = p->RemoveExtension(id);
        CHECK(removed == (model.erase(id) == 1));
      } else {
        size_t size = rng() % 8 == 0 ? rng() % 40 : 1 + rng() % 5;
        std::vector<uint8_t> value(size);
        for (auto& b : value)
          b = static_cast<uint8_t>(rng());
        bool fits = model.count(id) || model.size() < RtpPacket::kMaxExtensions;
        bool ok = p->SetExtension(id, value);
        if (ok) model[id] = value;
        // The buffer is large enough, so only a full index can refuse.
        CHECK(ok == fits);
      }
      REQUIRE(p->extension_count() == model.size());
      for (auto& [k, v] : model)
        CHECK(Ext(*p, k) == v);
      CHECK(Vec(p->payload()) == payload);
      CHECK(p->has_extension() == !model.empty());
      CheckReparse(*p);
    }
  }
}

}  // namespace
}  // namespace weir::proto::rtp
