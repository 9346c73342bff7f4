#pragma once

// In-memory TCP for sfu/ scenario tests and fuzzers (ICE over TCP, RFC 6544 passive candidates):
// FakeTcpNetwork is a FakeNetwork whose ListenTcp() works, and Connect() opens a connection to a
// listening server whose client end the test holds. Bytes move synchronously, in order: what a
// client sends is handed to the server side's listener during Send(); what the server side
// sends lands in the client's `received`. Either end may close; the other side hears of it.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "support/fake_environment.hpp"

namespace weir::test {

class FakeTcpServer;
struct FakeTcpPipe;

// The test's end of a connection.
class FakeTcpClient {
 public:
  explicit FakeTcpClient(std::shared_ptr<FakeTcpPipe> pipe) : pipe_(std::move(pipe)) {}
  ~FakeTcpClient();
  FakeTcpClient(const FakeTcpClient&) = delete;
  FakeTcpClient& operator=(const FakeTcpClient&) = delete;

  // False once the server side is gone.
  bool Send(base::ByteView bytes);
  void Close();
  bool open() const;
  const base::SocketAddress& local() const;

  std::vector<uint8_t> received;  // Everything the server side wrote, not yet consumed.

 private:
  std::shared_ptr<FakeTcpPipe> pipe_;
};

class FakeTcpNetwork : public FakeNetwork {
 public:
  explicit FakeTcpNetwork(FakeClock& clock) : FakeNetwork(clock), clock_(clock) {}

  std::unique_ptr<sfu::TcpServer> ListenTcp(const sfu::UdpBindOptions& options) override;
  // Null when nothing listens on `to` (connection refused).
  std::unique_ptr<FakeTcpClient> Connect(const base::SocketAddress& from,
                                         const base::SocketAddress& to);

  // Internal, used by the fakes.
  void Unregister(FakeTcpServer* server);
  FakeClock& clock() { return clock_; }
  uint16_t nextTcpPort = 45000;

 private:
  FakeClock& clock_;
  std::map<std::string, FakeTcpServer*> servers_;
};

// FakeEnvironment with TCP.
struct FakeTcpEnvironment {
  FakeClock clock;
  FakeTcpNetwork network{clock};
  RecordingNotifier notifier;
  sfu::Environment env{clock, network, notifier, &TestCertificate(), &TestDtlsContext()};
};

}  // namespace weir::test
