#include "engine/dtls/dtls_record.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

using namespace weir;
using engine::IsWellFormedDtlsDatagram;

namespace {

constexpr size_t kGcm = engine::kMinAesGcmRecordBody;

std::vector<uint8_t> Record(uint8_t type, uint16_t epoch, const std::vector<uint8_t>& body) {
  std::vector<uint8_t> record(13 + body.size(), 0);
  record[0] = type;
  record[1] = 0xfe;
  record[2] = 0xfd;  // DTLS 1.2
  base::StoreBe16(&record[3], epoch);
  record[10] = 1;  // sequence number
  base::StoreBe16(&record[11], static_cast<uint16_t>(body.size()));
  std::copy(body.begin(), body.end(), record.begin() + 13);
  return record;
}

// A handshake fragment header (RFC 6347 4.2.2) and `fragmentLength` bytes of body.
std::vector<uint8_t> Fragment(uint32_t length, uint32_t offset, uint32_t fragmentLength) {
  std::vector<uint8_t> fragment(12 + fragmentLength, 0x5a);
  fragment[0] = 1;  // client_hello
  base::StoreBe24(&fragment[1], length);
  base::StoreBe16(&fragment[4], 0);
  base::StoreBe24(&fragment[6], offset);
  base::StoreBe24(&fragment[9], fragmentLength);
  return fragment;
}

std::vector<uint8_t> Concat(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
  std::vector<uint8_t> both(a.size() + b.size());
  std::copy(a.begin(), a.end(), both.begin());
  std::copy(b.begin(), b.end(), both.begin() + static_cast<ptrdiff_t>(a.size()));
  return both;
}

}  // namespace

TEST_CASE("LooksLikeDtls: RFC 7983 range and a header's worth of bytes") {
  std::vector<uint8_t> datagram(13, 0);
  for (int first = 0; first < 256; ++first) {
    datagram[0] = static_cast<uint8_t>(first);
    CHECK(engine::LooksLikeDtls(datagram) == (first >= 20 && first <= 63));
  }
  datagram[0] = 22;
  CHECK_FALSE(engine::LooksLikeDtls(base::ByteView(datagram).first(12)));
}

TEST_CASE("FirstDtlsRecordSize: whole records only") {
  auto record = Record(22, 0, std::vector<uint8_t>(5, 1));
  CHECK(engine::FirstDtlsRecordSize(record) == 18);
  for (size_t size = 0; size < record.size(); ++size)
    CHECK(engine::FirstDtlsRecordSize(base::ByteView(record).first(size)) == 0);
  auto two = Concat(record, Record(21, 0, {1, 0}));
  CHECK(engine::FirstDtlsRecordSize(two) == 18);
  base::StoreBe16(&record[11], 0);
  CHECK(engine::FirstDtlsRecordSize(record) == 13);
}

TEST_CASE("IsWellFormedDtlsDatagram: plaintext records") {
  CHECK(IsWellFormedDtlsDatagram(Record(20, 0, {1}), kGcm));
  CHECK_FALSE(IsWellFormedDtlsDatagram(Record(20, 0, {2}), kGcm));
  CHECK_FALSE(IsWellFormedDtlsDatagram(Record(20, 0, {1, 1}), kGcm));
  CHECK(IsWellFormedDtlsDatagram(Record(21, 0, {2, 40}), kGcm));
  CHECK_FALSE(IsWellFormedDtlsDatagram(Record(21, 0, {2}), kGcm));
  CHECK_FALSE(IsWellFormedDtlsDatagram(Record(23, 0, std::vector<uint8_t>(40, 0)), kGcm));
  CHECK_FALSE(IsWellFormedDtlsDatagram(Record(24, 0, {1, 0, 0}), kGcm));  // Heartbeat.
  CHECK_FALSE(IsWellFormedDtlsDatagram(Record(19, 0, {1}), kGcm));
  CHECK_FALSE(IsWellFormedDtlsDatagram(Record(22, 0, {}), kGcm));
  CHECK_FALSE(IsWellFormedDtlsDatagram({}, kGcm));
  auto wrongVersion = Record(20, 0, {1});
  wrongVersion[1] = 0x03;  // TLS, not DTLS
  CHECK_FALSE(IsWellFormedDtlsDatagram(wrongVersion, kGcm));
  CHECK_FALSE(IsWellFormedDtlsDatagram(Record(22, 0, std::vector<uint8_t>(16385, 0)), kGcm));
}

