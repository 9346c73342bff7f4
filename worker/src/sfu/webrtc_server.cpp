#include "sfu/webrtc_server.hpp"

#include <algorithm>

#include "engine/ice/ice_credentials.hpp"
#include "proto/demux.hpp"
#include "proto/stun/stun_message.hpp"
#include "sfu/webrtc_transport.hpp"

namespace weir::sfu {

namespace {

IceSocketsOptions OptionsOf(const std::vector<ListenInfo>& listenInfos) {
  IceSocketsOptions options;
  options.listenInfos = listenInfos;
  return options;
}

}  // namespace

WebRtcServer::WebRtcServer(std::string id, const std::vector<ListenInfo>& listenInfos,
                           Environment& env)
    : id_(std::move(id)), sockets_(env, OptionsOf(listenInfos), *this) {}

WebRtcServer::~WebRtcServer() {
  for (WebRtcTransport* transport : transports_)
    transport->DetachServer();
}

void WebRtcServer::AddTransport(WebRtcTransport& transport) {
  transports_.push_back(&transport);
}

void WebRtcServer::RemoveTransport(WebRtcTransport& transport) {
  std::erase(transports_, &transport);
  absl::erase_if(byUfrag_, [&](const auto& e) { return e.second == &transport; });
  std::vector<engine::IceTuple> tuples;
  for (const auto& [tuple, t] : byTuple_) {
    if (t == &transport) tuples.push_back(tuple);
  }
  for (const auto& tuple : tuples) {
    byTuple_.erase(tuple);
    sockets_.CloseConnection(tuple);  // A TCP connection belongs to one transport.
  }
}

void WebRtcServer::AddUfrag(WebRtcTransport& transport, const std::string& ufrag) {
  byUfrag_[ufrag] = &transport;
}

void WebRtcServer::RemoveUfrag(const std::string& ufrag) {
  byUfrag_.erase(ufrag);
}

void WebRtcServer::AddTuple(WebRtcTransport& transport, const engine::IceTuple& tuple) {
  byTuple_[tuple] = &transport;
}

void WebRtcServer::RemoveTuple(const engine::IceTuple& tuple) {
  byTuple_.erase(tuple);
}

std::vector<std::string> WebRtcServer::TransportIds() const {
  std::vector<std::string> ids;
  for (const WebRtcTransport* t : transports_)
    ids.push_back(t->id());
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<std::pair<std::string, std::string>> WebRtcServer::UfragTable() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [ufrag, t] : byUfrag_)
    out.emplace_back(ufrag, t->id());
  std::sort(out.begin(), out.end());
  return out;
}

void WebRtcServer::OnIcePacket(base::Timestamp now, const engine::IceTuple& tuple,
                               base::MutableByteView data) {
  // STUN first by ufrag: a peer may check a new path (or restart ICE) from a known tuple.
  if (proto::ClassifyPacket(data) == proto::PacketKind::kStun) {
    if (auto message = proto::stun::StunMessage::Parse(data)) {
      if (auto ufrag = engine::LocalUfragOf(*message)) {
        auto it = byUfrag_.find(std::string(*ufrag));
        if (it != byUfrag_.end()) {
          it->second->OnIcePacket(now, tuple, data);
          return;
        }
      }
    }
  }
  auto it = byTuple_.find(tuple);
  if (it == byTuple_.end()) {
    ++unmatched_;
    return;
  }
  it->second->OnIcePacket(now, tuple, data);
}

void WebRtcServer::OnIceTupleClosed(base::Timestamp now, const engine::IceTuple& tuple) {
  auto it = byTuple_.find(tuple);
  if (it == byTuple_.end()) return;
  WebRtcTransport* transport = it->second;
  byTuple_.erase(it);
  transport->OnIceTupleClosed(now, tuple);
}

}  // namespace weir::sfu
