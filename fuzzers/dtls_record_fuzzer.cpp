// Arbitrary datagrams into a server-side DtlsSession, in one of three states picked by the first
// input byte: 0 started and waiting for a ClientHello; 1 after a real ClientHello (made once at
// start-up by an in-process client and cached); 2 connected (a full in-process handshake per
// input). The rest of the input is a sequence of datagrams, each a 2-byte big-endian length
// followed by that many bytes (a length running past the end takes what is left).
//
// Flags in the first byte: 0x04 give the remote fingerprint before the datagrams (else after),
// 0x08 call HandleTimeout after each datagram, 0x10 Close() at the end, 0x20 send application
// data after each datagram.
//
// Oracles besides the sanitizers: output stays bounded, and a connected session stays connected
// whatever arrives (nothing an attacker can forge authenticates; dtls_record.hpp explains the
// records OpenSSL would otherwise die on).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "deps/deps.hpp"
#include "engine/dtls/dtls_certificate.hpp"
#include "engine/dtls/dtls_context.hpp"
#include "engine/dtls/dtls_session.hpp"

namespace {

using weir::engine::DtlsCertificate;
using weir::engine::DtlsContext;
using weir::engine::DtlsRole;
using weir::engine::DtlsSession;
using weir::engine::DtlsState;

constexpr weir::base::Timestamp kNow = weir::base::FromMillis(1'700'000'000'000);

struct Fixture {
  std::unique_ptr<DtlsCertificate> clientCertificate;
  std::unique_ptr<DtlsCertificate> serverCertificate;
  std::unique_ptr<DtlsContext> clientContext;
  std::unique_ptr<DtlsContext> serverContext;
  std::vector<std::vector<uint8_t>> clientHello;
};

Fixture& GetFixture() {
  static Fixture* fixture = [] {
    weir::deps::InitializeLibraries();
    auto* f = new Fixture;
    std::string error;
    f->clientCertificate = DtlsCertificate::Generate(kNow, &error);
    f->serverCertificate = DtlsCertificate::Generate(kNow, &error);
    if (!f->clientCertificate || !f->serverCertificate) __builtin_trap();
    f->clientContext = DtlsContext::Create(*f->clientCertificate, {}, &error);
    f->serverContext = DtlsContext::Create(*f->serverCertificate, {}, &error);
    if (!f->clientContext || !f->serverContext) __builtin_trap();
    DtlsSession client(*f->clientContext);
    client.Start(DtlsRole::kClient, kNow);
    while (auto datagram = client.PollTransmit())
      f->clientHello.push_back(std::move(*datagram));
    if (f->clientHello.empty()) __builtin_trap();
    return f;
  }();
  return *fixture;
}

void Drain(DtlsSession& session) {
  std::vector<uint8_t> datagram;
  size_t count = 0;
  while (session.PollTransmit(&datagram)) {
    if (++count > 1000) __builtin_trap();  // The queue is bounded well below this.
  }
  while (session.PollApplicationData(&datagram)) {
  }
  while (session.PollEvent()) {
  }
}

// Runs a real handshake between a fresh client and `server`; false if it did not connect.
bool Handshake(Fixture& f, DtlsSession& server) {
  DtlsSession client(*f.clientContext);
  client.SetRemoteFingerprint("sha-256", f.serverCertificate->Fingerprint("sha-256"));
  client.Start(DtlsRole::kClient, kNow);
  std::vector<uint8_t> datagram;
  for (int round = 0; round < 10; ++round) {
    bool moved = false;
    while (client.PollTransmit(&datagram)) {
      server.HandleDatagram(kNow, datagram);
      moved = true;
    }
    while (server.PollTransmit(&datagram)) {
      client.HandleDatagram(kNow, datagram);
      moved = true;
    }
    if (!moved) break;
  }
  return server.state() == DtlsState::kConnected;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  Fixture& f = GetFixture();
  uint8_t control = data[0];
  int mode = (control & 3) % 3;
  auto clientFingerprint = f.clientCertificate->Fingerprint("sha-256");

  DtlsSession server(*f.serverContext);
  bool fingerprintFirst = (control & 0x04) != 0 || mode == 2;
  if (fingerprintFirst) server.SetRemoteFingerprint("sha-256", clientFingerprint);
  server.Start(DtlsRole::kServer, kNow);
  if (mode == 1) {
    for (const auto& datagram : f.clientHello)
      server.HandleDatagram(kNow, datagram);
  } else if (mode == 2 && !Handshake(f, server)) {
    __builtin_trap();
  }
  Drain(server);

  size_t offset = 1;
  while (offset < size) {
    size_t length = size - offset;
    if (length >= 2) {
      length = std::min<size_t>((size_t{data[offset]} << 8) | data[offset + 1], length - 2);
      offset += 2;
    } else {
      length = size - offset;
    }
    server.HandleDatagram(kNow, weir::base::ByteView(data + offset, length));
    offset += length;
    if (control & 0x08) server.HandleTimeout(weir::base::kNever - weir::base::Duration(1));
    if (control & 0x20)
      server.SendApplicationData(weir::base::ByteView(data, size > 64 ? 64 : size));
    Drain(server);
  }
  if (mode == 2 && server.state() != DtlsState::kConnected) {
    std::fprintf(stderr, "connected session lost: %s\n", server.failureReason().c_str());
    __builtin_trap();
  }
  if (!fingerprintFirst) server.SetRemoteFingerprint("sha-256", clientFingerprint);
  if (control & 0x10) server.Close();
  Drain(server);
  return 0;
}
