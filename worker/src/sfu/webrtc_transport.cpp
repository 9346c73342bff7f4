#include "sfu/webrtc_transport.hpp"

#include <cstring>

#include "base/logging.hpp"
#include "engine/dtls/dtls_certificate.hpp"
#include "engine/dtls/dtls_context.hpp"
#include "engine/ice/ice_credentials.hpp"
#include "proto/demux.hpp"
#include "proto/stun/stun_message.hpp"
#include "sfu/errors.hpp"
#include "sfu/webrtc_server.hpp"

namespace weir::sfu {

namespace {

constexpr size_t kScratchSize = 1500 + engine::kSrtpMaxTrailer + 64;

const engine::DtlsContext& RequireDtls(const Environment& env) {
  if (env.dtlsContext == nullptr || env.dtlsCertificate == nullptr) {
    ThrowInvalidState("the worker has no DTLS certificate");
  }
  return *env.dtlsContext;
}

// Strongest first: the remote's fingerprint checked is the best one both know.
constexpr std::string_view kAlgorithms[] = {"sha-512", "sha-384", "sha-256", "sha-224", "sha-1"};

}  // namespace

WebRtcTransport::WebRtcTransport(std::string id, const WebRtcTransportOptions& options,
                                 Environment& env, TransportListener& listener)
    : Transport(TransportKind::kWebRtc, std::move(id), env, listener),
      options_(options),
      server_(options.server),
      iceParameters_{engine::GenerateIceUfrag(16), engine::GenerateIcePassword(32), true},
      ice_(iceParameters_.usernameFragment, iceParameters_.password),
      dtls_(RequireDtls(env)) {
  if (server_ == nullptr) {
    sockets_ = std::make_unique<IceSockets>(env, options.sockets, *this);
  } else {
    server_->AddTransport(*this);
    server_->AddUfrag(*this, iceParameters_.usernameFragment);
  }
}

WebRtcTransport::~WebRtcTransport() {
  Close();
}

void WebRtcTransport::Close() {
  if (closed()) return;
  Transport::Close();
  if (dtls_.state() == engine::DtlsState::kConnected) {
    dtls_.Close();  // close_notify to the peer.
    std::vector<uint8_t> datagram;
    while (dtls_.PollTransmit(&datagram))
      SendToSelected(datagram);
  }
  ice_.Close();
  if (server_ != nullptr) server_->RemoveTransport(*this);
  server_ = nullptr;
  sockets_.reset();
}

const std::vector<IceCandidate>& WebRtcTransport::iceCandidates() const {
  if (sockets_) return sockets_->candidates();
  static const std::vector<IceCandidate> kNone;
  return server_ != nullptr ? server_->candidates() : kNone;
}

DtlsParameters WebRtcTransport::localDtlsParameters() const {
  DtlsParameters params;
  params.role = !dtlsRole_                                ? DtlsRoleParam::kAuto
                : *dtlsRole_ == engine::DtlsRole::kClient ? DtlsRoleParam::kClient
                                                          : DtlsRoleParam::kServer;
  for (const auto& fp : env().dtlsCertificate->fingerprints()) {
    params.fingerprints.push_back({fp.algorithm, fp.value});
  }
  return params;
}

bool WebRtcTransport::connected() const {
  return dtls_.state() == engine::DtlsState::kConnected && srtpSend_ != nullptr &&
         ice_.selected_tuple() != nullptr;
}

void WebRtcTransport::Connect(const DtlsParameters& remote) {
  if (connectCalled_) ThrowInvalidState("connect() already called");
  const DtlsFingerprintParam* chosen = nullptr;
  for (std::string_view algorithm : kAlgorithms) {
    for (const auto& fp : remote.fingerprints) {
      if (fp.algorithm == algorithm) {
        chosen = &fp;
        break;
      }
    }
    if (chosen != nullptr) break;
  }
  if (chosen == nullptr) ThrowTypeError("dtlsParameters.fingerprints: no supported algorithm");
  if (!dtls_.SetRemoteFingerprint(chosen->algorithm, chosen->value)) {
    ThrowTypeError("dtlsParameters.fingerprints: invalid %s fingerprint", chosen->algorithm);
  }
  // RFC 5763 5: the roles are opposite; a peer that leaves it to us ("auto") gets a client,
  // since as an ICE-lite (controlled) agent we must not wait for a ClientHello that may never come.
  dtlsRole_ =
      remote.role == DtlsRoleParam::kClient ? engine::DtlsRole::kServer : engine::DtlsRole::kClient;
  connectCalled_ = true;
  MaybeStartDtls(env().clock.Now());
}

IceParameters WebRtcTransport::RestartIce() {
  iceParameters_.usernameFragment = engine::GenerateIceUfrag(16);
  iceParameters_.password = engine::GenerateIcePassword(32);
  ice_.RestartIce(iceParameters_.usernameFragment, iceParameters_.password);
  if (server_ != nullptr) server_->AddUfrag(*this, iceParameters_.usernameFragment);
  ProcessIceEvents(env().clock.Now());
  return iceParameters_;
}

std::optional<TransportTuple> WebRtcTransport::iceSelectedTuple() const {
  const engine::IceTuple* tuple = ice_.selected_tuple();
  if (tuple == nullptr) return std::nullopt;
  return ToTransportTuple(*tuple);
}

TransportTuple WebRtcTransport::ToTransportTuple(const engine::IceTuple& tuple) const {
  TransportTuple out;
  out.remoteIp = tuple.remote.ip();
  out.remotePort = tuple.remote.port();
  out.protocol = tuple.protocol == engine::IceProtocol::kTcp ? TransportProtocol::kTcp
                                                             : TransportProtocol::kUdp;
  // The local side: the first candidate of that protocol (what the peer connected to).
  for (const auto& candidate : iceCandidates()) {
    if (candidate.protocol == out.protocol) {
      out.localAddress = candidate.address;
      out.localPort = candidate.port;
      break;
    }
  }
  if (tuple.protocol == engine::IceProtocol::kUdp && tuple.connectionId < iceCandidates().size()) {
    // UDP tuples carry the index of their local socket, in candidate order among UDP ones.
    size_t udpIndex = 0;
    for (const auto& candidate : iceCandidates()) {
      if (candidate.protocol != TransportProtocol::kUdp) continue;
      if (udpIndex++ == tuple.connectionId) {
        out.localAddress = candidate.address;
        out.localPort = candidate.port;
      }
    }
  }
  return out;
}

// --- Input ---

void WebRtcTransport::OnIcePacket(base::Timestamp now, const engine::IceTuple& tuple,
                                  base::MutableByteView data) {
  if (closed()) return;
  TransportCounters& c = counters();
  c.bytesReceived += data.size();
  c.recvRate.Update(now, data.size());
  switch (proto::ClassifyPacket(data)) {
    case proto::PacketKind::kStun:
      HandleStun(now, tuple, data);
      break;
    case proto::PacketKind::kDtls:
      HandleDtls(now, tuple, data);
      break;
    case proto::PacketKind::kRtp:
    case proto::PacketKind::kRtcp:
      if (!ice_.IsValidTuple(tuple)) {
        ++c.foreignTuplePackets;
        return;
      }
      HandleMedia(now, data, proto::ClassifyPacket(data) == proto::PacketKind::kRtcp);
      break;
    case proto::PacketKind::kUnknown:
      ++c.unknownPackets;
      break;
  }
  ScheduleTimeout(NextKindTimeout());
}

void WebRtcTransport::HandleStun(base::Timestamp now, const engine::IceTuple& tuple,
                                 base::ByteView data) {
  auto message = proto::stun::StunMessage::Parse(data);
  if (!message) {
    ++counters().unknownPackets;
    return;
  }
  std::array<uint8_t, engine::IceServer::kMaxResponseSize> response;
  size_t size = ice_.HandleStun(now, *message, tuple, response);
  if (size > 0) SendToTuple(tuple, base::ByteView(response.data(), size));
  ProcessIceEvents(now);
}

void WebRtcTransport::HandleDtls(base::Timestamp now, const engine::IceTuple& tuple,
                                 base::ByteView data) {
  // DTLS only from a path ICE validated (RFC 8445 11: no media on unchecked pairs).
  if (!ice_.IsValidTuple(tuple)) {
    ++counters().foreignTuplePackets;
    return;
  }
  const engine::IceTuple* selected = ice_.selected_tuple();
  if (selected != nullptr && *selected != tuple) {
    ice_.ForceSelectedTuple(tuple);
    ProcessIceEvents(now);
  }
  dtls_.HandleDatagram(now, data);
  ProcessDtls(now);
}

void WebRtcTransport::HandleMedia(base::Timestamp now, base::MutableByteView data, bool rtcp) {
  size_t length = data.size();
  if (!UnprotectIncoming(srtpRecv_.get(), data, rtcp, &length)) return;
  if (rtcp) {
    HandleRtcpPacket(now, data.first(length));
    return;
  }
  auto packet = proto::rtp::RtpPacket::Parse(data, length);
  if (!packet) {
    ++counters().badRtpPackets;
    return;
  }
  HandleRtpPacket(now, *packet);
}

void WebRtcTransport::OnIceTupleClosed(base::Timestamp now, const engine::IceTuple& tuple) {
  ice_.RemoveTuple(now, tuple);
  ProcessIceEvents(now);
}

void WebRtcTransport::ProcessIceEvents(base::Timestamp now) {
  while (auto event = ice_.PollEvent()) {
    switch (event->kind) {
      case engine::IceEvent::Kind::kStateChanged:
        env().notifier.Emit(id(),
                            event::IceStateChange{std::string(engine::ToString(event->state))});
        if (event->state == engine::IceState::kConnected ||
            event->state == engine::IceState::kCompleted) {
          MaybeStartDtls(now);
        }
        break;
      case engine::IceEvent::Kind::kSelectedTupleChanged: {
        event::IceSelectedTupleChange change;
        if (event->tuple) change.tuple = ToTransportTuple(*event->tuple);
        env().notifier.Emit(id(), change);
        break;
      }
      case engine::IceEvent::Kind::kTupleAdded:
        if (server_ != nullptr && event->tuple) server_->AddTuple(*this, *event->tuple);
        break;
      case engine::IceEvent::Kind::kTupleRemoved:
        if (event->tuple) {
          if (server_ != nullptr) server_->RemoveTuple(*event->tuple);
          // A TCP path ICE gave up on: close its connection.
          if (sockets_)
            sockets_->CloseConnection(*event->tuple);
          else if (server_ != nullptr)
            server_->CloseConnection(*event->tuple);
        }
        break;
      case engine::IceEvent::Kind::kUfragRetired:
        if (server_ != nullptr) server_->RemoveUfrag(event->ufrag);
        break;
    }
  }
  SetConnected(connected(), now);
}

void WebRtcTransport::MaybeStartDtls(base::Timestamp now) {
  if (dtlsStarted_ || !connectCalled_ || ice_.selected_tuple() == nullptr) return;
  dtlsStarted_ = true;
  dtls_.Start(*dtlsRole_, now);
  ProcessDtls(now);
}

void WebRtcTransport::ProcessDtls(base::Timestamp now) {
  while (dtls_.PollTransmit(&dtlsOut_))
    SendToSelected(dtlsOut_);
  while (auto event = dtls_.PollEvent()) {
    env().notifier.Emit(id(), event::DtlsStateChange{
                                  std::string(engine::DtlsStateName(event->state)), event->reason});
    if (event->state == engine::DtlsState::kConnected) OnDtlsConnected(now);
    if (event->state == engine::DtlsState::kFailed || event->state == engine::DtlsState::kClosed) {
      WEIR_WARN(kDtls, "transport %s: DTLS %s: %s", id(), engine::DtlsStateName(event->state),
                event->reason);
      srtpSend_.reset();
      srtpRecv_.reset();
    }
  }
  SetConnected(connected(), now);
  ScheduleTimeout(NextKindTimeout());
}

void WebRtcTransport::OnDtlsConnected(base::Timestamp) {
  const auto& keys = dtls_.srtpKeys();
  if (!keys) {
    WEIR_WARN(kDtls, "transport %s: DTLS connected without an SRTP profile", id());
    return;
  }
  std::string error;
  srtpSend_ = engine::SrtpSession::Create(engine::SrtpSession::Direction::kOutbound, keys->suite,
                                          keys->send, &error);
  srtpRecv_ = engine::SrtpSession::Create(engine::SrtpSession::Direction::kInbound, keys->suite,
                                          keys->receive, &error);
  if (!srtpSend_ || !srtpRecv_) {
    WEIR_ERROR(kSrtp, "transport %s: SRTP sessions: %s", id(), error);
    srtpSend_.reset();
    srtpRecv_.reset();
  }
}

// --- Output ---

bool WebRtcTransport::SendToTuple(const engine::IceTuple& tuple, base::ByteView data) {
  counters().bytesSent += data.size();
  counters().sendRate.Update(env().clock.Now(), data.size());
  bool sent =
      sockets_ ? sockets_->Send(tuple, data) : (server_ != nullptr && server_->Send(tuple, data));
  if (!sent) ++counters().sendErrors;
  return sent;
}

void WebRtcTransport::SendToSelected(base::ByteView data) {
  const engine::IceTuple* tuple = ice_.selected_tuple();
  if (tuple == nullptr) return;
  SendToTuple(*tuple, data);
}

void WebRtcTransport::Protect(base::Timestamp, base::ByteView data, bool rtcp) {
  if (!srtpSend_ || data.size() + engine::kSrtpMaxTrailer > kScratchSize) return;
  if (!scratch_) scratch_ = std::make_unique<uint8_t[]>(kScratchSize);
  std::memcpy(scratch_.get(), data.data(), data.size());
  size_t length = data.size();
  base::MutableByteView buffer(scratch_.get(), kScratchSize);
  auto result =
      rtcp ? srtpSend_->ProtectRtcp(buffer, &length) : srtpSend_->ProtectRtp(buffer, &length);
  if (result != engine::SrtpResult::kOk) {
    ++counters().sendErrors;
    return;
  }
  SendToSelected(base::ByteView(scratch_.get(), length));
}

void WebRtcTransport::SendRtpPacket(base::Timestamp now, proto::rtp::RtpPacket& packet) {
  Protect(now, packet.data(), false);
}

void WebRtcTransport::SendRtcpPacket(base::Timestamp now, base::ByteView data) {
  Protect(now, data, true);
}

base::Timestamp WebRtcTransport::NextKindTimeout() const {
  return std::min(ice_.NextTimeout(), dtls_.NextTimeout());
}

void WebRtcTransport::HandleKindTimeout(base::Timestamp now) {
  if (now >= ice_.NextTimeout()) {
    ice_.HandleTimeout(now);
    ProcessIceEvents(now);
  }
  if (now >= dtls_.NextTimeout()) {
    dtls_.HandleTimeout(now);
    ProcessDtls(now);
  }
}

}  // namespace weir::sfu
