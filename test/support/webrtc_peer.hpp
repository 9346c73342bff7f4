#pragma once

// An in-process WebRTC endpoint on the FakeNetwork, the other end of a sfu::WebRtcTransport in
// scenario tests and fuzzers: the controlling ICE agent (it sends Binding requests signed with
// the transport's password, RFC 8445 7.2.2), a DTLS session with its own certificate, and SRTP
// both ways once DTLS is connected. It is driven by hand: Process() consumes what the network
// delivered to its socket; nothing happens behind the test's back.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/dtls/dtls_session.hpp"
#include "engine/srtp/srtp_session.hpp"
#include "proto/stun/stun_message.hpp"
#include "sfu/webrtc_transport.hpp"
#include "support/fake_environment.hpp"
#include "support/fake_tcp.hpp"

namespace weir::test {

// The peer's own DTLS identity (another certificate than the worker's), made once a process.
const engine::DtlsCertificate& PeerCertificate();
const engine::DtlsContext& PeerDtlsContext();

struct StunCheck {
  bool useCandidate = true;
  bool controlling = true;  // ICE-CONTROLLING, else ICE-CONTROLLED (a role conflict).
  bool priority = true;
  std::optional<std::string> username;  // Default "<remote ufrag>:<local ufrag>".
  std::optional<std::string> password;  // Default the remote's password.
  bool integrity = true;
  uint8_t tidSeed = 0;  // 0: the next of the peer's own counter.
};

class WebRtcPeer {
 public:
  WebRtcPeer(FakeNetwork& network, const std::string& ip, uint16_t port);
  ~WebRtcPeer();

  const base::SocketAddress& address() const { return peer_->socket->local(); }

  // The transport's ICE parameters and where to reach it.
  void SetRemote(const base::SocketAddress& remote, const sfu::IceParameters& ice);
  void SetRemoteIce(const sfu::IceParameters& ice) { remoteIce_ = ice; }
  const base::SocketAddress& remote() const { return remote_; }

  // ICE over TCP instead of UDP: connects to `to` (a passive TCP candidate); from then on
  // everything goes over that connection, framed per RFC 4571. False if refused.
  bool ConnectTcp(FakeTcpNetwork& network, const base::SocketAddress& to);
  FakeTcpClient* tcp() { return tcp_.get(); }

  std::vector<uint8_t> BuildCheck(const StunCheck& check = {});
  void SendCheck(const StunCheck& check = {}) { Send(BuildCheck(check)); }
  // One datagram (UDP), or one frame (TCP: at most 65535 bytes, else dropped).
  void Send(base::ByteView data);

  // What transport.connect gets from this peer: its sha-256 fingerprint and `role`.
  sfu::DtlsParameters dtlsParameters(sfu::DtlsRoleParam role) const;
  // Our DTLS role, opposite of the one the transport takes; checks the transport's fingerprint.
  void StartDtls(engine::DtlsRole role, base::Timestamp now, const std::string& remoteFingerprint);

  // Consumes the socket's inbox: STUN answers are kept, DTLS goes to the session (and what it
  // sends goes out), SRTP/SRTCP is decrypted into rtp/rtcp. Returns how many datagrams it took.
  size_t Process(base::Timestamp now);

  // Protects and sends a plain RTP/RTCP packet; false before DTLS gave keys or if SRTP refused.
  bool SendRtp(base::ByteView plain);
  bool SendRtcp(base::ByteView plain);
  // Protects without sending (for tests that send it from elsewhere or tamper with it).
  std::optional<std::vector<uint8_t>> ProtectRtp(base::ByteView plain);
  std::optional<std::vector<uint8_t>> ProtectRtcp(base::ByteView plain);

  engine::DtlsSession& dtls() { return *dtls_; }
  bool hasDtls() const { return dtls_ != nullptr; }  // Made by the DTLS handshake step.
  bool srtpReady() const { return srtpSend_ != nullptr; }

  std::vector<proto::stun::StunMessage> stunAnswers() const;
  std::vector<std::vector<uint8_t>> stunRaw;  // Every STUN message received.
  std::vector<std::vector<uint8_t>> rtp;      // Decrypted RTP.
  std::vector<std::vector<uint8_t>> rtcp;     // Decrypted RTCP.
  uint64_t sentDatagrams = 0;
  uint64_t srtpFailures = 0;
  uint64_t otherPackets = 0;

 private:
  void OnDtlsProgress();
  void HandleIncoming(base::Timestamp now, std::vector<uint8_t> data);

  FakeNetwork& network_;
  std::unique_ptr<FakeNetwork::Peer> peer_;
  std::unique_ptr<FakeTcpClient> tcp_;
  base::SocketAddress remote_;
  sfu::IceParameters remoteIce_;
  std::string localUfrag_ = "PeerUfrag";
  uint8_t nextTid_ = 1;
  std::unique_ptr<engine::DtlsSession> dtls_;
  std::unique_ptr<engine::SrtpSession> srtpSend_;
  std::unique_ptr<engine::SrtpSession> srtpRecv_;
  std::vector<uint8_t> out_;
};

// Pumps the network and lets every peer process what it got, until nothing moves (bounded).
void Exchange(FakeNetwork& network, base::Timestamp now, std::initializer_list<WebRtcPeer*> peers);

}  // namespace weir::test
