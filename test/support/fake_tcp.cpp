#include "support/fake_tcp.hpp"

#include <stdexcept>

namespace weir::test {

class FakeStreamConnection;

// What the two ends share; each end clears its pointer when it goes away.
struct FakeTcpPipe {
  FakeTcpNetwork* network = nullptr;
  base::SocketAddress clientAddress;
  base::SocketAddress serverAddress;
  FakeTcpClient* client = nullptr;
  FakeStreamConnection* server = nullptr;
  bool clientClosed = false;
};

class FakeStreamConnection final : public sfu::StreamConnection {
 public:
  explicit FakeStreamConnection(std::shared_ptr<FakeTcpPipe> pipe) : pipe_(std::move(pipe)) {
    pipe_->server = this;
  }
  ~FakeStreamConnection() override { pipe_->server = nullptr; }

  const base::SocketAddress& local() const override { return pipe_->serverAddress; }
  const base::SocketAddress& remote() const override { return pipe_->clientAddress; }
  void SetListener(sfu::StreamListener* listener) override { listener_ = listener; }
  bool Send(base::ByteView header, base::ByteView data) override {
    if (pipe_->clientClosed || pipe_->client == nullptr) return false;
    auto& out = pipe_->client->received;
    out.insert(out.end(), header.begin(), header.end());
    out.insert(out.end(), data.begin(), data.end());
    return true;
  }
  sfu::StreamListener* listener() const { return listener_; }

 private:
  std::shared_ptr<FakeTcpPipe> pipe_;
  sfu::StreamListener* listener_ = nullptr;
};

class FakeTcpServer final : public sfu::TcpServer {
 public:
  FakeTcpServer(FakeTcpNetwork& network, base::SocketAddress local)
      : network_(network), local_(local) {}
  ~FakeTcpServer() override { network_.Unregister(this); }
  const base::SocketAddress& local() const override { return local_; }
  void SetListener(sfu::TcpServerListener* listener) override { listener_ = listener; }
  sfu::TcpServerListener* listener() const { return listener_; }

 private:
  FakeTcpNetwork& network_;
  base::SocketAddress local_;
  sfu::TcpServerListener* listener_ = nullptr;
};

FakeTcpClient::~FakeTcpClient() {
  Close();
  pipe_->client = nullptr;
}

bool FakeTcpClient::open() const {
  return !pipe_->clientClosed && pipe_->server != nullptr;
}

const base::SocketAddress& FakeTcpClient::local() const {
  return pipe_->clientAddress;
}

bool FakeTcpClient::Send(base::ByteView bytes) {
  if (!open()) return false;
  FakeStreamConnection* server = pipe_->server;
  if (server->listener() == nullptr) return true;  // Nobody reads: the bytes are lost.
  server->listener()->OnStreamData(pipe_->network->clock().now, *server, bytes);
  return true;
}

void FakeTcpClient::Close() {
  if (pipe_->clientClosed) return;
  pipe_->clientClosed = true;
  FakeStreamConnection* server = pipe_->server;
  if (server != nullptr && server->listener() != nullptr) {
    // The listener may destroy the connection from here.
    server->listener()->OnStreamClosed(pipe_->network->clock().now, *server);
  }
}

std::unique_ptr<sfu::TcpServer> FakeTcpNetwork::ListenTcp(const sfu::UdpBindOptions& options) {
  uint16_t port = options.port != 0 ? options.port : nextTcpPort++;
  auto address = base::SocketAddress::Parse(options.ip, port);
  if (!address) throw std::invalid_argument("bad ip " + options.ip);
  auto key = address->ToString();
  if (servers_.contains(key)) throw std::runtime_error("tcp address in use " + key);
  auto server = std::make_unique<FakeTcpServer>(*this, *address);
  servers_[key] = server.get();
  return server;
}

std::unique_ptr<FakeTcpClient> FakeTcpNetwork::Connect(const base::SocketAddress& from,
                                                       const base::SocketAddress& to) {
  auto it = servers_.find(to.ToString());
  if (it == servers_.end() || it->second->listener() == nullptr) return nullptr;
  auto pipe = std::make_shared<FakeTcpPipe>();
  pipe->network = this;
  pipe->clientAddress = from;
  pipe->serverAddress = to;
  auto client = std::make_unique<FakeTcpClient>(pipe);
  pipe->client = client.get();
  it->second->listener()->OnTcpConnection(clock_.now,
                                          std::make_unique<FakeStreamConnection>(pipe));
  return client;
}

void FakeTcpNetwork::Unregister(FakeTcpServer* server) {
  for (auto it = servers_.begin(); it != servers_.end(); ++it) {
    if (it->second == server) {
      servers_.erase(it);
      return;
    }
  }
}

}  // namespace weir::test
