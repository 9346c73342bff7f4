// Hostile and broken input: nothing crashes, nothing grows without bound, everything dropped is
// counted, and a session that saw garbage still completes its handshake.

#include <doctest/doctest.h>

#include <openssl/ssl.h>

#include <random>

#include "base/bytes.hpp"
#include "engine/dtls/dtls_record.hpp"
#include "engine/dtls/dtls_session.hpp"
#include "unit/engine/dtls/dtls_test_pair.hpp"

using namespace weir;
using engine::DtlsRole;
using engine::DtlsState;
using test::DtlsTestPair;

namespace {

std::vector<uint8_t> Random(std::mt19937& rng, size_t size, uint8_t first) {
  std::vector<uint8_t> bytes(size);
  for (auto& b : bytes)
    b = static_cast<uint8_t>(rng());
  if (!bytes.empty()) bytes[0] = first;
  return bytes;
}

// A DTLS-looking record header followed by random bytes, with a length that may lie.
std::vector<uint8_t> RandomRecord(std::mt19937& rng) {
  size_t size = 13 + rng() % 300;
  auto type = static_cast<uint8_t>(20 + rng() % 44);
  auto record = Random(rng, size, type);
  record[1] = 0xfe;
  record[2] = 0xfd;  // DTLS 1.2
  record[3] = 0;
  record[4] = static_cast<uint8_t>(rng() % 2);  // epoch 0 or 1
  return record;
}

// A well-framed protected record (epoch 1) with random contents: passes the framing filter and
// reaches OpenSSL, which must reject it on authentication.
std::vector<uint8_t> RandomProtectedRecord(std::mt19937& rng) {
  size_t size = 13 + engine::kMinAesGcmRecordBody + rng() % 200;
  auto type = static_cast<uint8_t>(20 + rng() % 4);
  auto record = Random(rng, size, type);
  record[1] = 0xfe;
  record[2] = 0xfd;
  record[3] = 0;
  record[4] = 1;
  base::StoreBe16(&record[11], static_cast<uint16_t>(record.size() - 13));
  return record;
}

std::vector<uint8_t> ClientHello(DtlsTestPair& pair) {
  pair.client->Start(DtlsRole::kClient, pair.now);
  std::vector<uint8_t> hello;
  REQUIRE(pair.client->PollTransmit(&hello));
  return hello;
}

// The server answers a (possibly mangled) ClientHello with nothing and stays connecting.
void CheckIgnored(const std::vector<uint8_t>& hello) {
  DtlsTestPair pair;
  pair.server->Start(DtlsRole::kServer, pair.now);
  pair.server->HandleDatagram(pair.now, hello);
  CHECK_MESSAGE(pair.server->state() == DtlsState::kConnecting, pair.server->failureReason());
  CHECK(pair.server->stats().droppedInvalid == 1);
  CHECK_FALSE(pair.server->PollTransmit());
}

}  // namespace

TEST_CASE("robustness: what is not DTLS is dropped and counted") {
  DtlsTestPair pair;
  pair.Start();
  size_t queued = pair.client->PollTransmit() ? 1 : 0;
  CHECK(queued == 1);
  const std::vector<std::vector<uint8_t>> junk = {
      {},
      {22},
      std::vector<uint8_t>(12, 22),
      std::vector<uint8_t>(100, 0),  // STUN range
      std::vector<uint8_t>(100, 19),
      std::vector<uint8_t>(100, 64),
      std::vector<uint8_t>(100, 0x80),  // RTP
      std::vector<uint8_t>(70000, 22),  // Larger than any datagram.
  };
  for (const auto& datagram : junk)
    pair.server->HandleDatagram(pair.now, datagram);
  CHECK(pair.server->stats().droppedInvalid == junk.size());
  CHECK(pair.server->stats().datagramsIn == junk.size());
  CHECK(pair.server->state() == DtlsState::kConnecting);
  CHECK_FALSE(pair.server->PollTransmit());
}

