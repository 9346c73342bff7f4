#include "engine/srtp/srtp_session.hpp"

#include <doctest/doctest.h>

#include <vector>

#include "deps/deps.hpp"

using namespace weir;
using engine::SrtpResult;
using engine::SrtpSession;
using engine::SrtpSuite;

namespace {

std::vector<uint8_t> Key(SrtpSuite suite, uint8_t seed) {
  std::vector<uint8_t> key(engine::KeySizes(suite).total());
  for (size_t i = 0; i < key.size(); ++i)
    key[i] = static_cast<uint8_t>(seed + i * 7);
  return key;
}

// A minimal RTP packet (RFC 3550 header, no extensions) with room for the SRTP trailer.
std::vector<uint8_t> RtpPacket(uint16_t seq, uint32_t ssrc, size_t payloadSize) {
  std::vector<uint8_t> p(12 + payloadSize + engine::kSrtpMaxTrailer, 0);
  p[0] = 0x80;
  p[1] = 96;
  base::StoreBe16(&p[2], seq);
  base::StoreBe32(&p[4], 1000u * seq);
  base::StoreBe32(&p[8], ssrc);
  for (size_t i = 0; i < payloadSize; ++i)
    p[12 + i] = static_cast<uint8_t>(i);
  return p;
}

// A receiver report with no blocks (RFC 3550 6.4.2), with room for the SRTCP trailer.
std::vector<uint8_t> RtcpPacket(uint32_t ssrc) {
  std::vector<uint8_t> p(8 + engine::kSrtpMaxTrailer, 0);
  p[0] = 0x80;
  p[1] = 201;
  base::StoreBe16(&p[2], 1);
  base::StoreBe32(&p[4], ssrc);
  return p;
}

}  // namespace

TEST_CASE(
    "every suite: protect then unprotect gives back the packet; tampering is an auth failure") {
  deps::InitializeLibraries();
  for (SrtpSuite suite : {SrtpSuite::kAeadAes256Gcm, SrtpSuite::kAeadAes128Gcm,
                          SrtpSuite::kAesCm128HmacSha1_80, SrtpSuite::kAesCm128HmacSha1_32}) {
    CAPTURE(engine::SrtpSuiteName(suite));
    auto key = Key(suite, 3);
    std::string error;
    auto out = SrtpSession::Create(SrtpSession::Direction::kOutbound, suite, key, &error);
    auto in = SrtpSession::Create(SrtpSession::Direction::kInbound, suite, key, &error);
    REQUIRE(out);
    REQUIRE(in);

    auto packet = RtpPacket(1, 0x11223344, 100);
    auto original = packet;
    size_t length = 112;
    REQUIRE(out->ProtectRtp(packet, &length) == SrtpResult::kOk);
    CHECK(length > 112);
    CHECK(std::vector<uint8_t>(packet.begin() + 12, packet.begin() + 112) !=
          std::vector<uint8_t>(original.begin() + 12, original.begin() + 112));
    auto copy = packet;
    size_t copyLength = length;
    REQUIRE(in->UnprotectRtp(packet, &length) == SrtpResult::kOk);
    CHECK(length == 112);
    CHECK(std::equal(packet.begin(), packet.begin() + 112, original.begin()));

    // The same packet again is a replay.
    CHECK(in->UnprotectRtp(copy, &copyLength) == SrtpResult::kReplay);

    auto tampered = RtpPacket(2, 0x11223344, 100);
    length = 112;
    REQUIRE(out->ProtectRtp(tampered, &length) == SrtpResult::kOk);
    tampered[40] ^= 1;
    CHECK(in->UnprotectRtp(tampered, &length) == SrtpResult::kAuthFailure);

    auto rtcp = RtcpPacket(0x55667788);
    length = 8;
    REQUIRE(out->ProtectRtcp(rtcp, &length) == SrtpResult::kOk);
    REQUIRE(in->UnprotectRtcp(rtcp, &length) == SrtpResult::kOk);
    CHECK(length == 8);
    CHECK(rtcp[1] == 201);
  }
}

TEST_CASE("a different key fails authentication") {
  deps::InitializeLibraries();
  auto suite = SrtpSuite::kAesCm128HmacSha1_80;
  auto out = SrtpSession::Create(SrtpSession::Direction::kOutbound, suite, Key(suite, 1), nullptr);
  auto in = SrtpSession::Create(SrtpSession::Direction::kInbound, suite, Key(suite, 2), nullptr);
  auto packet = RtpPacket(7, 1, 50);
  size_t length = 62;
  REQUIRE(out->ProtectRtp(packet, &length) == SrtpResult::kOk);
  CHECK(in->UnprotectRtp(packet, &length) == SrtpResult::kAuthFailure);
}

TEST_CASE("garbage and short input is rejected, not crashed on") {
  deps::InitializeLibraries();
  auto suite = SrtpSuite::kAeadAes128Gcm;
  auto in = SrtpSession::Create(SrtpSession::Direction::kInbound, suite, Key(suite, 1), nullptr);
  for (size_t size = 0; size < 40; ++size) {
    std::vector<uint8_t> junk(size, 0x80);
    size_t length = size;
    CHECK(in->UnprotectRtp(junk, &length) != SrtpResult::kOk);
    length = size;
    CHECK(in->UnprotectRtcp(junk, &length) != SrtpResult::kOk);
  }
}

TEST_CASE("wrong key length is refused with a reason; too little room to protect is an error") {
  deps::InitializeLibraries();
  std::string error;
  std::vector<uint8_t> shortKey(10);
  CHECK_FALSE(SrtpSession::Create(SrtpSession::Direction::kInbound, SrtpSuite::kAesCm128HmacSha1_80,
                                  shortKey, &error));
  CHECK(error.find("30") != std::string::npos);
  auto out = SrtpSession::Create(SrtpSession::Direction::kOutbound, SrtpSuite::kAeadAes128Gcm,
                                 Key(SrtpSuite::kAeadAes128Gcm, 1), nullptr);
  std::vector<uint8_t> tight = RtpPacket(1, 1, 10);
  tight.resize(22);
  size_t length = 22;
  CHECK(out->ProtectRtp(tight, &length) == SrtpResult::kError);
}

TEST_CASE("suite names round-trip") {
  for (auto name : {"AEAD_AES_256_GCM", "AEAD_AES_128_GCM", "AES_CM_128_HMAC_SHA1_80",
                    "AES_CM_128_HMAC_SHA1_32"}) {
    auto suite = engine::ParseSrtpSuite(name);
    REQUIRE(suite);
    CHECK(engine::SrtpSuiteName(*suite) == name);
  }
  CHECK_FALSE(engine::ParseSrtpSuite("NULL_NULL"));
}
