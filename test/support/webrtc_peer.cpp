#include "support/webrtc_peer.hpp"

#include <stdexcept>

#include "deps/deps.hpp"
#include "proto/demux.hpp"
#include "proto/stun/stun_builder.hpp"

namespace weir::test {

namespace stun = proto::stun;

const engine::DtlsCertificate& PeerCertificate() {
  static const auto certificate = [] {
    deps::InitializeLibraries();
    std::string error;
    auto c = engine::DtlsCertificate::Generate(base::FromMillis(1'700'000'000'000), &error);
    if (!c) throw std::runtime_error("peer certificate: " + error);
    return c;
  }();
  return *certificate;
}

const engine::DtlsContext& PeerDtlsContext() {
  static const auto context = [] {
    std::string error;
    auto c = engine::DtlsContext::Create(PeerCertificate(), engine::DtlsOptions{}, &error);
    if (!c) throw std::runtime_error("peer DTLS context: " + error);
    return c;
  }();
  return *context;
}

WebRtcPeer::WebRtcPeer(FakeNetwork& network, const std::string& ip, uint16_t port)
    : network_(network), peer_(network.CreatePeer(ip, port)) {}

WebRtcPeer::~WebRtcPeer() = default;

void WebRtcPeer::SetRemote(const base::SocketAddress& remote, const sfu::IceParameters& ice) {
  remote_ = remote;
  remoteIce_ = ice;
}

bool WebRtcPeer::ConnectTcp(FakeTcpNetwork& network, const base::SocketAddress& to) {
  remote_ = to;
  tcp_ = network.Connect(address(), to);
  return tcp_ != nullptr;
}

void WebRtcPeer::Send(base::ByteView data) {
  ++sentDatagrams;
  if (!tcp_) {
    peer_->socket->Send(data, remote_);
    return;
  }
  if (data.size() > 0xFFFF) return;
  const uint8_t header[2] = {static_cast<uint8_t>(data.size() >> 8),
                             static_cast<uint8_t>(data.size())};
  std::vector<uint8_t> frame(header, header + 2);
  frame.insert(frame.end(), data.begin(), data.end());
  tcp_->Send(frame);
}

std::vector<uint8_t> WebRtcPeer::BuildCheck(const StunCheck& check) {
  std::vector<uint8_t> buffer(512);
  stun::TransactionId tid;
  uint8_t seed = check.tidSeed != 0 ? check.tidSeed : nextTid_++;
  for (size_t i = 0; i < tid.size(); ++i)
    tid[i] = static_cast<uint8_t>(seed + i * 7);
  stun::StunBuilder builder(buffer, stun::StunClass::kRequest, stun::method::kBinding, tid);
  builder.AddString(stun::attr::kUsername,
                    check.username.value_or(remoteIce_.usernameFragment + ":" + localUfrag_));
  if (check.priority) builder.AddUint32(stun::attr::kPriority, 0x6E001EFF);
  if (check.controlling) {
    builder.AddUint64(stun::attr::kIceControlling, 0x1122334455667788ull);
  } else {
    builder.AddUint64(stun::attr::kIceControlled, 0x1122334455667788ull);
  }
  if (check.useCandidate) builder.AddEmpty(stun::attr::kUseCandidate);
  if (check.integrity) {
    builder.AddMessageIntegrity(
        stun::HmacSha1Key(std::string_view(check.password.value_or(remoteIce_.password))));
  }
  builder.AddFingerprint();
  buffer.resize(builder.Finish());
  if (buffer.empty()) throw std::runtime_error("BuildCheck: builder failed");
  return buffer;
}

sfu::DtlsParameters WebRtcPeer::dtlsParameters(sfu::DtlsRoleParam role) const {
  sfu::DtlsParameters params;
  params.role = role;
  params.fingerprints.push_back({"sha-256", PeerCertificate().Fingerprint("sha-256")});
  return params;
}

void WebRtcPeer::StartDtls(engine::DtlsRole role, base::Timestamp now,
                           const std::string& remoteFingerprint) {
  dtls_ = std::make_unique<engine::DtlsSession>(PeerDtlsContext());
  if (!dtls_->SetRemoteFingerprint("sha-256", remoteFingerprint)) {
    throw std::runtime_error("StartDtls: bad fingerprint");
  }
  dtls_->Start(role, now);
  OnDtlsProgress();
}

void WebRtcPeer::OnDtlsProgress() {
  while (dtls_->PollTransmit(&out_))
    Send(out_);
  while (dtls_->PollEvent()) {
  }
  if (dtls_->state() == engine::DtlsState::kConnected && !srtpSend_ && dtls_->srtpKeys()) {
    const auto& keys = *dtls_->srtpKeys();
    std::string error;
    srtpSend_ = engine::SrtpSession::Create(engine::SrtpSession::Direction::kOutbound, keys.suite,
                                            keys.send, &error);
    srtpRecv_ = engine::SrtpSession::Create(engine::SrtpSession::Direction::kInbound, keys.suite,
                                            keys.receive, &error);
    if (!srtpSend_ || !srtpRecv_) throw std::runtime_error("peer SRTP: " + error);
  }
}

size_t WebRtcPeer::Process(base::Timestamp now) {
  std::vector<std::vector<uint8_t>> incoming;
  for (auto& d : peer_->inbox)
    incoming.push_back(std::move(d.data));
  peer_->inbox.clear();
  if (tcp_) {
    // RFC 4571 frames; a partial one stays for the next call.
    auto& bytes = tcp_->received;
    size_t offset = 0;
    while (bytes.size() - offset >= 2) {
      size_t length = (size_t{bytes[offset]} << 8) | bytes[offset + 1];
      if (bytes.size() - offset - 2 < length) break;
      incoming.emplace_back(bytes.begin() + static_cast<ptrdiff_t>(offset + 2),
                            bytes.begin() + static_cast<ptrdiff_t>(offset + 2 + length));
      offset += 2 + length;
    }
    bytes.erase(bytes.begin(), bytes.begin() + static_cast<ptrdiff_t>(offset));
  }
  for (auto& data : incoming)
    HandleIncoming(now, std::move(data));
  return incoming.size();
}

void WebRtcPeer::HandleIncoming(base::Timestamp now, std::vector<uint8_t> data) {
  switch (proto::ClassifyPacket(data)) {
    case proto::PacketKind::kStun:
      stunRaw.push_back(std::move(data));
      break;
    case proto::PacketKind::kDtls:
      if (dtls_) {
        dtls_->HandleDatagram(now, data);
        OnDtlsProgress();
      } else {
        ++otherPackets;
      }
      break;
    case proto::PacketKind::kRtp:
    case proto::PacketKind::kRtcp: {
      bool isRtcp = proto::ClassifyPacket(data) == proto::PacketKind::kRtcp;
      size_t length = data.size();
      if (!srtpRecv_) {
        ++srtpFailures;
        break;
      }
      auto result = isRtcp ? srtpRecv_->UnprotectRtcp(data, &length)
                           : srtpRecv_->UnprotectRtp(data, &length);
      if (result != engine::SrtpResult::kOk) {
        ++srtpFailures;
        break;
      }
      data.resize(length);
      (isRtcp ? rtcp : rtp).push_back(std::move(data));
      break;
    }
    case proto::PacketKind::kUnknown:
      ++otherPackets;
      break;
  }
}

std::optional<std::vector<uint8_t>> WebRtcPeer::ProtectRtp(base::ByteView plain) {
  if (!srtpSend_) return std::nullopt;
  std::vector<uint8_t> buffer(plain.begin(), plain.end());
  size_t length = buffer.size();
  buffer.resize(length + engine::kSrtpMaxTrailer);
  if (srtpSend_->ProtectRtp(buffer, &length) != engine::SrtpResult::kOk) return std::nullopt;
  buffer.resize(length);
  return buffer;
}

std::optional<std::vector<uint8_t>> WebRtcPeer::ProtectRtcp(base::ByteView plain) {
  if (!srtpSend_) return std::nullopt;
  std::vector<uint8_t> buffer(plain.begin(), plain.end());
  size_t length = buffer.size();
  buffer.resize(length + engine::kSrtpMaxTrailer);
  if (srtpSend_->ProtectRtcp(buffer, &length) != engine::SrtpResult::kOk) return std::nullopt;
  buffer.resize(length);
  return buffer;
}

bool WebRtcPeer::SendRtp(base::ByteView plain) {
  auto packet = ProtectRtp(plain);
  if (!packet) return false;
  Send(*packet);
  return true;
}

bool WebRtcPeer::SendRtcp(base::ByteView plain) {
  auto packet = ProtectRtcp(plain);
  if (!packet) return false;
  Send(*packet);
  return true;
}

std::vector<stun::StunMessage> WebRtcPeer::stunAnswers() const {
  std::vector<stun::StunMessage> out;
  for (const auto& raw : stunRaw) {
    if (auto message = stun::StunMessage::Parse(raw)) out.push_back(*message);
  }
  return out;
}

void Exchange(FakeNetwork& network, base::Timestamp now, std::initializer_list<WebRtcPeer*> peers) {
  for (int round = 0; round < 100; ++round) {
    network.Pump();
    size_t moved = 0;
    for (WebRtcPeer* peer : peers)
      moved += peer->Process(now);
    if (moved == 0) return;
  }
  throw std::runtime_error("Exchange: no quiet after 100 rounds");
}

}  // namespace weir::test
