#include "engine/dtls/dtls_session.hpp"

#include <doctest/doctest.h>

#include <algorithm>

#include "engine/srtp/srtp_session.hpp"
#include "unit/engine/dtls/dtls_test_pair.hpp"

using namespace weir;
using engine::DtlsOptions;
using engine::DtlsState;
using engine::SrtpSuite;
using test::DtlsTestPair;

namespace {

constexpr SrtpSuite kAllSuites[] = {SrtpSuite::kAeadAes256Gcm, SrtpSuite::kAeadAes128Gcm,
                                    SrtpSuite::kAesCm128HmacSha1_80,
                                    SrtpSuite::kAesCm128HmacSha1_32};

DtlsOptions WithSuites(std::vector<SrtpSuite> suites) {
  DtlsOptions options;
  options.srtpSuites = std::move(suites);
  return options;
}

void CheckCrosswiseKeys(const DtlsTestPair& pair, SrtpSuite suite) {
  REQUIRE(pair.client->srtpKeys());
  REQUIRE(pair.server->srtpKeys());
  const auto& client = *pair.client->srtpKeys();
  const auto& server = *pair.server->srtpKeys();
  CHECK(client.suite == suite);
  CHECK(server.suite == suite);
  size_t size = engine::KeySizes(suite).total();
  CHECK(client.send.size() == size);
  CHECK(client.receive.size() == size);
  CHECK(client.send == server.receive);
  CHECK(client.receive == server.send);
  CHECK(client.send != client.receive);
}

// One RTP packet protected with `send` and unprotected with `receive` comes back intact.
void CheckSrtpWorks(const engine::DtlsSrtpKeys& send, const engine::DtlsSrtpKeys& receive) {
  std::string error;
  auto out = engine::SrtpSession::Create(engine::SrtpSession::Direction::kOutbound, send.suite,
                                         send.send, &error);
  auto in = engine::SrtpSession::Create(engine::SrtpSession::Direction::kInbound, receive.suite,
                                        receive.receive, &error);
  REQUIRE_MESSAGE(out, error);
  REQUIRE_MESSAGE(in, error);
  std::vector<uint8_t> packet(12 + 20 + engine::kSrtpMaxTrailer, 0xab);
  packet[0] = 0x80;
  packet[1] = 96;
  auto original = packet;
  size_t length = 32;
  REQUIRE(out->ProtectRtp(packet, &length) == engine::SrtpResult::kOk);
  REQUIRE(in->UnprotectRtp(packet, &length) == engine::SrtpResult::kOk);
  CHECK(length == 32);
  CHECK(std::equal(packet.begin(), packet.begin() + 32, original.begin()));
}

}  // namespace

TEST_CASE("handshake: both sides connect, events in order, AEAD_AES_256_GCM preferred") {
  DtlsTestPair pair;
  CHECK(pair.client->state() == DtlsState::kNew);
  pair.Connect();
  for (auto* session : {pair.client.get(), pair.server.get()}) {
    auto events = test::DrainEvents(*session);
    REQUIRE(events.size() == 2);
    CHECK(events[0].state == DtlsState::kConnecting);
    CHECK(events[1].state == DtlsState::kConnected);
    CHECK(session->failureReason().empty());
    CHECK(session->NextTimeout() == base::kNever);
    CHECK(session->stats().droppedInvalid == 0);
    CHECK(session->stats().droppedOutgoing == 0);
  }
  CHECK(pair.client->role() == engine::DtlsRole::kClient);
  CHECK(pair.server->role() == engine::DtlsRole::kServer);
  CheckCrosswiseKeys(pair, SrtpSuite::kAeadAes256Gcm);
  CheckSrtpWorks(*pair.client->srtpKeys(), *pair.server->srtpKeys());
  CheckSrtpWorks(*pair.server->srtpKeys(), *pair.client->srtpKeys());
  // Every datagram fits the default 1200-byte MTU and starts with a DTLS record.
  for (const auto* sent : {&pair.clientSent, &pair.serverSent}) {
    for (const auto& datagram : *sent) {
      CHECK(datagram.size() <= 1200);
      CHECK(datagram[0] >= 20);
      CHECK(datagram[0] <= 63);
    }
  }
}

