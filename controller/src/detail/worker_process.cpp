#include "detail/worker_process.hpp"

#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace weir::detail {

namespace {

constexpr std::chrono::milliseconds kExitDrainTimeout{500};
constexpr std::chrono::milliseconds kEofKillTimeout{1000};
constexpr std::chrono::milliseconds kReapTimeout{3000};
constexpr size_t kReadChunk = 64 * 1024;

// Waits for the exit of a worker whose WorkerProcess is gone (its channel is closed, so it is
// exiting), killing it if it takes too long. Owns itself: it deletes itself once the child has
// been reaped, which is what keeps a zombie from being left behind.
class Reaper final : public ExitSink {
 public:
  static void Adopt(uv_loop_t* loop, uv_process_t* process) { new Reaper(loop, process); }

  void HandleExit(int64_t, int) override {
    uv_close(reinterpret_cast<uv_handle_t*>(process_),
             [](uv_handle_t* h) { delete reinterpret_cast<uv_process_t*>(h); });
    delete this;
  }

 private:
  Reaper(uv_loop_t* loop, uv_process_t* process) : process_(process) {
    process_->data = static_cast<ExitSink*>(this);
    if (uv_timer_init(loop, timer_.get()) == 0) {
      timer_.MarkInitialized();
      timer_.get()->data = this;
      uv_timer_start(
          timer_.get(),
          [](uv_timer_t* t) {
            auto* self = static_cast<Reaper*>(t->data);
            if (self != nullptr) uv_process_kill(self->process_, SIGKILL);
          },
          static_cast<uint64_t>(kReapTimeout.count()), 0);
      // The reaper alone must not keep a loop running that has nothing else to do.
      uv_unref(timer_.handle());
    }
  }

  uv_process_t* process_;
  OwnedHandle<uv_timer_t> timer_;
};

}  // namespace

WorkerProcess::WorkerProcess(uv_loop_t* loop, Listener* listener)
    : loop_(loop), listener_(listener) {}

absl::StatusOr<std::unique_ptr<WorkerProcess>> WorkerProcess::Spawn(
    uv_loop_t* loop, const std::string& path, const std::vector<std::string>& args,
    Listener* listener) {
  std::unique_ptr<WorkerProcess> self(new WorkerProcess(loop, listener));
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
    return absl::InternalError(absl::StrCat("socketpair: ", std::strerror(errno)));
  }
  uv_timer_init(loop, self->timer_.get());
  self->timer_.MarkInitialized();
  self->timer_.get()->data = self.get();
  uv_pipe_init(loop, self->stderr_.get(), 0);
  self->stderr_.MarkInitialized();
  self->stderr_.get()->data = self.get();

  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(path.c_str()));
  for (const std::string& arg : args)
    argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);

  uv_stdio_container_t stdio[4];
  stdio[0].flags = UV_IGNORE;
  stdio[1].flags = UV_INHERIT_FD;
  stdio[1].data.fd = STDOUT_FILENO;
  stdio[2].flags = static_cast<uv_stdio_flags>(UV_CREATE_PIPE | UV_WRITABLE_PIPE);
  stdio[2].data.stream = self->stderr_.as<uv_stream_t>();
  // The channel: the worker's end of the socketpair becomes its fd 3 (libuv dup2()s it, which
  // also clears close-on-exec on the copy).
  stdio[3].flags = UV_INHERIT_FD;
  stdio[3].data.fd = fds[1];

  uv_process_options_t options{};
  options.exit_cb = OnProcessExit;
  options.file = path.c_str();
  options.args = argv.data();
  options.stdio = stdio;
  options.stdio_count = 4;
  int err = uv_spawn(loop, self->process_.get(), &options);
  ::close(fds[1]);
  self->process_.MarkInitialized();  // uv_spawn initializes the handle even when it fails
  if (err != 0) {
    ::close(fds[0]);
    self->exited_ = true;  // nothing to reap
    std::string message = absl::StrCat("cannot run the worker '", path, "': ", uv_strerror(err));
    if (err == UV_ENOENT || err == UV_EACCES) {
      return absl::NotFoundError(message);
    }
    return absl::InternalError(message);
  }
  self->process_.get()->data = static_cast<ExitSink*>(self.get());
  self->pid_ = self->process_.get()->pid;
  self->fd_ = fds[0];
  uv_poll_init_socket(loop, self->poll_.get(), self->fd_);
  self->poll_.MarkInitialized();
  self->poll_.get()->data = self.get();
  self->UpdatePoll();
  uv_read_start(self->stderr_.as<uv_stream_t>(), OnStderrAlloc, OnStderrRead);
  return self;
}

