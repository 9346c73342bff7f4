// Raw bytes written straight to a worker's channel fd (the worker is spawned here on a
// socketpair, without the controller library): garbage, a truncated frame completed later, an
// unverifiable buffer, an over-long frame, a message that is not a Request. The worker stays up,
// answers the next valid request, and worker.dump counts what it refused. Also: argument errors
// exit 2 with a message.

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "channel/framing/frame_decoder.hpp"
#include "channel/framing/frame_encoder.hpp"
#include "doctest/doctest.h"
#include "weir/fbs/message_generated.h"

extern char** environ;

namespace {

std::string WorkerPath() {
  const char* bin = std::getenv("WEIR_BIN");
  return std::string(bin ? bin : "build/bin") + "/weir-worker";
}

// A weir-worker on a socketpair (fd 3), its stderr on a pipe.
class RawWorker {
 public:
  explicit RawWorker(std::vector<std::string> args = {}) {
    int fds[2];
    REQUIRE(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) == 0);
    int err[2];
    REQUIRE(::pipe2(err, O_CLOEXEC) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 3);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    std::string path = WorkerPath();
    std::vector<char*> argv{path.data()};
    for (auto& arg : args)
      argv.push_back(arg.data());
    argv.push_back(nullptr);
    REQUIRE(::posix_spawn(&pid_, path.c_str(), &actions, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    ::close(err[1]);
    fd_ = fds[0];
    stderr_ = err[0];
  }
  ~RawWorker() {
    if (fd_ >= 0) ::close(fd_);
    if (stderr_ >= 0) ::close(stderr_);
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  void Write(const std::vector<uint8_t>& bytes) {
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
      REQUIRE(n > 0);
      done += static_cast<size_t>(n);
    }
  }

  // The next Message from the worker, skipping Logs; nothing if none comes within `timeoutMs`.
  std::optional<std::vector<uint8_t>> Read(int timeoutMs = 5000) {
    for (;;) {
      auto event = decoder_.Next();
      if (event.kind == weir::channel::FrameDecoder::Kind::kFrame) {
        // A vector's storage is 8-aligned, as the payload of a regular FlatBuffers buffer needs.
        std::vector<uint8_t> frame(event.frame.begin(), event.frame.end());
        flatbuffers::Verifier verifier(frame.data(), frame.size());
        REQUIRE(weir::fbs::VerifyMessageBuffer(verifier));
        if (weir::fbs::GetMessage(frame.data())->data_type() == weir::fbs::Body::Log) continue;
        return frame;
      }
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, timeoutMs) <= 0) return std::nullopt;
      uint8_t buf[65536];
      ssize_t n = ::recv(fd_, buf, sizeof(buf), 0);
      if (n <= 0) return std::nullopt;
      decoder_.Append(weir::base::ByteView(buf, static_cast<size_t>(n)));
    }
  }

  // Sends worker.dump (with a given id) and returns the dump's channel counters' JSON-less view.
  const weir::fbs::Response* Request(weir::fbs::Method method, uint32_t id,
                                     std::vector<uint8_t>& storage) {
    Write(RequestFrame(method, id));
    auto message = Read();
    REQUIRE(message.has_value());
    storage = *std::move(message);
    auto* response = weir::fbs::GetMessage(storage.data())->data_as_Response();
    REQUIRE(response != nullptr);
    CHECK(response->id() == id);
    return response;
  }

  static std::vector<uint8_t> RequestFrame(weir::fbs::Method method, uint32_t id) {
    flatbuffers::FlatBufferBuilder b;
    auto request = weir::fbs::CreateRequestDirect(b, id, method, "");
    b.Finish(weir::fbs::CreateMessage(b, weir::fbs::Body::Request, request.Union()));
    return Prefixed({b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize()});
  }

  bool Alive() { return ::waitpid(pid_, nullptr, WNOHANG) == 0; }

  // Closes the channel and returns the exit status.
  int CloseAndWait() {
    ::close(fd_);
    fd_ = -1;
    int status = 0;
    REQUIRE(::waitpid(pid_, &status, 0) == pid_);
    reaped_ = true;
    return status;
  }
  int Wait() {
    int status = 0;
    REQUIRE(::waitpid(pid_, &status, 0) == pid_);
    reaped_ = true;
    return status;
  }
  std::string Stderr() {
    std::string out;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(stderr_, buf, sizeof(buf))) > 0)
      out.append(buf, static_cast<size_t>(n));
    return out;
  }

  // The channel framing: a 4-byte little-endian length, then the buffer.
  static std::vector<uint8_t> Prefixed(const std::vector<uint8_t>& frame) {
    std::vector<uint8_t> out(4 + frame.size());
    weir::base::StoreLe32(out.data(), static_cast<uint32_t>(frame.size()));
    if (!frame.empty()) std::memcpy(out.data() + 4, frame.data(), frame.size());
    return out;
  }

 private:
  pid_t pid_ = 0;
  int fd_ = -1;
  int stderr_ = -1;
  bool reaped_ = false;
  weir::channel::FrameDecoder decoder_;
};

std::vector<uint8_t> Frame(const std::vector<uint8_t>& payload) {
  std::vector<uint8_t> out;
  weir::channel::AppendFrame(weir::base::ByteView(payload.data(), payload.size()), &out);
  return out;
}

}  // namespace

