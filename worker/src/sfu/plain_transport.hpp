#pragma once

// A transport over plain UDP: RTP (and RTCP, multiplexed on the same port or on its own) to one
// remote address, which the controller gives in connect() or which "comedia" mode learns from
// the first packet received. Optional SRTP with keys exchanged out of band (no DTLS). Packets
// from any other address are counted and dropped.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/srtp/srtp_session.hpp"
#include "sfu/transport.hpp"
#include "sfu/transport_tuple.hpp"

namespace weir::sfu {

struct ListenInfo {
  TransportProtocol protocol = TransportProtocol::kUdp;
  std::string ip;
  std::string announcedAddress;
  uint16_t port = 0;
  uint16_t portRangeMin = 0;
  uint16_t portRangeMax = 0;
};

struct SrtpParameters {
  engine::SrtpSuite cryptoSuite = engine::SrtpSuite::kAesCm128HmacSha1_80;
  std::vector<uint8_t> keyAndSalt;
};

struct PlainTransportOptions {
  ListenInfo listenInfo;
  std::optional<ListenInfo> rtcpListenInfo;
  bool rtcpMux = true;
  bool comedia = false;
  bool enableSrtp = false;
  engine::SrtpSuite srtpCryptoSuite = engine::SrtpSuite::kAesCm128HmacSha1_80;
};

struct PlainConnectParams {
  std::optional<std::string> ip;
  std::optional<uint16_t> port;
  std::optional<uint16_t> rtcpPort;
  std::optional<SrtpParameters> srtpParameters;
};

class PlainTransport final : public Transport {
 public:
  // Binds the sockets; throws sfu::Error when it cannot.
  PlainTransport(std::string id, const PlainTransportOptions& options, Environment& env,
                 TransportListener& listener);
  ~PlainTransport() override;

  // Throws TypeError for missing/invalid fields, InvalidState if already connected.
  void Connect(const PlainConnectParams& params);

  const TransportTuple& tuple() const { return tuple_; }
  const std::optional<TransportTuple>& rtcpTuple() const { return rtcpTuple_; }
  bool rtcpMux() const { return options_.rtcpMux; }
  bool comedia() const { return options_.comedia; }
  // The local keys (what the remote decrypts our packets with), when SRTP is enabled.
  const std::optional<SrtpParameters>& srtpParameters() const { return localSrtp_; }
  bool connected() const override;
  void Close() override;

 protected:
  void SendRtpPacket(base::Timestamp now, proto::rtp::RtpPacket& packet) override;
  void SendRtcpPacket(base::Timestamp now, base::ByteView data) override;

 private:
  class SocketReceiver : public DatagramListener {
   public:
    SocketReceiver(PlainTransport& transport, bool rtcp) : transport_(transport), rtcp_(rtcp) {}
    void OnDatagram(base::Timestamp now, base::MutableByteView data,
                    const base::SocketAddress& from) override {
      transport_.HandleDatagram(now, data, from, rtcp_);
    }

   private:
    PlainTransport& transport_;
    bool rtcp_;
  };

  void HandleDatagram(base::Timestamp now, base::MutableByteView data,
                      const base::SocketAddress& from, bool fromRtcpSocket);
  // Whether a datagram from `from` is for this transport; `*learn` when it is only because
  // comedia would learn `from` from it, which LearnSource() does once the packet proved valid
  // (authentic with SRTP, parseable), so that no stray packet can take the tuple.
  bool AcceptSource(const base::SocketAddress& from, bool rtcp, bool fromRtcpSocket,
                    bool* learn) const;
  void LearnSource(base::Timestamp now, const base::SocketAddress& from, bool rtcp,
                   bool fromRtcpSocket);
  void SetRemote(const base::SocketAddress& address);
  void SetRtcpRemote(const base::SocketAddress& address);
  void MaybeConnected(base::Timestamp now);
  void GenerateLocalKey(engine::SrtpSuite suite);
  void SendDatagram(base::Timestamp now, base::ByteView data, bool rtcp);

  PlainTransportOptions options_;
  std::unique_ptr<UdpSocket> socket_;
  std::unique_ptr<UdpSocket> rtcpSocket_;
  SocketReceiver receiver_{*this, false};
  SocketReceiver rtcpReceiver_{*this, true};
  std::optional<base::SocketAddress> remote_;
  std::optional<base::SocketAddress> rtcpRemote_;
  TransportTuple tuple_;
  std::optional<TransportTuple> rtcpTuple_;
  std::optional<SrtpParameters> localSrtp_;
  std::unique_ptr<engine::SrtpSession> srtpSend_;
  std::unique_ptr<engine::SrtpSession> srtpRecv_;
  bool connectCalled_ = false;
  std::unique_ptr<uint8_t[]> scratch_;  // For SRTP protection (a copy per send).
};

}  // namespace weir::sfu
