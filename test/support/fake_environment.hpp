#pragma once

// An in-memory world for sfu/ scenario tests: a clock the test moves, timers that fire when it
// moves, and UDP sockets that deliver to each other through a queue the test pumps (optionally
// dropping or recording datagrams). Deterministic: no threads, no real sockets, no real time.

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "engine/dtls/dtls_certificate.hpp"
#include "engine/dtls/dtls_context.hpp"
#include "sfu/environment.hpp"
#include "sfu/notifier.hpp"

namespace weir::test {

class FakeClock : public sfu::Clock {
 public:
  base::Timestamp Now() const override { return now; }
  base::Timestamp now = base::FromMillis(1'700'000'000'000);
};

struct Datagram {
  base::SocketAddress from;
  base::SocketAddress to;
  std::vector<uint8_t> data;
};

class FakeNetwork;

class FakeUdpSocket : public sfu::UdpSocket {
 public:
  FakeUdpSocket(FakeNetwork& network, base::SocketAddress local);
  ~FakeUdpSocket() override;
  const base::SocketAddress& local() const override { return local_; }
  void SetListener(sfu::DatagramListener* listener) override { listener_ = listener; }
  void Send(base::ByteView data, const base::SocketAddress& to) override;
  const sfu::UdpSocketStats& stats() const override { return stats_; }
  sfu::DatagramListener* listener() const { return listener_; }

 private:
  FakeNetwork& network_;
  base::SocketAddress local_;
  sfu::DatagramListener* listener_ = nullptr;
  sfu::UdpSocketStats stats_;
};

class FakeTimer : public sfu::Timer {
 public:
  FakeTimer(FakeNetwork& network, sfu::TimerListener* listener);
  ~FakeTimer() override;
  void Arm(base::Timestamp deadline) override { deadline_ = deadline; }
  void Disarm() override { deadline_ = base::kNever; }
  base::Timestamp deadline() const { return deadline_; }
  sfu::TimerListener* listener() const { return listener_; }
  void Clear() { deadline_ = base::kNever; }

 private:
  FakeNetwork& network_;
  sfu::TimerListener* listener_;
  base::Timestamp deadline_ = base::kNever;
};

class FakeNetwork : public sfu::Network {
 public:
  explicit FakeNetwork(FakeClock& clock) : clock_(clock) {}

  std::unique_ptr<sfu::UdpSocket> BindUdp(const sfu::UdpBindOptions& options) override;
  std::unique_ptr<sfu::Timer> CreateTimer(sfu::TimerListener* listener) override;
  // TCP is not simulated: transports that ask for it get a TypeError.
  std::unique_ptr<sfu::TcpServer> ListenTcp(const sfu::UdpBindOptions& options) override;

  // A socket the test itself uses as a remote peer (its datagrams are collected in `inbox`).
  struct Peer : sfu::DatagramListener {
    void OnDatagram(base::Timestamp, base::MutableByteView data,
                    const base::SocketAddress& from) override {
      inbox.push_back({from, socket->local(), std::vector<uint8_t>(data.begin(), data.end())});
    }
    std::unique_ptr<sfu::UdpSocket> socket;
    std::vector<Datagram> inbox;
  };
  std::unique_ptr<Peer> CreatePeer(const std::string& ip, uint16_t port);

  // Delivers queued datagrams (including any sent while delivering) until none are left.
  void Pump();
  // Moves the clock to `t`, firing due timers in deadline order and pumping after each.
  void AdvanceTo(base::Timestamp t);
  void Advance(base::Duration d) { AdvanceTo(clock_.now + d); }

  // Drops a datagram when this returns true (set by loss tests).
  std::function<bool(const Datagram&)> dropFilter;
  std::vector<Datagram> sent;  // Every datagram sent, when `record` is set.
  bool record = false;
  uint16_t nextPort = 40000;

  // Internal, used by the fakes.
  void Enqueue(Datagram datagram);
  void Unregister(FakeUdpSocket* socket);
  void Register(FakeTimer* timer) { timers_.insert(timer); }
  void Unregister(FakeTimer* timer) { timers_.erase(timer); }

 private:
  FakeClock& clock_;
  std::map<std::string, FakeUdpSocket*> sockets_;  // By local address.
  std::set<FakeTimer*> timers_;
  std::deque<Datagram> queue_;
};

// Records every notification.
class RecordingNotifier : public sfu::Notifier {
 public:
  struct Entry {
    std::string handlerId;
    sfu::Event event;
  };
  void Emit(const std::string& handlerId, const sfu::Event& event) override {
    entries.push_back({handlerId, event});
  }
  template <typename T>
  std::vector<T> All(const std::string& handlerId = "") const {
    std::vector<T> out;
    for (const auto& e : entries) {
      if (!handlerId.empty() && e.handlerId != handlerId) continue;
      if (auto* v = std::get_if<T>(&e.event)) out.push_back(*v);
    }
    return out;
  }
  std::vector<Entry> entries;
};

// A DTLS identity for tests, generated once per process (key generation is not free).
const engine::DtlsCertificate& TestCertificate();
const engine::DtlsContext& TestDtlsContext();

// Everything together, as sfu objects want it.
struct FakeEnvironment {
  FakeClock clock;
  FakeNetwork network{clock};
  RecordingNotifier notifier;
  sfu::Environment env{clock, network, notifier, &TestCertificate(), &TestDtlsContext()};
};

}  // namespace weir::test