TEST_CASE("abuse: the worker survives bad frames, answers the next request, and counts them") {
  RawWorker worker({"--log-level=warn"});
  auto running = worker.Read();
  REQUIRE(running.has_value());
  CHECK(weir::fbs::GetMessage(running->data())->data_type() == weir::fbs::Body::Notification);
  std::vector<uint8_t> storage;

  // 1. Raw garbage in a frame of its own: unverifiable.
  worker.Write(Frame({'g', 'a', 'r', 'b', 'a', 'g', 'e', 0xFF, 0x00, 0x13, 0x37, 0x42}));
  CHECK(worker.Request(weir::fbs::Method::worker_dump, 1, storage)->accepted());

  // 2. A truncated frame: no answer until the rest arrives, then the answer.
  std::vector<uint8_t> request = RawWorker::RequestFrame(weir::fbs::Method::worker_dump, 2);
  size_t half = request.size() / 2;
  worker.Write(std::vector<uint8_t>(request.begin(), request.begin() + static_cast<long>(half)));
  CHECK_FALSE(worker.Read(200).has_value());
  worker.Write(std::vector<uint8_t>(request.begin() + static_cast<long>(half), request.end()));
  auto completed = worker.Read();
  REQUIRE(completed.has_value());
  CHECK(weir::fbs::GetMessage(completed->data())->data_as_Response()->id() == 2);

  // 3. Unverifiable buffers: zeros, a root offset pointing outside, and an empty frame.
  worker.Write(Frame(std::vector<uint8_t>(16, 0)));
  worker.Write(Frame({0xF0, 0xFF, 0xFF, 0x7F, 0, 0, 0, 0}));
  worker.Write(Frame({}));
  CHECK(worker.Request(weir::fbs::Method::worker_dump, 3, storage)->accepted());

  // 4. An over-long frame: length 4 MiB + 1, followed by that many bytes (which could look like
  // frames themselves: they must be skipped, not parsed).
  std::vector<uint8_t> oversized(4 + weir::channel::kMaxFrameSize + 1);
  weir::base::StoreLe32(oversized.data(), weir::channel::kMaxFrameSize + 1);
  for (size_t i = 4; i + 4 <= oversized.size(); i += 4) {
    weir::base::StoreLe32(oversized.data() + i, 8);  // a sea of would-be frame headers
  }
  worker.Write(oversized);
  CHECK(worker.Request(weir::fbs::Method::worker_dump, 4, storage)->accepted());

  // 5. A verified message that is not a Request.
  {
    flatbuffers::FlatBufferBuilder b;
    auto response = weir::fbs::CreateResponse(b, 99, true);
    b.Finish(weir::fbs::CreateMessage(b, weir::fbs::Body::Response, response.Union()));
    worker.Write(RawWorker::Prefixed({b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize()}));
  }
  // 6. An unknown method number: a rejected Response, not silence.
  auto unknown = worker.Request(static_cast<weir::fbs::Method>(999), 5, storage);
  CHECK_FALSE(unknown->accepted());
  CHECK(unknown->error() == weir::fbs::ErrorKind::TypeError);

  auto dump = worker.Request(weir::fbs::Method::worker_dump, 6, storage)->body_as_worker_dump();
  REQUIRE(dump != nullptr);
  const weir::fbs::ChannelCounters* counters = dump->channel();
  REQUIRE(counters != nullptr);
  CHECK(counters->oversizedFrames() == 1);
  CHECK(counters->unverifiableBuffers() == 4);
  CHECK(counters->unexpectedMessages() == 1);
  CHECK(counters->requestsRejected() == 1);
  // framesIn: 6 requests + garbage + 3 unverifiable + 1 unexpected (the oversized one is not a
  // frame it read).
  CHECK(counters->framesIn() == 11);
  CHECK(worker.Alive());

  CHECK(worker.CloseAndWait() == 0);  // EOF: a clean exit
}

TEST_CASE("abuse: a frame split at every offset is reassembled") {
  RawWorker worker;
  REQUIRE(worker.Read().has_value());
  std::vector<uint8_t> request = RawWorker::RequestFrame(weir::fbs::Method::worker_dump, 1);
  for (size_t cut = 1; cut < request.size(); ++cut) {
    request = RawWorker::RequestFrame(weir::fbs::Method::worker_dump, static_cast<uint32_t>(cut));
    worker.Write(std::vector<uint8_t>(request.begin(), request.begin() + static_cast<long>(cut)));
    worker.Write(std::vector<uint8_t>(request.begin() + static_cast<long>(cut), request.end()));
    auto response = worker.Read();
    REQUIRE(response.has_value());
    CHECK(weir::fbs::GetMessage(response->data())->data_as_Response()->id() == cut);
  }
  CHECK(worker.CloseAndWait() == 0);
}

TEST_CASE("arguments: bad ones exit 2 with a message on stderr") {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  std::vector<Case> cases = {
      {{"--bogus=1"}, "unknown option --bogus"},
      {{"--log-level=loud"}, "--log-level must be one of"},
      {{"--rtc-min-port=0"}, "--rtc-min-port must be a port"},
      {{"--rtc-min-port=6000", "--rtc-max-port=5000"}, "must not be greater"},
      {{"stray"}, "unexpected argument 'stray'"},
  };
  for (const Case& c : cases) {
    RawWorker worker(c.args);
    int status = worker.Wait();
    CAPTURE(c.args[0]);
    REQUIRE(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 2);
    CHECK(worker.Stderr().find(c.message) != std::string::npos);
  }
}
