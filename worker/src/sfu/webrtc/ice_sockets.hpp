#pragma once

// The sockets an ICE agent listens on — UDP sockets and passive TCP servers with their accepted
// connections (RFC 6544, framed per RFC 4571) — behind one interface: packets come out tagged
// with their engine::IceTuple, and Send() takes a tuple. A WebRtcTransport uses one of its own;
// a WebRtcServer shares one among many transports.
//
// Tuples: for UDP, connectionId is the index of the local socket the packet arrived on (a reply
// must leave from it); for TCP it is the connection's id (from kFirstTcpId upwards).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "engine/ice/ice_tuple.hpp"
#include "engine/ice/tcp_framing.hpp"
#include "sfu/environment.hpp"
#include "sfu/plain_transport.hpp"
#include "sfu/webrtc/ice_candidate.hpp"

namespace weir::sfu {

class IceSocketsListener {
 public:
  virtual ~IceSocketsListener() = default;
  // `data` may be modified in place (decryption); valid for this call only.
  virtual void OnIcePacket(base::Timestamp now, const engine::IceTuple& tuple,
                           base::MutableByteView data) = 0;
  // A TCP connection went away (the peer closed, a framing error, or CloseConnection()).
  virtual void OnIceTupleClosed(base::Timestamp now, const engine::IceTuple& tuple) = 0;
};

struct IceSocketsOptions {
  std::vector<ListenInfo> listenInfos;
  bool enableUdp = true;
  bool enableTcp = true;
  bool preferUdp = false;
  bool preferTcp = false;
};

class IceSockets : public TcpServerListener, public StreamListener {
 public:
  static constexpr uint64_t kFirstTcpId = 1u << 16;
  static constexpr size_t kMaxTcpConnections = 64;

  // Binds everything; throws sfu::Error (TypeError if nothing is left to listen on).
  IceSockets(Environment& env, const IceSocketsOptions& options, IceSocketsListener& listener);
  ~IceSockets() override;
  IceSockets(const IceSockets&) = delete;
  IceSockets& operator=(const IceSockets&) = delete;

  // False when the tuple has no socket (a closed TCP connection) or the write was dropped.
  bool Send(const engine::IceTuple& tuple, base::ByteView data);
  void CloseConnection(const engine::IceTuple& tuple);
  const std::vector<IceCandidate>& candidates() const { return candidates_; }
  size_t tcp_connection_count() const { return connections_.size(); }
  uint64_t framing_errors() const { return framingErrors_; }
  uint64_t refused_connections() const { return refusedConnections_; }

  // TcpServerListener, StreamListener.
  void OnTcpConnection(base::Timestamp now, std::unique_ptr<StreamConnection> connection) override;
  void OnStreamData(base::Timestamp now, StreamConnection& connection,
                    base::ByteView data) override;
  void OnStreamClosed(base::Timestamp now, StreamConnection& connection) override;

 private:
  class UdpReceiver : public DatagramListener {
   public:
    UdpReceiver(IceSockets& owner, uint64_t index) : owner_(owner), index_(index) {}
    void OnDatagram(base::Timestamp now, base::MutableByteView data,
                    const base::SocketAddress& from) override {
      owner_.listener_.OnIcePacket(now, engine::IceTuple{from, engine::IceProtocol::kUdp, index_},
                                   data);
    }

   private:
    IceSockets& owner_;
    uint64_t index_;
  };
  struct Connection {
    std::unique_ptr<StreamConnection> stream;
    std::unique_ptr<engine::TcpFrameDecoder> decoder;
    uint64_t id;
  };

  void Drop(base::Timestamp now, StreamConnection& connection);

  IceSocketsListener& listener_;
  std::vector<std::unique_ptr<UdpSocket>> udpSockets_;
  std::vector<std::unique_ptr<UdpReceiver>> udpReceivers_;
  std::vector<std::unique_ptr<TcpServer>> tcpServers_;
  absl::flat_hash_map<StreamConnection*, Connection> connections_;
  absl::flat_hash_map<uint64_t, StreamConnection*> connectionsById_;
  std::vector<IceCandidate> candidates_;
  uint64_t nextTcpId_ = kFirstTcpId;
  uint64_t framingErrors_ = 0;
  uint64_t refusedConnections_ = 0;
};

}  // namespace weir::sfu