TEST_CASE("handshake: every SRTP profile, forced by offering only it") {
  for (SrtpSuite suite : kAllSuites) {
    CAPTURE(engine::SrtpSuiteName(suite));
    DtlsTestPair pair(WithSuites({suite}), WithSuites({suite}));
    pair.Connect();
    CheckCrosswiseKeys(pair, suite);
    CheckSrtpWorks(*pair.client->srtpKeys(), *pair.server->srtpKeys());
    CheckSrtpWorks(*pair.server->srtpKeys(), *pair.client->srtpKeys());
  }
}

TEST_CASE("handshake: the server's preference picks the profile (RFC 5764 4.1.1)") {
  SUBCASE("server prefers GCM-256, client lists SHA1_80 first") {
    DtlsTestPair pair(WithSuites({SrtpSuite::kAesCm128HmacSha1_80, SrtpSuite::kAeadAes256Gcm}),
                      DtlsOptions{});
    pair.Connect();
    CheckCrosswiseKeys(pair, SrtpSuite::kAeadAes256Gcm);
  }
  SUBCASE("server prefers SHA1_32, client offers everything") {
    DtlsTestPair pair(DtlsOptions{},
                      WithSuites({SrtpSuite::kAesCm128HmacSha1_32, SrtpSuite::kAeadAes128Gcm}));
    pair.Connect();
    CheckCrosswiseKeys(pair, SrtpSuite::kAesCm128HmacSha1_32);
  }
  SUBCASE("no common profile: connected, without SRTP keys") {
    DtlsTestPair pair(WithSuites({SrtpSuite::kAesCm128HmacSha1_80}),
                      WithSuites({SrtpSuite::kAeadAes128Gcm}));
    pair.Connect();
    CHECK_FALSE(pair.client->srtpKeys());
    CHECK_FALSE(pair.server->srtpKeys());
  }
}

TEST_CASE("handshake: a small MTU gives more, smaller datagrams") {
  DtlsOptions small;
  small.mtu = 300;
  DtlsTestPair pair(small, small);
  pair.Connect();
  size_t largest = 0;
  for (const auto& datagram : pair.serverSent)
    largest = std::max(largest, datagram.size());
  CHECK(largest <= 300);
  CHECK(pair.serverSent.size() >= 3);  // The certificate alone needs more than one.
}

TEST_CASE("fingerprint: a mismatch fails the handshake on the side that checks it") {
  auto wrong = test::TestCertificate(2).Fingerprint("sha-256");
  SUBCASE("server holds a wrong client fingerprint") {
    DtlsTestPair pair;
    REQUIRE(pair.client->SetRemoteFingerprint("sha-256",
                                              test::TestCertificate(1).Fingerprint("sha-256")));
    REQUIRE(pair.server->SetRemoteFingerprint("sha-256", wrong));
    pair.Start();
    pair.Pump();
    CHECK(pair.server->state() == DtlsState::kFailed);
    CHECK(pair.server->failureReason().find("fingerprint mismatch") != std::string::npos);
    CHECK_FALSE(pair.server->srtpKeys());
    // The bad_certificate alert reaches the client, which fails too.
    CHECK(pair.client->state() == DtlsState::kFailed);
    CHECK(pair.client->failureReason().find("bad certificate") != std::string::npos);
    auto events = test::DrainEvents(*pair.server);
    REQUIRE(events.size() == 2);
    CHECK(events[1].state == DtlsState::kFailed);
    CHECK(events[1].reason == pair.server->failureReason());
  }
  SUBCASE("client holds a wrong server fingerprint (sha-512)") {
    DtlsTestPair pair;
    REQUIRE(pair.client->SetRemoteFingerprint("sha-512",
                                              test::TestCertificate(2).Fingerprint("sha-512")));
    REQUIRE(pair.server->SetRemoteFingerprint("sha-256",
                                              test::TestCertificate(0).Fingerprint("sha-256")));
    pair.Start();
    pair.Pump();
    CHECK(pair.client->state() == DtlsState::kFailed);
    CHECK(pair.client->failureReason() == "remote certificate fingerprint mismatch (sha-512)");
    CHECK(pair.server->state() == DtlsState::kFailed);
  }
}

