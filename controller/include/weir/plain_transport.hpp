#pragma once

// A PlainTransport: plain RTP/RTCP (optionally SRTP) over UDP with any endpoint, e.g. ffmpeg or
// GStreamer (router.createPlainTransport). With comedia it learns the remote from the first
// packet; otherwise Connect({"ip", "port", "rtcpPort"?, "srtpParameters"?}) sets it.

#include <memory>
#include <optional>
#include <string>

#include "weir/listener_list.hpp"
#include "weir/transport.hpp"

namespace weir {

class Router;

struct PlainTransportOptions {
  std::string transportId;  // empty: a fresh UUID
  ListenInfo listenInfo;
  // Without rtcpMux: where RTCP listens (default: listenInfo's address, another port).
  std::optional<ListenInfo> rtcpListenInfo;
  bool rtcpMux = true;
  bool comedia = false;
  bool enableSrtp = false;
  std::string srtpCryptoSuite;  // empty: AES_CM_128_HMAC_SHA1_80
  bool enableSctp = false;
  // The new object's appData() (never sent to the worker).
  nlohmann::json appData = nlohmann::json::object();
};

class PlainTransport final : public Transport {
 public:
  std::string_view kind() const override { return "plainTransport"; }

  // The local address and port, and the remote once known (Connect() or comedia).
  const TransportTuple& tuple() const { return tuple_; }
  // Without rtcpMux: RTCP's own tuple.
  const std::optional<TransportTuple>& rtcpTuple() const { return rtcpTuple_; }
  bool rtcpMux() const { return rtcpMux_; }
  bool comedia() const { return comedia_; }
  // With enableSrtp: the local keys, for the remote to decrypt with.
  const std::optional<SrtpParameters>& srtpParameters() const { return srtpParameters_; }

  // transport.tuple / transport.rtcptuple: comedia learnt the remote.
  void OnTuple(absl::AnyInvocable<void(const TransportTuple&)> listener);
  void OnRtcpTuple(absl::AnyInvocable<void(const TransportTuple&)> listener);

 protected:
  void HandleConnected(const nlohmann::json& response) override;
  void HandleNotification(const Notification& notification) override;
  void HandleClosed(CloseReason reason) override;

 private:
  friend class Router;
  PlainTransport(std::shared_ptr<detail::Channel> channel, std::string id, std::string routerId,
                 const nlohmann::json& response);

  TransportTuple tuple_;
  std::optional<TransportTuple> rtcpTuple_;
  bool rtcpMux_ = true;
  bool comedia_ = false;
  std::optional<SrtpParameters> srtpParameters_;
  ListenerList<const TransportTuple&> tupleListeners_;
  ListenerList<const TransportTuple&> rtcpTupleListeners_;
};

}  // namespace weir
