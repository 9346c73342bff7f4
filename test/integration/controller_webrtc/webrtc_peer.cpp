#include "webrtc_peer.hpp"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

#include "deps/deps.hpp"
#include "proto/stun/stun_builder.hpp"
#include "proto/stun/stun_message.hpp"

namespace weir::test {

namespace {

namespace stun = proto::stun;

base::Timestamp Now() {
  auto since = std::chrono::system_clock::now().time_since_epoch();
  return base::FromMicros(std::chrono::duration_cast<std::chrono::microseconds>(since).count());
}

}  // namespace

WebRtcPeer::WebRtcPeer() {
  deps::InitializeLibraries();
  std::string error;
  certificate_ = engine::DtlsCertificate::Generate(Now(), &error);
  REQUIRE_MESSAGE(certificate_ != nullptr, error);
  context_ = engine::DtlsContext::Create(*certificate_, {}, &error);
  REQUIRE_MESSAGE(context_ != nullptr, error);
  dtls_ = std::make_unique<engine::DtlsSession>(*context_);
  fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  REQUIRE(fd_ >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0);
  socklen_t length = sizeof(addr);
  REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &length) == 0);
  port_ = ntohs(addr.sin_port);
}

WebRtcPeer::~WebRtcPeer() {
  ::close(fd_);
}

nlohmann::json WebRtcPeer::dtlsParameters() const {
  return {{"role", "client"},
          {"fingerprints",
           {{{"algorithm", "sha-256"}, {"value", certificate_->Fingerprint("sha-256")}}}}};
}

bool WebRtcPeer::Start(const nlohmann::json& iceParameters, const nlohmann::json& iceCandidates,
                       const nlohmann::json& dtlsParameters) {
  remoteUfrag_ = iceParameters.value("usernameFragment", "");
  remotePassword_ = iceParameters.value("password", "");
  for (const nlohmann::json& candidate : iceCandidates) {
    if (candidate.value("protocol", "") == "udp" && candidate.value("address", "") == "127.0.0.1")
      remotePort_ = candidate.value("port", uint16_t{0});
  }
  bool fingerprint = false;
  for (const nlohmann::json& entry : dtlsParameters.value("fingerprints", nlohmann::json())) {
    if (entry.value("algorithm", "") == "sha-256")
      fingerprint = dtls_->SetRemoteFingerprint("sha-256", entry.value("value", ""));
  }
  started_ = remotePort_ != 0 && fingerprint && !remoteUfrag_.empty();
  return started_;
}

void WebRtcPeer::SendCheck() {
  // RFC 8445 7.2.2: USERNAME "remote:local", PRIORITY, ICE-CONTROLLING, USE-CANDIDATE (the
  // controlling agent nominates at once), MESSAGE-INTEGRITY with the remote password.
  std::vector<uint8_t> buffer(256);
  stun::TransactionId tid{};
  tid[0] = ++checks_;
  stun::StunBuilder builder(buffer, stun::StunClass::kRequest, stun::method::kBinding, tid);
  builder.AddString(stun::attr::kUsername, remoteUfrag_ + ":" + localUfrag_);
  builder.AddUint32(stun::attr::kPriority, 2130706431);
  builder.AddUint64(stun::attr::kIceControlling, 0x1122334455667788ull);
  builder.AddEmpty(stun::attr::kUseCandidate);
  builder.AddMessageIntegrity(stun::HmacSha1Key(std::string_view(remotePassword_)));
  builder.AddFingerprint();
  buffer.resize(builder.Finish());
  REQUIRE(!buffer.empty());
  Send(buffer);
}

void WebRtcPeer::Send(const std::vector<uint8_t>& datagram) {
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  to.sin_port = htons(remotePort_);
  CHECK(::sendto(fd_, datagram.data(), datagram.size(), 0, reinterpret_cast<sockaddr*>(&to),
                 sizeof(to)) == static_cast<ssize_t>(datagram.size()));
}

void WebRtcPeer::Pump() {
  if (!started_) return;
  if (!iceAnswered_ && checks_ < 50) SendCheck();
  std::vector<uint8_t> buffer(2048);
  for (;;) {
    ssize_t n = ::recv(fd_, buffer.data(), buffer.size(), 0);
    if (n <= 0) break;
    HandleDatagram(std::vector<uint8_t>(buffer.begin(), buffer.begin() + n));
  }
  base::Timestamp now = Now();
  if (iceAnswered_ && !dtlsStarted_) {
    dtlsStarted_ = true;
    dtls_->Start(engine::DtlsRole::kClient, now);
  }
  dtls_->HandleTimeout(now);
  std::vector<uint8_t> datagram;
  while (dtls_->PollTransmit(&datagram))
    Send(datagram);
  if (dtlsConnected() && !srtpReady() && dtls_->srtpKeys()) {
    const engine::DtlsSrtpKeys& keys = *dtls_->srtpKeys();
    std::string error;
    srtpSend_ = engine::SrtpSession::Create(engine::SrtpSession::Direction::kOutbound, keys.suite,
                                            keys.send, &error);
    srtpRecv_ = engine::SrtpSession::Create(engine::SrtpSession::Direction::kInbound, keys.suite,
                                            keys.receive, &error);
    REQUIRE_MESSAGE(srtpReady(), error);
  }
}

void WebRtcPeer::HandleDatagram(std::vector<uint8_t> datagram) {
  uint8_t first = datagram[0];
  // RFC 7983 7: 0-3 STUN, 20-63 DTLS, 128-191 RTP/RTCP.
  if (first <= 3) {
    std::optional<stun::StunMessage> message = stun::StunMessage::Parse(datagram);
    if (message && message->method() == stun::method::kBinding &&
        message->message_class() == stun::StunClass::kSuccessResponse) {
      iceAnswered_ = true;
    }
  } else if (first >= 20 && first <= 63) {
    dtls_->HandleDatagram(Now(), datagram);
  } else if (first >= 128 && first <= 191) {
    HandleSrtp(std::move(datagram));
  }
}

void WebRtcPeer::HandleSrtp(std::vector<uint8_t> datagram) {
  if (!srtpReady() || datagram.size() < 12) return;
  size_t length = datagram.size();
  uint8_t second = datagram[1];
  // RFC 5761 4: RTCP packet types 192-223 in the octet where RTP has marker and payload type.
  if (second >= 192 && second <= 223) {
    if (srtpRecv_->UnprotectRtcp(datagram, &length) == engine::SrtpResult::kOk) ++rtcp_;
    return;
  }
  if (srtpRecv_->UnprotectRtp(datagram, &length) != engine::SrtpResult::kOk) return;
  datagram.resize(length);
  rtp_.push_back(std::move(datagram));
}

bool WebRtcPeer::SendRtp(std::vector<uint8_t> packet) {
  if (!srtpReady()) return false;
  size_t length = packet.size();
  packet.resize(length + 64);  // room for the SRTP trailer
  if (srtpSend_->ProtectRtp(packet, &length) != engine::SrtpResult::kOk) return false;
  packet.resize(length);
  Send(packet);
  return true;
}

}  // namespace weir::test