TEST_CASE("fingerprint: any algorithm, either case") {
  for (std::string_view algorithm : engine::kFingerprintAlgorithms) {
    CAPTURE(algorithm);
    DtlsTestPair pair;
    std::string serverValue = test::TestCertificate(1).Fingerprint(algorithm);
    std::transform(serverValue.begin(), serverValue.end(), serverValue.begin(),
                   [](char c) { return static_cast<char>(std::tolower(c)); });
    REQUIRE(pair.client->SetRemoteFingerprint(algorithm, serverValue));
    REQUIRE(pair.server->SetRemoteFingerprint(algorithm,
                                              test::TestCertificate(0).Fingerprint(algorithm)));
    pair.Start();
    pair.Pump();
    CHECK(pair.client->state() == DtlsState::kConnected);
    CHECK(pair.server->state() == DtlsState::kConnected);
  }
}

TEST_CASE("fingerprint: invalid values are refused") {
  DtlsTestPair pair;
  auto good = test::TestCertificate(1).Fingerprint("sha-256");
  CHECK_FALSE(pair.client->SetRemoteFingerprint("md5", good));
  CHECK_FALSE(pair.client->SetRemoteFingerprint("sha-1", good));  // A sha-256 length.
  CHECK_FALSE(pair.client->SetRemoteFingerprint("sha-256", ""));
  CHECK_FALSE(pair.client->SetRemoteFingerprint("sha-256", good.substr(3)));
  CHECK_FALSE(pair.client->SetRemoteFingerprint("sha-256", good + ":00"));
  std::string badHex = good;
  badHex[0] = 'G';
  CHECK_FALSE(pair.client->SetRemoteFingerprint("sha-256", badHex));
  CHECK(pair.client->SetRemoteFingerprint("SHA-256", good));
}

TEST_CASE("fingerprint: given after the handshake, it decides then") {
  SUBCASE("right fingerprint: connected") {
    DtlsTestPair pair;
    REQUIRE(pair.client->SetRemoteFingerprint("sha-256",
                                              test::TestCertificate(1).Fingerprint("sha-256")));
    pair.Start();
    pair.Pump();
    CHECK(pair.client->state() == DtlsState::kConnected);
    CHECK(pair.server->state() == DtlsState::kConnecting);
    CHECK_FALSE(pair.server->srtpKeys());
    // Data the client sends meanwhile waits until the server has verified it.
    REQUIRE(pair.client->SendApplicationData(std::vector<uint8_t>{1, 2, 3}));
    pair.Pump();
    std::vector<uint8_t> data;
    CHECK_FALSE(pair.server->PollApplicationData(&data));
    REQUIRE(pair.server->SetRemoteFingerprint("sha-256",
                                              test::TestCertificate(0).Fingerprint("sha-256")));
    CHECK(pair.server->state() == DtlsState::kConnected);
    CheckCrosswiseKeys(pair, SrtpSuite::kAeadAes256Gcm);
    REQUIRE(pair.server->PollApplicationData(&data));
    CHECK(data == std::vector<uint8_t>{1, 2, 3});
  }
  SUBCASE("wrong fingerprint: failed, and the peer is told with close_notify") {
    DtlsTestPair pair;
    REQUIRE(pair.client->SetRemoteFingerprint("sha-256",
                                              test::TestCertificate(1).Fingerprint("sha-256")));
    pair.Start();
    pair.Pump();
    REQUIRE(pair.server->state() == DtlsState::kConnecting);
    REQUIRE(pair.server->SetRemoteFingerprint("sha-256",
                                              test::TestCertificate(2).Fingerprint("sha-256")));
    CHECK(pair.server->state() == DtlsState::kFailed);
    CHECK(pair.server->failureReason().find("fingerprint mismatch") != std::string::npos);
    CHECK_FALSE(pair.server->srtpKeys());
    pair.Pump();
    CHECK(pair.client->state() == DtlsState::kClosed);
  }
}

