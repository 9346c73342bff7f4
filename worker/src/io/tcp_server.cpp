#include "io/tcp_server.hpp"

#include "io/clock.hpp"
#include "io/tcp_connection.hpp"

namespace weir::io {

namespace {

base::SocketAddress AddressOf(const uv_tcp_t* handle, bool peer) {
  sockaddr_storage storage{};
  int len = sizeof(storage);
  if (peer) {
    uv_tcp_getpeername(handle, reinterpret_cast<sockaddr*>(&storage), &len);
  } else {
    uv_tcp_getsockname(handle, reinterpret_cast<sockaddr*>(&storage), &len);
  }
  return base::SocketAddress::FromSockaddr(reinterpret_cast<const sockaddr*>(&storage));
}

}  // namespace

std::unique_ptr<TcpServer> TcpServer::Listen(uv_loop_t* loop, const base::SocketAddress& address,
                                             int* error) {
  std::unique_ptr<TcpServer> server(new TcpServer());
  server->loop_ = loop;
  uv_tcp_init(loop, server->handle_.get());
  server->handle_.MarkInitialized();
  server->handle_.get()->data = server.get();
  unsigned flags = address.is_v6() ? UV_TCP_IPV6ONLY : 0;
  int err = uv_tcp_bind(server->handle_.get(), address.sockaddr_ptr(), flags);
  if (err == 0) {
    err = uv_listen(reinterpret_cast<uv_stream_t*>(server->handle_.get()), 128, OnConnection);
  }
  if (err != 0) {
    *error = err;
    return nullptr;
  }
  server->local_ = AddressOf(server->handle_.get(), false);
  return server;
}

TcpServer::~TcpServer() {
  if (handle_.get() != nullptr) handle_.get()->data = nullptr;
}

void TcpServer::OnConnection(uv_stream_t* stream, int status) {
  auto* self = static_cast<TcpServer*>(stream->data);
  if (self == nullptr || status < 0) return;
  UvHandle<uv_tcp_t> client;
  uv_tcp_init(self->loop_, client.get());
  client.MarkInitialized();
  if (uv_accept(stream, reinterpret_cast<uv_stream_t*>(client.get())) != 0) return;
  if (self->listener_ == nullptr) return;  // Nobody wants it: closed by `client`'s destructor.
  base::SocketAddress local = AddressOf(client.get(), false);
  base::SocketAddress remote = AddressOf(client.get(), true);
  self->listener_->OnTcpConnection(
      Now(), std::make_unique<TcpConnection>(std::move(client), local, remote));
}

}  // namespace weir::io
