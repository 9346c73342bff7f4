#pragma once

// Shared UDP/TCP sockets for many WebRtcTransports (fixed ports: one UDP and one TCP port can
// serve a whole worker). Incoming STUN is routed by the local username fragment in USERNAME;
// everything else by the 5-tuple that ICE validated for a transport. Closing a transport forgets
// its ufrags and tuples; closing the server closes its transports.

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "sfu/registry.hpp"
#include "sfu/webrtc/ice_sockets.hpp"

namespace weir::sfu {

class WebRtcTransport;

class WebRtcServer : public IceSocketsListener {
 public:
  WebRtcServer(std::string id, const std::vector<ListenInfo>& listenInfos, Environment& env);
  ~WebRtcServer() override;

  const std::string& id() const { return id_; }
  const std::vector<IceCandidate>& candidates() const { return sockets_.candidates(); }

  // --- For its transports ---
  void AddTransport(WebRtcTransport& transport);
  void RemoveTransport(WebRtcTransport& transport);
  void AddUfrag(WebRtcTransport& transport, const std::string& ufrag);
  void RemoveUfrag(const std::string& ufrag);
  void AddTuple(WebRtcTransport& transport, const engine::IceTuple& tuple);
  void RemoveTuple(const engine::IceTuple& tuple);
  bool Send(const engine::IceTuple& tuple, base::ByteView data) {
    return sockets_.Send(tuple, data);
  }
  void CloseConnection(const engine::IceTuple& tuple) { sockets_.CloseConnection(tuple); }

  std::vector<std::string> TransportIds() const;
  std::vector<std::pair<std::string, std::string>> UfragTable() const;
  size_t tuple_count() const { return byTuple_.size(); }
  uint64_t unmatched_packets() const { return unmatched_; }

  // IceSocketsListener.
  void OnIcePacket(base::Timestamp now, const engine::IceTuple& tuple,
                   base::MutableByteView data) override;
  void OnIceTupleClosed(base::Timestamp now, const engine::IceTuple& tuple) override;

 private:
  std::string id_;
  IceSockets sockets_;
  std::vector<WebRtcTransport*> transports_;
  absl::flat_hash_map<std::string, WebRtcTransport*> byUfrag_;
  absl::flat_hash_map<engine::IceTuple, WebRtcTransport*> byTuple_;
  uint64_t unmatched_ = 0;
};

}  // namespace weir::sfu
