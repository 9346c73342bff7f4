#include "sfu/plain_transport.hpp"

#include <openssl/rand.h>

#include <cstring>

#include "base/logging.hpp"
#include "proto/demux.hpp"
#include "sfu/errors.hpp"

namespace weir::sfu {

namespace {

constexpr size_t kScratchSize = 1500 + engine::kSrtpMaxTrailer + 64;

UdpBindOptions BindOptionsFor(const ListenInfo& info) {
  UdpBindOptions options;
  options.ip = info.ip;
  options.port = info.port;
  options.portRangeMin = info.portRangeMin;
  options.portRangeMax = info.portRangeMax;
  return options;
}

TransportTuple LocalTuple(const ListenInfo& info, const UdpSocket& socket) {
  TransportTuple tuple;
  tuple.localAddress = info.announcedAddress.empty() ? socket.local().ip() : info.announcedAddress;
  tuple.localPort = socket.local().port();
  tuple.protocol = TransportProtocol::kUdp;
  return tuple;
}

}  // namespace

PlainTransport::PlainTransport(std::string id, const PlainTransportOptions& options,
                               Environment& env, TransportListener& listener)
    : Transport(TransportKind::kPlain, std::move(id), env, listener), options_(options) {
  if (options.listenInfo.protocol != TransportProtocol::kUdp) {
    ThrowTypeError("listenInfo.protocol: a PlainTransport is UDP only");
  }
  socket_ = env.network.BindUdp(BindOptionsFor(options.listenInfo));
  socket_->SetListener(&receiver_);
  tuple_ = LocalTuple(options.listenInfo, *socket_);
  if (!options.rtcpMux) {
    ListenInfo rtcpInfo = options.rtcpListenInfo.value_or(options.listenInfo);
    if (!options.rtcpListenInfo) rtcpInfo.port = 0;  // Any free port of the range.
    rtcpSocket_ = env.network.BindUdp(BindOptionsFor(rtcpInfo));
    rtcpSocket_->SetListener(&rtcpReceiver_);
    rtcpTuple_ = LocalTuple(rtcpInfo, *rtcpSocket_);
  }
  if (options.enableSrtp) GenerateLocalKey(options.srtpCryptoSuite);
}

PlainTransport::~PlainTransport() {
  Close();
}

void PlainTransport::Close() {
  if (closed()) return;
  Transport::Close();
  socket_.reset();
  rtcpSocket_.reset();
}

void PlainTransport::GenerateLocalKey(engine::SrtpSuite suite) {
  SrtpParameters local;
  local.cryptoSuite = suite;
  local.keyAndSalt.resize(engine::KeySizes(suite).total());
  if (RAND_bytes(local.keyAndSalt.data(), static_cast<int>(local.keyAndSalt.size())) != 1) {
    ThrowError("cannot generate SRTP keys");
  }
  std::string error;
  srtpSend_ = engine::SrtpSession::Create(engine::SrtpSession::Direction::kOutbound, suite,
                                          local.keyAndSalt, &error);
  if (!srtpSend_) ThrowError("SRTP: %s", error);
  localSrtp_ = std::move(local);
}

void PlainTransport::Connect(const PlainConnectParams& params) {
  if (connectCalled_) ThrowInvalidState("connect() already called");
  // Everything is checked before anything changes: a rejected connect leaves no keys or
  // addresses behind.
  std::unique_ptr<engine::SrtpSession> srtpRecv;
  if (options_.enableSrtp) {
    if (!params.srtpParameters) ThrowTypeError("missing srtpParameters (SRTP is enabled)");
    const SrtpParameters& remote = *params.srtpParameters;
    if (remote.keyAndSalt.size() != engine::KeySizes(remote.cryptoSuite).total()) {
      ThrowTypeError("srtpParameters.keyBase64: %s needs %u bytes of key and salt, got %u",
                     engine::SrtpSuiteName(remote.cryptoSuite),
                     engine::KeySizes(remote.cryptoSuite).total(), remote.keyAndSalt.size());
    }
    std::string error;
    srtpRecv = engine::SrtpSession::Create(engine::SrtpSession::Direction::kInbound,
                                           remote.cryptoSuite, remote.keyAndSalt, &error);
    if (!srtpRecv) ThrowTypeError("srtpParameters: %s", error);
  } else if (params.srtpParameters) {
    ThrowTypeError("srtpParameters given but SRTP is not enabled");
  }
  std::optional<base::SocketAddress> remote;
  std::optional<base::SocketAddress> rtcpRemote;
  if (!options_.comedia) {
    if (!params.ip) ThrowTypeError("missing ip");
    if (!params.port || *params.port == 0) ThrowTypeError("missing port");
    remote = base::SocketAddress::Parse(*params.ip, *params.port);
    if (!remote) ThrowTypeError("ip: invalid address '%s'", *params.ip);
    if (remote->family() != socket_->local().family()) {
      ThrowTypeError("ip: %s is not of the listen address family", *params.ip);
    }
    if (!options_.rtcpMux) {
      if (!params.rtcpPort || *params.rtcpPort == 0)
        ThrowTypeError("missing rtcpPort (no rtcpMux)");
      rtcpRemote = *remote;
      rtcpRemote->set_port(*params.rtcpPort);
    } else if (params.rtcpPort && *params.rtcpPort != *params.port) {
      ThrowTypeError("rtcpPort must equal port with rtcpMux");
    }
  } else if (params.ip || params.port) {
    ThrowTypeError("ip and port are learned in comedia mode; do not give them");
  }
  if (srtpRecv) {
    // Both directions use one suite: follow the remote's, with fresh local keys if it differs.
    if (params.srtpParameters->cryptoSuite != localSrtp_->cryptoSuite) {
      GenerateLocalKey(params.srtpParameters->cryptoSuite);
    }
    srtpRecv_ = std::move(srtpRecv);
  }
  if (rtcpRemote) SetRtcpRemote(*rtcpRemote);
  if (remote) SetRemote(*remote);
  connectCalled_ = true;
  MaybeConnected(env().clock.Now());
}

void PlainTransport::SetRemote(const base::SocketAddress& address) {
  remote_ = address;
  tuple_.remoteIp = address.ip();
  tuple_.remotePort = address.port();
}

void PlainTransport::SetRtcpRemote(const base::SocketAddress& address) {
  rtcpRemote_ = address;
  if (!rtcpTuple_) return;
  rtcpTuple_->remoteIp = address.ip();
  rtcpTuple_->remotePort = address.port();
}

bool PlainTransport::connected() const {
  return remote_.has_value() && (!options_.enableSrtp || srtpRecv_ != nullptr);
}

void PlainTransport::MaybeConnected(base::Timestamp now) {
  SetConnected(connected(), now);
}

bool PlainTransport::AcceptSource(const base::SocketAddress& from, bool rtcp, bool fromRtcpSocket,
                                  bool* learn) const {
  *learn = false;
  if (fromRtcpSocket) {
    if (!rtcpRemote_ && options_.comedia) *learn = true;
    return *learn || (rtcpRemote_ && *rtcpRemote_ == from);
  }
  if (!rtcp) {
    // comedia learns the remote from the first RTP packet (RTCP alone does not set it: many
    // senders, ffmpeg among them, send RTCP from another port than RTP even when the
    // destination is multiplexed).
    if (!remote_ && options_.comedia) *learn = true;
    return *learn || (remote_ && *remote_ == from);
  }
  if (remote_ && *remote_ == from) return true;
  if (rtcpRemote_) return *rtcpRemote_ == from;
  // Multiplexed RTCP from the learned remote's host but another port: in comedia mode, that
  // port becomes where RTCP is exchanged.
  *learn = options_.comedia && remote_ && remote_->ip() == from.ip();
  return *learn;
}

void PlainTransport::LearnSource(base::Timestamp now, const base::SocketAddress& from, bool rtcp,
                                 bool fromRtcpSocket) {
  if (fromRtcpSocket) {
    SetRtcpRemote(from);
    env().notifier.Emit(id(), event::TransportRtcpTuple{*rtcpTuple_});
  } else if (!rtcp) {
    SetRemote(from);
    env().notifier.Emit(id(), event::TransportTuple{tuple_});
    MaybeConnected(now);
  } else {
    rtcpRemote_ = from;
    TransportTuple rtcpTuple = tuple_;
    rtcpTuple.remotePort = from.port();
    env().notifier.Emit(id(), event::TransportRtcpTuple{rtcpTuple});
  }
}

void PlainTransport::HandleDatagram(base::Timestamp now, base::MutableByteView data,
                                    const base::SocketAddress& from, bool fromRtcpSocket) {
  TransportCounters& c = counters();
  c.bytesReceived += data.size();
  c.recvRate.Update(now, data.size());
  proto::PacketKind kind = proto::ClassifyPacket(data);
  if (kind != proto::PacketKind::kRtp && kind != proto::PacketKind::kRtcp) {
    ++c.unknownPackets;
    return;
  }
  bool rtcp = kind == proto::PacketKind::kRtcp;
  if (fromRtcpSocket && !rtcp) {
    ++c.unknownPackets;
    return;
  }
  bool learn = false;
  if (!AcceptSource(from, rtcp, fromRtcpSocket, &learn)) {
    ++c.foreignTuplePackets;
    WEIR_DEBUG(kRtp, "transport %s: packet from foreign %s dropped", id(), from.ToString());
    return;
  }
  size_t length = data.size();
  if (options_.enableSrtp) {
    if (!UnprotectIncoming(srtpRecv_.get(), data, rtcp, &length)) return;
  }
  if (rtcp) {
    if (learn) LearnSource(now, from, rtcp, fromRtcpSocket);
    HandleRtcpPacket(now, data.first(length));
    return;
  }
  auto packet = proto::rtp::RtpPacket::Parse(data, length);
  if (!packet) {
    ++c.badRtpPackets;
    return;
  }
  if (learn) LearnSource(now, from, rtcp, fromRtcpSocket);
  HandleRtpPacket(now, *packet);
}

void PlainTransport::SendDatagram(base::Timestamp now, base::ByteView data, bool rtcp) {
  UdpSocket* socket = socket_.get();
  const base::SocketAddress* to = remote_ ? &*remote_ : nullptr;
  if (rtcp && !options_.rtcpMux) {
    socket = rtcpSocket_.get();
    to = rtcpRemote_ ? &*rtcpRemote_ : nullptr;
  } else if (rtcp && rtcpRemote_) {
    to = &*rtcpRemote_;  // Multiplexed, but the remote's RTCP port differs (learned).
  }
  if (socket == nullptr || to == nullptr) return;
  counters().bytesSent += data.size();
  counters().sendRate.Update(now, data.size());
  socket->Send(data, *to);
}

void PlainTransport::SendRtpPacket(base::Timestamp now, proto::rtp::RtpPacket& packet) {
  if (!srtpSend_) {
    SendDatagram(now, packet.data(), false);
    return;
  }
  // The packet is shared with the other consumers of its producer: encrypt a copy.
  if (packet.size() + engine::kSrtpMaxTrailer > kScratchSize) return;
  if (!scratch_) scratch_ = std::make_unique<uint8_t[]>(kScratchSize);
  std::memcpy(scratch_.get(), packet.data().data(), packet.size());
  size_t length = packet.size();
  if (srtpSend_->ProtectRtp(base::MutableByteView(scratch_.get(), kScratchSize), &length) !=
      engine::SrtpResult::kOk) {
    ++counters().sendErrors;
    return;
  }
  SendDatagram(now, base::ByteView(scratch_.get(), length), false);
}

void PlainTransport::SendRtcpPacket(base::Timestamp now, base::ByteView data) {
  if (!srtpSend_) {
    SendDatagram(now, data, true);
    return;
  }
  if (data.size() + engine::kSrtpMaxTrailer > kScratchSize) return;
  if (!scratch_) scratch_ = std::make_unique<uint8_t[]>(kScratchSize);
  std::memcpy(scratch_.get(), data.data(), data.size());
  size_t length = data.size();
  if (srtpSend_->ProtectRtcp(base::MutableByteView(scratch_.get(), kScratchSize), &length) !=
      engine::SrtpResult::kOk) {
    ++counters().sendErrors;
    return;
  }
  SendDatagram(now, base::ByteView(scratch_.get(), length), true);
}

}  // namespace weir::sfu