WorkerProcess::~WorkerProcess() {
  *alive_ = false;
  CloseChannel();  // the worker exits on EOF
  if (!exited_ && process_.open()) Reaper::Adopt(loop_, process_.Release());
}

void WorkerProcess::Write(std::vector<uint8_t> bytes) {
  if (fd_ < 0 || bytes.empty()) return;
  queuedBytes_ += bytes.size();
  writeQueue_.push_back(std::move(bytes));
  if (writeQueue_.size() == 1) FlushWrites();
}

void WorkerProcess::FlushWrites() {
  while (fd_ >= 0 && !writeQueue_.empty()) {
    std::vector<uint8_t>& front = writeQueue_.front();
    ssize_t n = ::send(fd_, front.data() + writeOffset_, front.size() - writeOffset_,
                       MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      // EPIPE, ECONNRESET: the worker is gone; the read side will see EOF.
      writeQueue_.clear();
      writeOffset_ = 0;
      queuedBytes_ = 0;
      break;
    }
    writeOffset_ += static_cast<size_t>(n);
    queuedBytes_ -= static_cast<size_t>(n);
    if (writeOffset_ == front.size()) {
      writeQueue_.pop_front();
      writeOffset_ = 0;
    }
  }
  UpdatePoll();
}

void WorkerProcess::UpdatePoll() {
  if (fd_ < 0) return;
  int events = UV_READABLE | (writeQueue_.empty() ? 0 : UV_WRITABLE);
  if (events == pollEvents_) return;  // each change costs an epoll_ctl
  pollEvents_ = events;
  uv_poll_start(poll_.get(), events, OnPoll);
}

void WorkerProcess::OnPoll(uv_poll_t* poll, int status, int events) {
  auto* self = static_cast<WorkerProcess*>(poll->data);
  if (self == nullptr) return;
  if (status < 0) {
    self->ChannelEof();
    return;
  }
  std::shared_ptr<bool> alive = self->alive_;
  if (events & UV_WRITABLE) self->FlushWrites();
  if (events & UV_READABLE) self->ReadChannel();
  (void)alive;
}