TEST_CASE("application data both ways, and its limits") {
  DtlsTestPair pair;
  std::vector<uint8_t> data;
  CHECK_FALSE(pair.client->SendApplicationData(std::vector<uint8_t>{1}));  // Not connected.
  pair.Connect();
  std::vector<uint8_t> big(1100);
  for (size_t i = 0; i < big.size(); ++i)
    big[i] = static_cast<uint8_t>(i * 13);
  REQUIRE(pair.client->SendApplicationData(big));
  REQUIRE(pair.server->SendApplicationData(std::vector<uint8_t>{9, 8, 7}));
  REQUIRE(pair.client->SendApplicationData(std::vector<uint8_t>{42}));
  pair.Pump();
  REQUIRE(pair.server->PollApplicationData(&data));
  CHECK(data == big);
  REQUIRE(pair.server->PollApplicationData(&data));
  CHECK(data == std::vector<uint8_t>{42});
  CHECK_FALSE(pair.server->PollApplicationData(&data));
  REQUIRE(pair.client->PollApplicationData(&data));
  CHECK(data == std::vector<uint8_t>{9, 8, 7});
  CHECK_FALSE(pair.client->SendApplicationData({}));
  CHECK_FALSE(pair.client->SendApplicationData(
      std::vector<uint8_t>(engine::DtlsSession::kMaxApplicationData + 1)));
  CHECK(pair.client->SendApplicationData(
      std::vector<uint8_t>(engine::DtlsSession::kMaxApplicationData)));
  CHECK(pair.client->state() == DtlsState::kConnected);
}

TEST_CASE("close_notify: Close() sends it, the peer closes and answers") {
  DtlsTestPair pair;
  pair.Connect();
  test::DrainEvents(*pair.client);
  test::DrainEvents(*pair.server);
  pair.client->Close();
  CHECK(pair.client->state() == DtlsState::kClosed);
  pair.Pump();
  CHECK(pair.server->state() == DtlsState::kClosed);
  auto events = test::DrainEvents(*pair.server);
  REQUIRE(events.size() == 1);
  CHECK(events[0].state == DtlsState::kClosed);
  CHECK(events[0].reason == "close_notify received");
  // The server's own close_notify reached a closed client: dropped and counted.
  CHECK(pair.serverSent.size() >= 1);
  CHECK(pair.client->stats().droppedAfterEnd >= 1);
  CHECK_FALSE(pair.server->SendApplicationData(std::vector<uint8_t>{1}));
  pair.client->Close();  // Again: nothing.
  CHECK(test::DrainEvents(*pair.client).size() == 1);
}

TEST_CASE("Close() during the handshake sends nothing") {
  DtlsTestPair pair;
  pair.Start();
  std::vector<uint8_t> hello;
  REQUIRE(pair.client->PollTransmit(&hello));
  pair.client->Close();
  CHECK(pair.client->state() == DtlsState::kClosed);
  CHECK(pair.client->NextTimeout() == base::kNever);
  CHECK_FALSE(pair.client->PollTransmit(&hello));
}

TEST_CASE("context: options out of range are refused with a reason") {
  auto refused = [](engine::DtlsOptions options) {
    std::string error;
    bool ok = engine::DtlsContext::Create(test::TestCertificate(0), options, &error) != nullptr;
    CHECK_FALSE(error.empty());
    return !ok;
  };
  DtlsOptions options;
  options.mtu = 100;
  CHECK(refused(options));
  options = {};
  options.initialRetransmitTimeout = base::Duration::zero();
  CHECK(refused(options));
  options = {};
  options.maxRetransmitTimeout = std::chrono::milliseconds(50);  // Below the initial 100 ms.
  CHECK(refused(options));
  options = {};
  options.maxRetransmitTimeout = std::chrono::seconds(61);
  CHECK(refused(options));
  std::string error;
  CHECK(engine::DtlsContext::Create(test::TestCertificate(0), DtlsOptions{}, &error));
}
