#pragma once

// A minimal WebRTC endpoint for the controller's integration tests, standing in for a browser
// behind mediasoup-client: one loopback UDP socket, an ICE controlling agent that sends one
// nominating Binding request (RFC 8445 7.2.2, USE-CANDIDATE), a DTLS client (the worker's own
// sans-IO DtlsSession) and SRTP from the exported keys. It reads the mediasoup-client documents
// a WebRtcTransport hands out (iceParameters, iceCandidates, dtlsParameters) and gives its own
// dtlsParameters for Connect(). Not an ICE agent in full: no candidates of its own, no
// retransmission of checks beyond what Pump() repeats until an answer arrives.
//
// Polled: Pump() moves datagrams between the socket and the sessions; call it from the test
// loop's RunUntil predicate.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/dtls/dtls_certificate.hpp"
#include "engine/dtls/dtls_context.hpp"
#include "engine/dtls/dtls_session.hpp"
#include "engine/srtp/srtp_session.hpp"
#include "nlohmann/json.hpp"

namespace weir::test {

class WebRtcPeer {
 public:
  WebRtcPeer();
  ~WebRtcPeer();
  WebRtcPeer(const WebRtcPeer&) = delete;
  WebRtcPeer& operator=(const WebRtcPeer&) = delete;

  // What mediasoup-client sends in transport.on("connect"): role "client", our fingerprint.
  nlohmann::json dtlsParameters() const;

  // Takes the transport's documents and starts: ICE checks towards its UDP candidate, then the
  // DTLS handshake once ICE answered. Returns false when no UDP candidate or fingerprint fits.
  bool Start(const nlohmann::json& iceParameters, const nlohmann::json& iceCandidates,
             const nlohmann::json& dtlsParameters);

  // Moves what is pending in both directions; never blocks.
  void Pump();

  uint16_t port() const { return port_; }
  bool iceAnswered() const { return iceAnswered_; }
  bool dtlsConnected() const { return dtls_ && dtls_->state() == engine::DtlsState::kConnected; }
  bool srtpReady() const { return srtpSend_ != nullptr && srtpRecv_ != nullptr; }

  // Protects and sends an RTP packet (after srtpReady()).
  bool SendRtp(std::vector<uint8_t> packet);
  // RTP packets received and unprotected (RTCP is counted apart).
  const std::vector<std::vector<uint8_t>>& rtp() const { return rtp_; }
  void ClearRtp() { rtp_.clear(); }
  size_t rtcp() const { return rtcp_; }

 private:
  void SendCheck();
  void Send(const std::vector<uint8_t>& datagram);
  void HandleDatagram(std::vector<uint8_t> datagram);
  void HandleSrtp(std::vector<uint8_t> datagram);

  int fd_ = -1;
  uint16_t port_ = 0;
  uint16_t remotePort_ = 0;
  std::string remoteUfrag_;
  std::string remotePassword_;
  std::string localUfrag_ = "peerufrg";
  std::unique_ptr<engine::DtlsCertificate> certificate_;
  std::unique_ptr<engine::DtlsContext> context_;
  std::unique_ptr<engine::DtlsSession> dtls_;
  std::unique_ptr<engine::SrtpSession> srtpSend_;
  std::unique_ptr<engine::SrtpSession> srtpRecv_;
  bool started_ = false;
  bool iceAnswered_ = false;
  bool dtlsStarted_ = false;
  uint8_t checks_ = 0;
  std::vector<std::vector<uint8_t>> rtp_;
  size_t rtcp_ = 0;
};

}  // namespace weir::test