void WorkerProcess::ReadChannel() {
  if (readBuffer_.size() < kReadChunk) readBuffer_.resize(kReadChunk);
  std::shared_ptr<bool> alive = alive_;
  while (fd_ >= 0) {
    ssize_t n = ::recv(fd_, readBuffer_.data(), readBuffer_.size(), MSG_DONTWAIT);
    if (n > 0) {
      listener_->OnChannelData(base::ByteView(readBuffer_.data(), static_cast<size_t>(n)));
      if (!*alive) return;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    ChannelEof();  // 0: EOF; any other error: the channel is unusable either way
    return;
  }
}

void WorkerProcess::CloseChannel() {
  if (fd_ < 0) return;
  poll_.Close();
  ::close(fd_);
  fd_ = -1;
  writeQueue_.clear();
  writeOffset_ = 0;
  queuedBytes_ = 0;
}

void WorkerProcess::ChannelEof() {
  if (channelEof_) return;
  channelEof_ = true;
  CloseChannel();
  if (!exited_) KillAfter(kEofKillTimeout);  // a worker without its channel is of no use
  MaybeFinish();
}

void WorkerProcess::OnStderrAlloc(uv_handle_t* handle, size_t, uv_buf_t* buf) {
  auto* self = static_cast<WorkerProcess*>(handle->data);
  if (self == nullptr) {
    *buf = uv_buf_init(nullptr, 0);
    return;
  }
  *buf = uv_buf_init(self->stderrBuffer_, sizeof(self->stderrBuffer_));
}

void WorkerProcess::OnStderrRead(uv_stream_t* stream, ssize_t nread, const uv_buf_t* buf) {
  auto* self = static_cast<WorkerProcess*>(stream->data);
  if (self == nullptr || nread == 0) return;
  if (nread < 0) {
    self->StderrEof();
    return;
  }
  std::shared_ptr<bool> alive = self->alive_;
  self->stderrLine_.append(buf->base, static_cast<size_t>(nread));
  size_t start = 0;
  for (size_t nl; (nl = self->stderrLine_.find('\n', start)) != std::string::npos; start = nl + 1) {
    std::string line = self->stderrLine_.substr(start, nl - start);
    if (line.empty()) continue;
    self->stderrTail_ = line;
    self->listener_->OnStderrLine(line);
    if (!*alive) return;
  }
  self->stderrLine_.erase(0, start);
  // A process that writes megabytes without a newline gets its line cut rather than buffered.
  if (self->stderrLine_.size() > 64 * 1024) self->stderrLine_.clear();
}

void WorkerProcess::StderrEof() {
  if (stderrEof_) return;
  stderrEof_ = true;
  stderr_.Close();
  std::shared_ptr<bool> alive = alive_;
  if (!stderrLine_.empty()) {
    stderrTail_ = stderrLine_;
    stderrLine_.clear();
    listener_->OnStderrLine(stderrTail_);
    if (!*alive) return;
  }
  MaybeFinish();
}

void WorkerProcess::OnProcessExit(uv_process_t* process, int64_t exitStatus, int termSignal) {
  auto* sink = static_cast<ExitSink*>(process->data);
  if (sink != nullptr) sink->HandleExit(exitStatus, termSignal);
}

void WorkerProcess::HandleExit(int64_t exitStatus, int termSignal) {
  exited_ = true;
  exitCode_ = static_cast<int>(exitStatus);
  signal_ = termSignal;
  process_.Close();
  uv_timer_stop(timer_.get());
  killArmed_ = false;
  if (!channelEof_ || !stderrEof_) {
    // Let the channel and stderr drain what the worker wrote before it went.
    uv_timer_start(timer_.get(), OnTimer, static_cast<uint64_t>(kExitDrainTimeout.count()), 0);
  }
  MaybeFinish();
}

void WorkerProcess::KillAfter(std::chrono::milliseconds timeout) {
  if (exited_ || !timer_.open()) return;
  uint64_t ms = static_cast<uint64_t>(timeout.count());
  if (killArmed_ && uv_timer_get_due_in(timer_.get()) <= ms) return;
  killArmed_ = true;
  uv_timer_start(timer_.get(), OnTimer, ms, 0);
}

void WorkerProcess::Kill(int signal) {
  if (!exited_ && process_.open()) uv_process_kill(process_.get(), signal);
}

void WorkerProcess::OnTimer(uv_timer_t* timer) {
  auto* self = static_cast<WorkerProcess*>(timer->data);
  if (self == nullptr) return;
  if (self->exited_) {
    self->Finish();  // the drain timeout
  } else {
    self->killArmed_ = false;
    self->Kill(SIGKILL);
  }
}

void WorkerProcess::MaybeFinish() {
  if (exited_ && channelEof_ && stderrEof_) Finish();
}

void WorkerProcess::Finish() {
  if (finished_) return;
  finished_ = true;
  timer_.Close();
  CloseChannel();
  stderr_.Close();
  listener_->OnExit(exitCode_, signal_, stderrTail_);
}

}  // namespace weir::detail
