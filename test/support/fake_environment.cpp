#include "support/fake_environment.hpp"

#include <algorithm>
#include <stdexcept>

#include "deps/deps.hpp"

namespace weir::test {

const engine::DtlsCertificate& TestCertificate() {
  static const auto certificate = [] {
    deps::InitializeLibraries();
    std::string error;
    auto c = engine::DtlsCertificate::Generate(base::FromMillis(1'700'000'000'000), &error);
    if (!c) throw std::runtime_error("test certificate: " + error);
    return c;
  }();
  return *certificate;
}

const engine::DtlsContext& TestDtlsContext() {
  static const auto context = [] {
    std::string error;
    auto c = engine::DtlsContext::Create(TestCertificate(), engine::DtlsOptions{}, &error);
    if (!c) throw std::runtime_error("test DTLS context: " + error);
    return c;
  }();
  return *context;
}

FakeUdpSocket::FakeUdpSocket(FakeNetwork& network, base::SocketAddress local)
    : network_(network), local_(local) {}

FakeUdpSocket::~FakeUdpSocket() {
  network_.Unregister(this);
}

void FakeUdpSocket::Send(base::ByteView data, const base::SocketAddress& to) {
  ++stats_.packetsSent;
  stats_.bytesSent += data.size();
  network_.Enqueue({local_, to, std::vector<uint8_t>(data.begin(), data.end())});
}

FakeTimer::FakeTimer(FakeNetwork& network, sfu::TimerListener* listener)
    : network_(network), listener_(listener) {
  network_.Register(this);
}

FakeTimer::~FakeTimer() {
  network_.Unregister(this);
}

std::unique_ptr<sfu::UdpSocket> FakeNetwork::BindUdp(const sfu::UdpBindOptions& options) {
  uint16_t port = options.port != 0 ? options.port : nextPort++;
  auto address = base::SocketAddress::Parse(options.ip, port);
  if (!address) throw std::invalid_argument("bad ip " + options.ip);
  auto key = address->ToString();
  if (sockets_.contains(key)) throw std::runtime_error("address in use " + key);
  auto socket = std::make_unique<FakeUdpSocket>(*this, *address);
  sockets_[key] = socket.get();
  return socket;
}

std::unique_ptr<sfu::TcpServer> FakeNetwork::ListenTcp(const sfu::UdpBindOptions&) {
  throw std::runtime_error("FakeNetwork: TCP is not simulated");
}

std::unique_ptr<sfu::Timer> FakeNetwork::CreateTimer(sfu::TimerListener* listener) {
  return std::make_unique<FakeTimer>(*this, listener);
}

std::unique_ptr<FakeNetwork::Peer> FakeNetwork::CreatePeer(const std::string& ip, uint16_t port) {
  auto peer = std::make_unique<Peer>();
  sfu::UdpBindOptions options;
  options.ip = ip;
  options.port = port;
  peer->socket = BindUdp(options);
  peer->socket->SetListener(peer.get());
  return peer;
}

void FakeNetwork::Enqueue(Datagram datagram) {
  if (record) sent.push_back(datagram);
  queue_.push_back(std::move(datagram));
}

void FakeNetwork::Unregister(FakeUdpSocket* socket) {
  for (auto it = sockets_.begin(); it != sockets_.end(); ++it) {
    if (it->second == socket) {
      sockets_.erase(it);
      return;
    }
  }
}

void FakeNetwork::Pump() {
  // Bounded so a feedback loop in the code under test fails the test instead of hanging it.
  for (size_t delivered = 0; !queue_.empty(); ++delivered) {
    if (delivered > 10'000'000) throw std::runtime_error("FakeNetwork::Pump: runaway traffic");
    Datagram d = std::move(queue_.front());
    queue_.pop_front();
    if (dropFilter && dropFilter(d)) continue;
    auto it = sockets_.find(d.to.ToString());
    if (it == sockets_.end() || it->second->listener() == nullptr) continue;
    it->second->listener()->OnDatagram(clock_.now, base::MutableByteView(d.data), d.from);
  }
}

void FakeNetwork::AdvanceTo(base::Timestamp t) {
  Pump();
  for (;;) {
    FakeTimer* next = nullptr;
    for (FakeTimer* timer : timers_) {
      if (timer->deadline() <= t && (next == nullptr || timer->deadline() < next->deadline())) {
        next = timer;
      }
    }
    if (next == nullptr) break;
    clock_.now = std::max(clock_.now, next->deadline());
    next->Clear();
    next->listener()->OnTimer(clock_.now);
    Pump();
  }
  clock_.now = std::max(clock_.now, t);
}

}  // namespace weir::test
