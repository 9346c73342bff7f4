#include "line_reader.hpp"

#include <vector>

namespace weir::weirctl {

// Shared with the libuv callbacks, which may outlive the reader (a file read in flight or a
// handle being closed); `stopped` tells them to do nothing more.
struct LineReader::State : std::enable_shared_from_this<LineReader::State> {
  uv_loop_t* loop = nullptr;
  int fd = -1;
  LineCallback onLine;
  EofCallback onEof;
  bool stopped = false;
  bool eof = false;
  std::string pending;
  uv_stream_t* stream = nullptr;  // for pipes, sockets and ttys
  std::vector<char> buffer = std::vector<char>(64 * 1024);
  uv_fs_t fsRequest{};
  int64_t offset = 0;
  std::shared_ptr<State> selfWhileReading;  // keeps the state alive across a uv_fs_read

  void Feed(const char* data, size_t size) {
    pending.append(data, size);
    size_t start = 0;
    for (size_t nl; !stopped && (nl = pending.find('\n', start)) != std::string::npos;
         start = nl + 1) {
      std::string_view line(pending.data() + start, nl - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      onLine(line);
    }
    pending.erase(0, start);
  }

  void Finish() {
    if (stopped || eof) return;
    eof = true;
    if (!pending.empty()) {
      std::string last;
      last.swap(pending);
      onLine(last);
    }
    if (!stopped && onEof) onEof();
  }

  void ReadFile() {
    selfWhileReading = shared_from_this();
    fsRequest.data = this;
    uv_buf_t buf = uv_buf_init(buffer.data(), static_cast<unsigned>(buffer.size()));
    int err = uv_fs_read(loop, &fsRequest, fd, &buf, 1, -1, [](uv_fs_t* req) {
      auto* self = static_cast<State*>(req->data);
      std::shared_ptr<State> keep = std::move(self->selfWhileReading);
      ssize_t n = req->result;
      uv_fs_req_cleanup(req);
      if (self->stopped) return;
      if (n > 0) {
        self->offset += n;
        self->Feed(self->buffer.data(), static_cast<size_t>(n));
        if (!self->stopped) self->ReadFile();
      } else {
        self->Finish();  // 0 is EOF; an error ends the input the same way
      }
    });
    if (err != 0) {
      selfWhileReading.reset();
      Finish();
    }
  }
};

LineReader::LineReader(uv_loop_t* loop, int fd, LineCallback onLine, EofCallback onEof)
    : state_(std::make_shared<State>()) {
  State& s = *state_;
  s.loop = loop;
  s.fd = fd;
  s.onLine = std::move(onLine);
  s.onEof = std::move(onEof);
  switch (uv_guess_handle(fd)) {
    case UV_TTY: {
      auto* tty = new uv_tty_t;
      if (uv_tty_init(loop, tty, fd, 1) == 0)
        s.stream = reinterpret_cast<uv_stream_t*>(tty);
      else
        delete tty;
      break;
    }
    case UV_NAMED_PIPE: {
      auto* pipe = new uv_pipe_t;
      uv_pipe_init(loop, pipe, 0);
      if (uv_pipe_open(pipe, fd) == 0) {
        s.stream = reinterpret_cast<uv_stream_t*>(pipe);
      } else {
        uv_close(reinterpret_cast<uv_handle_t*>(pipe),
                 [](uv_handle_t* h) { delete reinterpret_cast<uv_pipe_t*>(h); });
      }
      break;
    }
    case UV_TCP: {
      auto* tcp = new uv_tcp_t;
      uv_tcp_init(loop, tcp);
      if (uv_tcp_open(tcp, fd) == 0) {
        s.stream = reinterpret_cast<uv_stream_t*>(tcp);
      } else {
        uv_close(reinterpret_cast<uv_handle_t*>(tcp),
                 [](uv_handle_t* h) { delete reinterpret_cast<uv_tcp_t*>(h); });
      }
      break;
    }
    default:
      break;
  }
  if (s.stream == nullptr) {
    s.ReadFile();
    return;
  }
  s.stream->data = state_.get();
  uv_read_start(
      s.stream,
      [](uv_handle_t* handle, size_t, uv_buf_t* buf) {
        auto* self = static_cast<State*>(handle->data);
        *buf = uv_buf_init(self->buffer.data(), static_cast<unsigned>(self->buffer.size()));
      },
      [](uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf) {
        auto* self = static_cast<State*>(stream->data);
        if (self == nullptr || self->stopped) return;
        std::shared_ptr<State> keep = self->shared_from_this();
        if (nread > 0) {
          self->Feed(buf->base, static_cast<size_t>(nread));
        } else if (nread < 0) {
          uv_read_stop(stream);
          self->Finish();
        }
      });
}

LineReader::~LineReader() {
  Stop();
}

void LineReader::Stop() {
  State& s = *state_;
  s.stopped = true;
  if (s.stream != nullptr) {
    uv_read_stop(s.stream);
    s.stream->data = nullptr;
    // A tty is left in its original mode: weirctl never changed it.
    uv_close(reinterpret_cast<uv_handle_t*>(s.stream), [](uv_handle_t* h) {
      switch (h->type) {
        case UV_TTY:
          delete reinterpret_cast<uv_tty_t*>(h);
          break;
        case UV_TCP:
          delete reinterpret_cast<uv_tcp_t*>(h);
          break;
        default:
          delete reinterpret_cast<uv_pipe_t*>(h);
      }
    });
    s.stream = nullptr;
  }
}

}  // namespace weir::weirctl
