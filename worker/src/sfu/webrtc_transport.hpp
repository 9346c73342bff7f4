#pragma once

// A transport to a WebRTC endpoint (a browser): ICE-lite (engine::IceServer) selects the path,
// DTLS (engine::DtlsSession) authenticates the peer by its certificate fingerprint and yields the
// SRTP keys, SRTP protects media. It composes those engines and only routes between them and
// the sockets: its own (IceSockets) or a WebRtcServer's shared ones.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/dtls/dtls_session.hpp"
#include "engine/ice/ice_server.hpp"
#include "engine/srtp/srtp_session.hpp"
#include "sfu/transport.hpp"
#include "sfu/webrtc/ice_sockets.hpp"

namespace weir::sfu {

class WebRtcServer;

struct WebRtcTransportOptions {
  IceSocketsOptions sockets;       // Ignored when `server` is set.
  WebRtcServer* server = nullptr;  // Share this server's sockets.
  uint32_t initialAvailableOutgoingBitrate = 600000;
  bool enableSctp = false;
};

struct IceParameters {
  std::string usernameFragment;
  std::string password;
  bool iceLite = true;
};

struct DtlsFingerprintParam {
  std::string algorithm;
  std::string value;
};

enum class DtlsRoleParam : uint8_t { kAuto, kClient, kServer };

struct DtlsParameters {
  DtlsRoleParam role = DtlsRoleParam::kAuto;
  std::vector<DtlsFingerprintParam> fingerprints;
};

class WebRtcTransport final : public Transport, public IceSocketsListener {
 public:
  WebRtcTransport(std::string id, const WebRtcTransportOptions& options, Environment& env,
                  TransportListener& listener);
  ~WebRtcTransport() override;

  // The remote's DTLS parameters. Throws TypeError (no usable fingerprint, bad role) or
  // InvalidState (already connected).
  void Connect(const DtlsParameters& remote);
  // New local ICE credentials (the peer restarts ICE with them).
  IceParameters RestartIce();

  const IceParameters& iceParameters() const { return iceParameters_; }
  const std::vector<IceCandidate>& iceCandidates() const;
  DtlsParameters localDtlsParameters() const;
  engine::IceState iceState() const { return ice_.state(); }
  std::optional<TransportTuple> iceSelectedTuple() const;
  engine::DtlsState dtlsState() const { return dtls_.state(); }
  std::optional<engine::DtlsRole> dtlsRole() const { return dtlsRole_; }
  const engine::IceServerStats& iceStats() const { return ice_.stats(); }
  uint32_t initialAvailableOutgoingBitrate() const {
    return options_.initialAvailableOutgoingBitrate;
  }
  bool connected() const override;
  void Close() override;

  // IceSocketsListener (own sockets, or routed here by the WebRtcServer).
  void OnIcePacket(base::Timestamp now, const engine::IceTuple& tuple,
                   base::MutableByteView data) override;
  void OnIceTupleClosed(base::Timestamp now, const engine::IceTuple& tuple) override;

  // For the WebRtcServer's demultiplexing: the current (and pre-restart) local ufrags.
  const engine::IceServer& ice() const { return ice_; }
  // The server is closing: the transport is closed with it.
  void DetachServer() { server_ = nullptr; }

 protected:
  void SendRtpPacket(base::Timestamp now, proto::rtp::RtpPacket& packet) override;
  void SendRtcpPacket(base::Timestamp now, base::ByteView data) override;
  base::Timestamp NextKindTimeout() const override;
  void HandleKindTimeout(base::Timestamp now) override;

 private:
  void HandleStun(base::Timestamp now, const engine::IceTuple& tuple, base::ByteView data);
  void HandleDtls(base::Timestamp now, const engine::IceTuple& tuple, base::ByteView data);
  void HandleMedia(base::Timestamp now, base::MutableByteView data, bool rtcp);
  void ProcessIceEvents(base::Timestamp now);
  void ProcessDtls(base::Timestamp now);
  void MaybeStartDtls(base::Timestamp now);
  void OnDtlsConnected(base::Timestamp now);
  void SendToSelected(base::ByteView data);
  bool SendToTuple(const engine::IceTuple& tuple, base::ByteView data);
  TransportTuple ToTransportTuple(const engine::IceTuple& tuple) const;
  void Protect(base::Timestamp now, base::ByteView data, bool rtcp);

  WebRtcTransportOptions options_;
  WebRtcServer* server_;
  std::unique_ptr<IceSockets> sockets_;  // Null when on a WebRtcServer.
  IceParameters iceParameters_;
  engine::IceServer ice_;
  engine::DtlsSession dtls_;
  std::optional<engine::DtlsRole> dtlsRole_;
  bool connectCalled_ = false;
  bool dtlsStarted_ = false;
  std::unique_ptr<engine::SrtpSession> srtpSend_;
  std::unique_ptr<engine::SrtpSession> srtpRecv_;
  std::vector<uint8_t> dtlsOut_;
  std::unique_ptr<uint8_t[]> scratch_;
};

}  // namespace weir::sfu
