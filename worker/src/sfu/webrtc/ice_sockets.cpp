#include "sfu/webrtc/ice_sockets.hpp"

#include <algorithm>

#include "base/logging.hpp"
#include "sfu/errors.hpp"

namespace weir::sfu {

namespace {

UdpBindOptions BindOptionsOf(const ListenInfo& info) {
  UdpBindOptions options;
  options.ip = info.ip;
  options.port = info.port;
  options.portRangeMin = info.portRangeMin;
  options.portRangeMax = info.portRangeMax;
  return options;
}

// Local preference (RFC 8445 5.1.2.1): the preferred protocol first, then listen order.
uint16_t LocalPreference(const IceSocketsOptions& options, TransportProtocol protocol,
                         size_t order) {
  bool udpFirst = !options.preferTcp || options.preferUdp;
  bool preferred = (protocol == TransportProtocol::kUdp) == udpFirst;
  uint32_t base = preferred ? 65535 : 32767;
  return static_cast<uint16_t>(base - std::min<size_t>(order, 1000));
}

}  // namespace

IceSockets::IceSockets(Environment& env, const IceSocketsOptions& options,
                       IceSocketsListener& listener)
    : listener_(listener) {
  size_t order = 0;
  for (const ListenInfo& info : options.listenInfos) {
    IceCandidate candidate;
    candidate.protocol = info.protocol;
    candidate.priority = IceCandidatePriority(LocalPreference(options, info.protocol, order++));
    if (info.protocol == TransportProtocol::kUdp) {
      if (!options.enableUdp) continue;
      auto socket = env.network.BindUdp(BindOptionsOf(info));
      auto receiver = std::make_unique<UdpReceiver>(*this, udpSockets_.size());
      socket->SetListener(receiver.get());
      candidate.foundation = "udpcandidate";
      candidate.address =
          info.announcedAddress.empty() ? socket->local().ip() : info.announcedAddress;
      candidate.port = socket->local().port();
      udpSockets_.push_back(std::move(socket));
      udpReceivers_.push_back(std::move(receiver));
    } else {
      if (!options.enableTcp) continue;
      auto server = env.network.ListenTcp(BindOptionsOf(info));
      server->SetListener(this);
      candidate.foundation = "tcpcandidate";
      candidate.address =
          info.announcedAddress.empty() ? server->local().ip() : info.announcedAddress;
      candidate.port = server->local().port();
      tcpServers_.push_back(std::move(server));
    }
    candidates_.push_back(std::move(candidate));
  }
  if (candidates_.empty()) {
    ThrowTypeError("listenInfos: nothing to listen on (check enableUdp/enableTcp and protocols)");
  }
}

IceSockets::~IceSockets() = default;

bool IceSockets::Send(const engine::IceTuple& tuple, base::ByteView data) {
  if (tuple.protocol == engine::IceProtocol::kUdp) {
    if (tuple.connectionId >= udpSockets_.size()) return false;
    udpSockets_[tuple.connectionId]->Send(data, tuple.remote);
    return true;
  }
  auto it = connectionsById_.find(tuple.connectionId);
  if (it == connectionsById_.end() || data.empty() || data.size() > engine::kMaxTcpFrameSize) {
    return false;
  }
  auto header = engine::EncodeTcpFrameHeader(static_cast<uint16_t>(data.size()));
  return it->second->Send(header, data);
}

void IceSockets::OnTcpConnection(base::Timestamp, std::unique_ptr<StreamConnection> connection) {
  if (connections_.size() >= kMaxTcpConnections) {
    ++refusedConnections_;  // Dropping the unique_ptr closes it.
    return;
  }
  StreamConnection* key = connection.get();
  uint64_t id = nextTcpId_++;
  connection->SetListener(this);
  connectionsById_[id] = key;
  connections_[key] =
      Connection{std::move(connection), std::make_unique<engine::TcpFrameDecoder>(), id};
}

void IceSockets::OnStreamData(base::Timestamp now, StreamConnection& stream, base::ByteView data) {
  auto it = connections_.find(&stream);
  if (it == connections_.end()) return;
  const uint64_t id = it->second.id;
  const engine::IceTuple tuple{stream.remote(), engine::IceProtocol::kTcp, id};
  while (true) {
    auto found = connections_.find(&stream);
    if (found == connections_.end() || found->second.id != id) return;  // Closed meanwhile.
    engine::TcpFrameDecoder& decoder = *found->second.decoder;
    size_t taken = decoder.Append(data);
    data = data.subspan(taken);
    bool closed = false;
    for (;;) {
      auto result = decoder.Next();
      if (result.status == engine::TcpFrameDecoder::Status::kNeedMore) break;
      if (result.status == engine::TcpFrameDecoder::Status::kError) {
        ++framingErrors_;
        Drop(now, stream);
        return;
      }
      listener_.OnIcePacket(now, tuple, result.frame);
      // The listener may have closed this connection.
      if (!connectionsById_.contains(id)) {
        closed = true;
        break;
      }
    }
    if (closed || data.empty()) return;
  }
}

void IceSockets::OnStreamClosed(base::Timestamp now, StreamConnection& stream) {
  Drop(now, stream);
}

void IceSockets::Drop(base::Timestamp now, StreamConnection& stream) {
  auto it = connections_.find(&stream);
  if (it == connections_.end()) return;
  engine::IceTuple tuple{stream.remote(), engine::IceProtocol::kTcp, it->second.id};
  connectionsById_.erase(it->second.id);
  // Destroying the connection from its own callback is allowed (io/tcp_connection.hpp).
  connections_.erase(it);
  listener_.OnIceTupleClosed(now, tuple);
}

void IceSockets::CloseConnection(const engine::IceTuple& tuple) {
  if (tuple.protocol != engine::IceProtocol::kTcp) return;
  auto it = connectionsById_.find(tuple.connectionId);
  if (it == connectionsById_.end()) return;
  StreamConnection* stream = it->second;
  connectionsById_.erase(it);
  connections_.erase(stream);
}

}  // namespace weir::sfu
