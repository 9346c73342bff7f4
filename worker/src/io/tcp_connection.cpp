#include "io/tcp_connection.hpp"

#include <cstring>
#include <memory>

#include "io/clock.hpp"

namespace weir::io {

namespace {

char g_readBuffer[65536];

struct WriteRequest {
  uv_write_t req;
  std::shared_ptr<size_t> queued;
  size_t size;
  uint8_t data[1];
};

}  // namespace

TcpConnection::TcpConnection(UvHandle<uv_tcp_t> handle, const base::SocketAddress& local,
                             const base::SocketAddress& remote)
    : handle_(std::move(handle)), local_(local), remote_(remote) {
  handle_.get()->data = this;
  uv_tcp_nodelay(handle_.get(), 1);
}

TcpConnection::~TcpConnection() {
  if (handle_.get() != nullptr) handle_.get()->data = nullptr;
  handle_.Close();
}

void TcpConnection::SetListener(sfu::StreamListener* listener) {
  listener_ = listener;
  if (listener != nullptr && !closed_) {
    uv_read_start(reinterpret_cast<uv_stream_t*>(handle_.get()), OnAlloc, OnRead);
  }
}

void TcpConnection::OnAlloc(uv_handle_t*, size_t, uv_buf_t* buf) {
  *buf = uv_buf_init(g_readBuffer, sizeof(g_readBuffer));
}

void TcpConnection::OnRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf) {
  auto* self = static_cast<TcpConnection*>(stream->data);
  if (self == nullptr) return;
  if (nread > 0) {
    // The listener may destroy this connection: nothing touches `self` afterwards.
    if (self->listener_ != nullptr) {
      self->listener_->OnStreamData(
          Now(), *self,
          base::ByteView(reinterpret_cast<const uint8_t*>(buf->base), static_cast<size_t>(nread)));
    }
    return;
  }
  if (nread < 0) {
    uv_read_stop(stream);
    self->closed_ = true;
    if (self->listener_ != nullptr) self->listener_->OnStreamClosed(Now(), *self);
  }
}

bool TcpConnection::Send(base::ByteView header, base::ByteView data) {
  if (closed_) return false;
  auto* stream = reinterpret_cast<uv_stream_t*>(handle_.get());
  const size_t total = header.size() + data.size();
  size_t written = 0;
  if (*queued_ == 0) {
    uv_buf_t bufs[2] = {uv_buf_init(const_cast<char*>(reinterpret_cast<const char*>(header.data())),
                                    static_cast<unsigned>(header.size())),
                        uv_buf_init(const_cast<char*>(reinterpret_cast<const char*>(data.data())),
                                    static_cast<unsigned>(data.size()))};
    int n = uv_try_write(stream, bufs, 2);
    if (n == static_cast<int>(total)) return true;
    if (n > 0) written = static_cast<size_t>(n);
  }
  // A frame must go out whole or not at all once started (the peer parses a byte stream).
  if (written == 0 && *queued_ + total > kMaxQueuedBytes) return false;
  size_t rest = total - written;
  auto* req = static_cast<WriteRequest*>(::operator new(sizeof(WriteRequest) + rest));
  new (&req->queued) std::shared_ptr<size_t>(queued_);
  req->size = rest;
  uint8_t* out = req->data;
  for (base::ByteView piece : {header, data}) {
    size_t skip = std::min(written, piece.size());
    written -= skip;
    std::memcpy(out, piece.data() + skip, piece.size() - skip);
    out += piece.size() - skip;
  }
  *queued_ += rest;
  uv_buf_t buf = uv_buf_init(reinterpret_cast<char*>(req->data), static_cast<unsigned>(rest));
  int err = uv_write(&req->req, stream, &buf, 1, [](uv_write_t* w, int) {
    auto* r = reinterpret_cast<WriteRequest*>(w);
    *r->queued -= r->size;
    r->queued.~shared_ptr<size_t>();
    ::operator delete(r);
  });
  if (err != 0) {
    *queued_ -= rest;
    req->queued.~shared_ptr<size_t>();
    ::operator delete(req);
    return false;
  }
  return true;
}

}  // namespace weir::io