TEST_CASE("robustness: datagrams before Start are held (a few) and processed at Start") {
  DtlsTestPair pair;
  pair.ExchangeFingerprints();
  auto hello = ClientHello(pair);
  std::mt19937 rng(7);
  pair.server->HandleDatagram(pair.now, RandomProtectedRecord(rng));
  pair.server->HandleDatagram(pair.now, hello);
  pair.server->HandleDatagram(pair.now, RandomRecord(rng));  // Badly framed: not even held.
  for (int i = 0; i < 5; ++i)
    pair.server->HandleDatagram(pair.now, RandomProtectedRecord(rng));
  CHECK(pair.server->stats().droppedInvalid == 1);
  CHECK(pair.server->stats().droppedBeforeStart == 3);  // Four held.
  CHECK(pair.server->state() == DtlsState::kNew);
  CHECK_FALSE(pair.server->PollTransmit());
  pair.server->Start(DtlsRole::kServer, pair.now);
  pair.Pump();
  CHECK(pair.client->state() == DtlsState::kConnected);
  CHECK(pair.server->state() == DtlsState::kConnected);
}

TEST_CASE("robustness: a ClientHello truncated at every offset, or with lying lengths") {
  DtlsTestPair source;
  auto hello = ClientHello(source);
  REQUIRE(hello.size() > 60);
  for (size_t size = engine::kDtlsRecordHeaderSize; size < hello.size(); ++size) {
    CAPTURE(size);
    CheckIgnored(std::vector<uint8_t>(hello.begin(), hello.begin() + size));
  }
  size_t length = base::LoadBe16(&hello[11]);
  for (uint16_t lie : {0, 1, static_cast<int>(length - 1), static_cast<int>(length + 1), 0xffff}) {
    CAPTURE(lie);
    auto record = hello;
    base::StoreBe16(&record[11], lie);  // Record length.
    CheckIgnored(record);
  }
  // The handshake header's own lengths (RFC 6347 4.2.2): message length and fragment length.
  for (size_t field : {size_t{14}, size_t{22}}) {
    for (uint32_t lie : {0u, 1u, 0xffffffu}) {
      CAPTURE(field);
      CAPTURE(lie);
      auto record = hello;
      base::StoreBe24(&record[field], lie);
      CheckIgnored(record);
    }
  }
  // A fragment of a message longer than anything WebRTC sends (OpenSSL would fail the handshake
  // on it without a word) is dropped like the rest.
}

TEST_CASE("robustness: a forged fatal alert in the clear ends a handshake (DTLS 1.2 allows it)") {
  // Epoch-0 records are unauthenticated until the handshake ends; the transport only hands the
  // session datagrams from the ICE-validated tuple, which is what keeps this out of reach.
  DtlsTestPair pair;
  pair.Start();
  std::vector<uint8_t> alert = {21, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 9, 0, 2, 2, 40};
  pair.server->HandleDatagram(pair.now, alert);
  CHECK(pair.server->state() == DtlsState::kFailed);
  CHECK(pair.server->failureReason().find("handshake failure") != std::string::npos);
}

TEST_CASE("robustness: garbage in every state does not stop the handshake or the data") {
  std::mt19937 rng(42);
  DtlsTestPair pair;
  pair.ExchangeFingerprints();
  pair.Start();
  auto spray = [&](engine::DtlsSession& session) {
    for (int i = 0; i < 100; ++i) {
      session.HandleDatagram(pair.now, RandomRecord(rng));
      session.HandleDatagram(pair.now, RandomProtectedRecord(rng));
    }
  };
  spray(*pair.server);  // Before the ClientHello.
  // Let the ClientHello through, spray both sides, then let the rest go on.
  std::vector<uint8_t> datagram;
  REQUIRE(pair.client->PollTransmit(&datagram));
  pair.server->HandleDatagram(pair.now, datagram);
  spray(*pair.server);
  spray(*pair.client);
  pair.Pump();
  REQUIRE_MESSAGE(pair.client->state() == DtlsState::kConnected, pair.client->failureReason());
  REQUIRE_MESSAGE(pair.server->state() == DtlsState::kConnected, pair.server->failureReason());
  REQUIRE(pair.server->state() == DtlsState::kConnected);
  // The handshake's own records, replayed (old epoch, old sequence numbers), and truncated.
  for (const auto& old : pair.clientSent) {
    pair.server->HandleDatagram(pair.now, old);
    for (size_t size = engine::kDtlsRecordHeaderSize; size < old.size(); size += 7)
      pair.server->HandleDatagram(pair.now, std::vector<uint8_t>(old.begin(), old.begin() + size));
  }
  spray(*pair.server);
  spray(*pair.client);
  pair.Pump();
  REQUIRE(pair.client->SendApplicationData(std::vector<uint8_t>{5, 6}));
  pair.Pump();
  REQUIRE(pair.server->PollApplicationData(&datagram));
  CHECK(datagram == std::vector<uint8_t>{5, 6});
  CHECK_FALSE(pair.server->PollApplicationData(&datagram));
  CHECK(pair.server->state() == DtlsState::kConnected);
  CHECK(pair.client->state() == DtlsState::kConnected);
}