TEST_CASE("IsWellFormedDtlsDatagram: handshake fragments") {
  CHECK(IsWellFormedDtlsDatagram(Record(22, 0, Fragment(10, 0, 10)), kGcm));
  CHECK(IsWellFormedDtlsDatagram(Record(22, 0, Fragment(100, 90, 10)), kGcm));
  CHECK(IsWellFormedDtlsDatagram(Record(22, 0, Fragment(0, 0, 0)), kGcm));
  // Two messages in one record (RFC 6347 4.2.3 allows it).
  CHECK(
      IsWellFormedDtlsDatagram(Record(22, 0, Concat(Fragment(3, 0, 3), Fragment(4, 0, 4))), kGcm));
  // A fragment running past its message, past its record, or short of its header.
  CHECK_FALSE(IsWellFormedDtlsDatagram(Record(22, 0, Fragment(10, 5, 6)), kGcm));
  CHECK_FALSE(IsWellFormedDtlsDatagram(Record(22, 0, Fragment(10, 11, 0)), kGcm));
  auto longer = Fragment(10, 0, 10);
  base::StoreBe24(&longer[9], 11);
  CHECK_FALSE(IsWellFormedDtlsDatagram(Record(22, 0, longer), kGcm));
  auto trailing = Concat(Fragment(3, 0, 3), std::vector<uint8_t>(11, 0));
  CHECK_FALSE(IsWellFormedDtlsDatagram(Record(22, 0, trailing), kGcm));
  // A message beyond kMaxHandshakeMessage.
  CHECK(IsWellFormedDtlsDatagram(Record(22, 0, Fragment(65535, 0, 10)), kGcm));
  CHECK_FALSE(IsWellFormedDtlsDatagram(Record(22, 0, Fragment(65536, 0, 10)), kGcm));
}

TEST_CASE("IsWellFormedDtlsDatagram: protected records and tiling") {
  for (size_t body = 0; body < 40; ++body) {
    CAPTURE(body);
    auto record = Record(23, 1, std::vector<uint8_t>(body, 7));
    CHECK(IsWellFormedDtlsDatagram(record, kGcm) == (body >= kGcm));
    CHECK(IsWellFormedDtlsDatagram(record, engine::kMinChaChaRecordBody) == (body >= 16));
  }
  CHECK(IsWellFormedDtlsDatagram(Record(21, 3, std::vector<uint8_t>(18432, 0)), kGcm));
  CHECK_FALSE(IsWellFormedDtlsDatagram(Record(21, 3, std::vector<uint8_t>(18433, 0)), kGcm));
  // Several records must tile the datagram exactly.
  auto flight = Concat(Concat(Record(22, 0, Fragment(4, 0, 4)), Record(20, 0, {1})),
                       Record(22, 1, std::vector<uint8_t>(40, 9)));
  CHECK(IsWellFormedDtlsDatagram(flight, kGcm));
  for (size_t size = 1; size < flight.size(); ++size) {
    bool boundary = size == 29 || size == 43;
    CHECK(IsWellFormedDtlsDatagram(base::ByteView(flight).first(size), kGcm) == boundary);
  }
  CHECK_FALSE(IsWellFormedDtlsDatagram(Concat(flight, {22}), kGcm));
}

TEST_CASE("EndsDtlsFlight: ClientHello, HelloVerifyRequest, ServerHelloDone, Finished, alerts") {
  auto message = [](uint8_t type, uint32_t length, uint32_t offset, uint32_t fragmentLength) {
    auto fragment = Fragment(length, offset, fragmentLength);
    fragment[0] = type;
    return fragment;
  };
  CHECK(engine::EndsDtlsFlight(Record(22, 0, message(1, 5, 0, 5))));
  CHECK(engine::EndsDtlsFlight(Record(22, 0, message(3, 5, 0, 5))));
  CHECK(engine::EndsDtlsFlight(Record(22, 0, message(14, 0, 0, 0))));
  // Not the last fragment of the ClientHello yet.
  CHECK_FALSE(engine::EndsDtlsFlight(Record(22, 0, message(1, 10, 0, 5))));
  CHECK(engine::EndsDtlsFlight(Record(22, 0, message(1, 10, 5, 5))));
  // ServerHello, Certificate, ServerKeyExchange, CertificateRequest: the flight goes on.
  for (uint8_t type : {2, 11, 12, 13, 16, 15})
    CHECK_FALSE(engine::EndsDtlsFlight(Record(22, 0, message(type, 4, 0, 4))));
  // Several messages in a record: the last one decides.
  CHECK(engine::EndsDtlsFlight(Record(22, 0, Concat(message(13, 2, 0, 2), message(14, 0, 0, 0)))));
  CHECK_FALSE(
      engine::EndsDtlsFlight(Record(22, 0, Concat(message(14, 0, 0, 0), message(2, 2, 0, 2)))));
  CHECK(engine::EndsDtlsFlight(Record(22, 1, std::vector<uint8_t>(40, 0))));  // Finished
  CHECK(engine::EndsDtlsFlight(Record(21, 0, {2, 40})));
  CHECK_FALSE(engine::EndsDtlsFlight(Record(20, 0, {1})));
  CHECK_FALSE(engine::EndsDtlsFlight(Record(23, 1, std::vector<uint8_t>(40, 0))));
  // Malformed input is not a flight end (and is not read past).
  CHECK_FALSE(engine::EndsDtlsFlight({}));
  auto cut = Record(22, 0, message(1, 5, 0, 5));
  cut.pop_back();
  CHECK_FALSE(engine::EndsDtlsFlight(cut));
  auto lying = Record(22, 0, message(1, 5, 0, 5));
  base::StoreBe24(&lying[22], 100);  // Fragment longer than the record.
  CHECK_FALSE(engine::EndsDtlsFlight(lying));
}
