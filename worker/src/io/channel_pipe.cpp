#include "io/channel_pipe.hpp"

#include <cstring>
#include <stdexcept>
#include <string>

namespace weir::io {

namespace {

struct WriteRequest {
  uv_write_t req;
  ChannelPipe* pipe;
  size_t* queued;
  size_t size;
  uint8_t data[1];  // Over-allocated to size.
};

struct ShutdownRequest {
  uv_shutdown_t req;
  std::function<void()> done;
};

}  // namespace

ChannelPipe::ChannelPipe(uv_loop_t* loop, int fd, ReadCallback onRead, EofCallback onEof)
    : onRead_(std::move(onRead)), onEof_(std::move(onEof)) {
  int err = uv_pipe_init(loop, pipe_.get(), 0);
  if (err != 0) throw std::runtime_error(std::string("uv_pipe_init: ") + uv_strerror(err));
  pipe_.MarkInitialized();
  err = uv_pipe_open(pipe_.get(), fd);
  if (err != 0) {
    throw std::runtime_error("cannot open channel fd " + std::to_string(fd) + ": " +
                             uv_strerror(err));
  }
  pipe_.get()->data = this;
  err = uv_read_start(reinterpret_cast<uv_stream_t*>(pipe_.get()), OnAlloc, OnRead);
  if (err != 0) throw std::runtime_error(std::string("uv_read_start: ") + uv_strerror(err));
}

ChannelPipe::~ChannelPipe() = default;

void ChannelPipe::OnAlloc(uv_handle_t* handle, size_t, uv_buf_t* buf) {
  auto* self = static_cast<ChannelPipe*>(handle->data);
  if (self == nullptr) {
    *buf = uv_buf_init(nullptr, 0);
    return;
  }
  *buf = uv_buf_init(self->readBuffer_, sizeof(self->readBuffer_));
}

void ChannelPipe::OnRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf) {
  auto* self = static_cast<ChannelPipe*>(stream->data);
  if (self == nullptr) return;
  if (nread > 0) {
    self->onRead_(
        base::ByteView(reinterpret_cast<const uint8_t*>(buf->base), static_cast<size_t>(nread)));
    return;
  }
  if (nread < 0) {
    // EOF or a read error: either way the controller is gone.
    uv_read_stop(stream);
    if (!self->eof_) {
      self->eof_ = true;
      if (self->onEof_) self->onEof_();
    }
  }
}

bool ChannelPipe::Write(base::ByteView payload, bool droppable) {
  if (eof_ || pipe_.get() == nullptr) return false;
  auto* stream = reinterpret_cast<uv_stream_t*>(pipe_.get());
  uint8_t header[4];
  base::StoreLe32(header, static_cast<uint32_t>(payload.size()));
  const size_t total = sizeof(header) + payload.size();
  size_t written = 0;
  if (queued_ == 0) {
    // Fast path: nothing is queued, so the kernel may take the frame at once.
    uv_buf_t bufs[2] = {
        uv_buf_init(reinterpret_cast<char*>(header), sizeof(header)),
        uv_buf_init(const_cast<char*>(reinterpret_cast<const char*>(payload.data())),
                    static_cast<unsigned>(payload.size()))};
    int n = uv_try_write(stream, bufs, 2);
    if (n == static_cast<int>(total)) return true;
    if (n > 0) written = static_cast<size_t>(n);
  }
  if (written == 0) {
    // Nothing of this frame went out, so it can still be dropped whole.
    if (queued_ > 2 * kMaxQueuedBytes) return false;
    if (droppable && queued_ > kMaxQueuedBytes) return false;
  }
  size_t rest = total - written;
  auto* req = static_cast<WriteRequest*>(::operator new(sizeof(WriteRequest) + rest));
  req->pipe = this;
  req->queued = &queued_;
  req->size = rest;
  uint8_t* out = req->data;
  if (written < sizeof(header)) {
    std::memcpy(out, header + written, sizeof(header) - written);
    out += sizeof(header) - written;
    if (!payload.empty()) std::memcpy(out, payload.data(), payload.size());
  } else {
    std::memcpy(out, payload.data() + (written - sizeof(header)), rest);
  }
  uv_buf_t buf = uv_buf_init(reinterpret_cast<char*>(req->data), static_cast<unsigned>(rest));
  queued_ += rest;
  int err = uv_write(&req->req, stream, &buf, 1, [](uv_write_t* w, int) {
    auto* r = reinterpret_cast<WriteRequest*>(w);
    *r->queued -= r->size;
    ::operator delete(r);
  });
  if (err != 0) {
    queued_ -= rest;
    ::operator delete(req);
    return false;
  }
  return true;
}

void ChannelPipe::Shutdown(std::function<void()> done) {
  auto* stream = reinterpret_cast<uv_stream_t*>(pipe_.get());
  if (stream == nullptr) {
    if (done) done();
    return;
  }
  uv_read_stop(stream);
  stream->data = nullptr;
  // uv_shutdown runs its callback once every queued write has gone out (or failed); only then is
  // the handle closed, since closing first would cancel the queued responses.
  auto* req = new ShutdownRequest{{}, std::move(done)};
  req->req.data = this;
  int err = uv_shutdown(&req->req, stream, [](uv_shutdown_t* r, int) {
    auto* s = reinterpret_cast<ShutdownRequest*>(r);
    static_cast<ChannelPipe*>(r->data)->pipe_.Close();
    if (s->done) s->done();
    delete s;
  });
  if (err != 0) {
    auto cb = std::move(req->done);
    delete req;
    pipe_.Close();
    if (cb) cb();
  }
}

}  // namespace weir::io