TEST_CASE("robustness: after failure everything is dropped and counted") {
  DtlsTestPair pair;
  REQUIRE(pair.server->SetRemoteFingerprint("sha-256",
                                            test::TestCertificate(2).Fingerprint("sha-256")));
  pair.Start();
  pair.Pump();
  REQUIRE(pair.server->state() == DtlsState::kFailed);
  auto before = pair.server->stats().droppedAfterEnd;
  for (const auto& old : pair.clientSent)
    pair.server->HandleDatagram(pair.now, old);
  CHECK(pair.server->stats().droppedAfterEnd == before + pair.clientSent.size());
  pair.server->HandleTimeout(pair.now + std::chrono::seconds(100));
  pair.server->Start(DtlsRole::kClient, pair.now);
  pair.server->Close();
  CHECK(pair.server->state() == DtlsState::kFailed);
  CHECK_FALSE(pair.server->PollTransmit());
}

TEST_CASE("robustness: queues are bounded when the owner stops polling") {
  DtlsTestPair pair;
  pair.Connect();
  // Output: 200 records without a poll.
  for (int i = 0; i < 200; ++i)
    pair.client->SendApplicationData(std::vector<uint8_t>(100, static_cast<uint8_t>(i)));
  CHECK(pair.client->stats().droppedOutgoing == 200 - 128);
  // Input: 200 records received, none polled.
  pair.Pump();
  for (int i = 0; i < 72; ++i)
    pair.client->SendApplicationData(std::vector<uint8_t>(100, 1));
  pair.Pump();
  CHECK(pair.server->stats().droppedApplicationData == 200 - 128);
  std::vector<uint8_t> data;
  size_t received = 0;
  while (pair.server->PollApplicationData(&data))
    ++received;
  CHECK(received == 128);
  CHECK(pair.server->state() == DtlsState::kConnected);
}

TEST_CASE("robustness: short or forged protected records do not end an association") {
  // OpenSSL 3.0 fails the connection on a protected record shorter than the cipher's nonce and
  // tag; the session's framing filter keeps them away from it (dtls_record.hpp).
  for (const char* cipher : {"ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384",
                             "ECDHE-ECDSA-CHACHA20-POLY1305"}) {
    CAPTURE(cipher);
    for (int connected = 0; connected < 2; ++connected) {
      CAPTURE(connected);
      DtlsTestPair pair;
      REQUIRE(SSL_CTX_set_cipher_list(pair.serverContext->sslContext(), cipher) == 1);
      pair.ExchangeFingerprints();
      pair.Start();
      std::vector<uint8_t> datagram;
      if (connected) {
        pair.Pump();
      } else {
        REQUIRE(pair.client->PollTransmit(&datagram));
        pair.server->HandleDatagram(pair.now, datagram);
      }
      std::mt19937 rng(3);
      for (size_t body = 1; body < 64; ++body) {
        for (uint8_t type = 20; type <= 23; ++type) {
          auto record = Random(rng, 13 + body, type);
          record[1] = 0xfe;
          record[2] = 0xfd;
          base::StoreBe16(&record[3], 1);
          base::StoreBe16(&record[11], static_cast<uint16_t>(body));
          pair.server->HandleDatagram(pair.now, record);
        }
      }
      pair.Pump();
      REQUIRE_MESSAGE(pair.server->state() == DtlsState::kConnected, pair.server->failureReason());
      REQUIRE(pair.client->state() == DtlsState::kConnected);
      REQUIRE(pair.client->SendApplicationData(std::vector<uint8_t>{1}));
      pair.Pump();
      CHECK(pair.server->PollApplicationData(&datagram));
    }
  }
}
