#pragma once

// A WebRtcTransport: ICE-lite, DTLS and SRTP towards a browser (router.createWebRtcTransport).
// iceParameters(), iceCandidates() and dtlsParameters() are what mediasoup-client's
// device.createSendTransport()/createRecvTransport() take, as they are. On its own sockets
// (listenInfos) or on a WebRtcServer's; in the latter case closing the server closes it
// (CloseReason::kWebRtcServerClosed).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "weir/listener_list.hpp"
#include "weir/transport.hpp"

namespace weir {

class Router;
class WebRtcServer;

struct WebRtcTransportOptions {
  std::string transportId;  // empty: a fresh UUID
  // Its own sockets (one per entry) ...
  std::vector<ListenInfo> listenInfos;
  // ... or those of a WebRtcServer of the same worker (then listenInfos stay empty).
  std::shared_ptr<WebRtcServer> webRtcServer;
  bool enableUdp = true;
  bool enableTcp = true;
  bool preferUdp = false;
  bool preferTcp = false;
  uint32_t initialAvailableOutgoingBitrate = 600000;
  bool enableSctp = false;
  uint16_t numSctpStreams = 1024;
  uint32_t maxSctpMessageSize = 262144;
  // The new object's appData() (never sent to the worker).
  nlohmann::json appData = nlohmann::json::object();
};

class WebRtcTransport final : public Transport {
 public:
  std::string_view kind() const override { return "webRtcTransport"; }

  // mediasoup-client shapes: {"usernameFragment", "password", "iceLite"};
  // [{"foundation", "priority", "address", "ip", "protocol", "port", "type", "tcpType"?}];
  // {"role", "fingerprints": [{"algorithm", "value"}]} (role "auto" until connected, then the
  // local role).
  const nlohmann::json& iceParameters() const { return iceParameters_; }
  const nlohmann::json& iceCandidates() const { return iceCandidates_; }
  const nlohmann::json& dtlsParameters() const { return dtlsParameters_; }
  const std::string& iceRole() const { return iceRole_; }  // "controlled"
  IceState iceState() const { return iceState_; }
  const std::optional<TransportTuple>& iceSelectedTuple() const { return iceSelectedTuple_; }
  DtlsState dtlsState() const { return dtlsState_; }
  // The server whose sockets it uses (null: its own sockets, or the server is gone).
  std::shared_ptr<WebRtcServer> webRtcServer() const { return webRtcServer_.lock(); }

  // transport.restartIce: new local ICE credentials (also kept in iceParameters()), to hand to
  // mediasoup-client's transport.restartIce({iceParameters}).
  void RestartIce(Callback<nlohmann::json> callback);

  void OnIceStateChange(absl::AnyInvocable<void(IceState)> listener);
  // Nothing: no path is selected any more.
  void OnIceSelectedTupleChange(
      absl::AnyInvocable<void(const std::optional<TransportTuple>&)> listener);
  // `reason` says why for "failed" and "closed" (empty otherwise).
  void OnDtlsStateChange(absl::AnyInvocable<void(DtlsState, const std::string& reason)> listener);

 protected:
  void HandleConnected(const nlohmann::json& response) override;
  void HandleNotification(const Notification& notification) override;
  void HandleClosed(CloseReason reason) override;

 private:
  friend class Router;
  friend class WebRtcServer;
  WebRtcTransport(std::shared_ptr<detail::Channel> channel, std::string id, std::string routerId,
                  const nlohmann::json& response, std::weak_ptr<WebRtcServer> server);

  nlohmann::json iceParameters_;
  nlohmann::json iceCandidates_;
  nlohmann::json dtlsParameters_;
  std::string iceRole_;
  IceState iceState_ = IceState::kNew;
  std::optional<TransportTuple> iceSelectedTuple_;
  DtlsState dtlsState_ = DtlsState::kNew;
  std::weak_ptr<WebRtcServer> webRtcServer_;
  ListenerList<IceState> iceStateListeners_;
  ListenerList<const std::optional<TransportTuple>&> tupleListeners_;
  ListenerList<DtlsState, const std::string&> dtlsStateListeners_;
};

}  // namespace weir
