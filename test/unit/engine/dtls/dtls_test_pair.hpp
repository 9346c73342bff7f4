#pragma once

// Two DtlsSessions (a client and a server, each with its own certificate and context) joined by
// in-memory queues, for the DTLS tests. Pump() moves datagrams both ways until both are quiet; a
// filter can drop or record datagrams on the way.

#include <doctest/doctest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "deps/deps.hpp"
#include "engine/dtls/dtls_certificate.hpp"
#include "engine/dtls/dtls_context.hpp"
#include "engine/dtls/dtls_session.hpp"

namespace weir::test {

inline constexpr base::Timestamp kTestWallClock = base::FromMillis(1'700'000'000'000);

// Key generation is the slow part; each side's certificate is made once per test binary.
inline const engine::DtlsCertificate& TestCertificate(int which) {
  static std::unique_ptr<engine::DtlsCertificate> certificates[3];
  auto& slot = certificates[which];
  if (!slot) {
    deps::InitializeLibraries();
    std::string error;
    slot = engine::DtlsCertificate::Generate(kTestWallClock, &error);
    REQUIRE_MESSAGE(slot, error);
  }
  return *slot;
}

inline std::unique_ptr<engine::DtlsContext> MakeContext(const engine::DtlsCertificate& certificate,
                                                        const engine::DtlsOptions& options = {}) {
  std::string error;
  auto context = engine::DtlsContext::Create(certificate, options, &error);
  REQUIRE_MESSAGE(context, error);
  return context;
}

struct DtlsTestPair {
  // fromClient, datagram -> true to drop it.
  using Filter = std::function<bool(bool, const std::vector<uint8_t>&)>;

  explicit DtlsTestPair(const engine::DtlsOptions& clientOptions = {},
                        const engine::DtlsOptions& serverOptions = {})
      : clientContext(MakeContext(TestCertificate(0), clientOptions)),
        serverContext(MakeContext(TestCertificate(1), serverOptions)),
        client(std::make_unique<engine::DtlsSession>(*clientContext)),
        server(std::make_unique<engine::DtlsSession>(*serverContext)) {}

  // Each side learns the other's real sha-256 fingerprint.
  void ExchangeFingerprints() {
    REQUIRE(client->SetRemoteFingerprint("sha-256", TestCertificate(1).Fingerprint("sha-256")));
    REQUIRE(server->SetRemoteFingerprint("sha-256", TestCertificate(0).Fingerprint("sha-256")));
  }

  void Start() {
    server->Start(engine::DtlsRole::kServer, now);
    client->Start(engine::DtlsRole::kClient, now);
  }

  // Moves datagrams until neither side has anything to send; returns how many moved.
  size_t Pump(const Filter& drop = {}) {
    size_t moved = 0;
    std::vector<uint8_t> datagram;
    for (bool progress = true; progress;) {
      progress = false;
      while (client->PollTransmit(&datagram)) {
        progress = true;
        ++moved;
        clientSent.push_back(datagram);
        if (!drop || !drop(true, datagram)) server->HandleDatagram(now, datagram);
      }
      while (server->PollTransmit(&datagram)) {
        progress = true;
        ++moved;
        serverSent.push_back(datagram);
        if (!drop || !drop(false, datagram)) client->HandleDatagram(now, datagram);
      }
    }
    return moved;
  }

  void Connect() {
    ExchangeFingerprints();
    Start();
    Pump();
    REQUIRE(client->state() == engine::DtlsState::kConnected);
    REQUIRE(server->state() == engine::DtlsState::kConnected);
  }

  base::Timestamp now = kTestWallClock;
  std::unique_ptr<engine::DtlsContext> clientContext;
  std::unique_ptr<engine::DtlsContext> serverContext;
  std::unique_ptr<engine::DtlsSession> client;
  std::unique_ptr<engine::DtlsSession> server;
  std::vector<std::vector<uint8_t>> clientSent;
  std::vector<std::vector<uint8_t>> serverSent;
};

inline std::vector<engine::DtlsEvent> DrainEvents(engine::DtlsSession& session) {
  std::vector<engine::DtlsEvent> events;
  while (auto event = session.PollEvent())
    events.push_back(std::move(*event));
  return events;
}

}  // namespace weir::test
