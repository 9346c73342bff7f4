#pragma once

// A scripted worker for the unit tests of the controller's objects: a Worker attached to a
// channel without a process (detail::Channel::CreateDetached), on a private libuv loop that holds
// nothing but the channel's timer. No process, no socket: the test reads the requests the objects
// send (in the JSON view), answers them, sends notifications and ends the "process".

#include <uv.h>

#include <deque>
#include <memory>
#include <string>

#include "channel/framing/frame_decoder.hpp"
#include "channel/framing/frame_encoder.hpp"
#include "detail/channel.hpp"
#include "detail/embedded_schema.hpp"
#include "detail/json_codec.hpp"
#include "doctest/doctest.h"
#include "flatbuffers/idl.h"
#include "weir/controller.hpp"

namespace weir::test {

class FakeWorker {
 public:
  explicit FakeWorker(const WorkerSettings& settings = {}) {
    uv_loop_init(&loop_);
    auto channel = detail::Channel::CreateDetached(&loop_, settings, 4242);
    REQUIRE(channel.ok());
    channel_ = *channel;
    worker_ = detail::AttachWorker(channel_);
    auto codec = detail::JsonCodec::Create();
    REQUIRE(codec.ok());
    codec_ = *std::move(codec);
    flatbuffers::IDLOptions options;
    options.strict_json = true;
    parser_ = std::make_unique<flatbuffers::Parser>(options);
    REQUIRE(parser_->Deserialize(detail::EmbeddedSchema().data(), detail::EmbeddedSchema().size()));
  }
  ~FakeWorker() {
    worker_.reset();
    channel_.reset();
    Run();
    uv_loop_close(&loop_);
  }
  FakeWorker(const FakeWorker&) = delete;
  FakeWorker& operator=(const FakeWorker&) = delete;

  Worker& worker() { return *worker_; }
  std::shared_ptr<Worker>& sharedWorker() { return worker_; }

  // Turns the loop: posted callbacks run, output is flushed.
  void Run() {
    for (int i = 0; i < 4; ++i)
      uv_run(&loop_, UV_RUN_NOWAIT);
  }

  // The next request the controller sent, which must be `method`:
  // {"id", "method", "handlerId", "body"}.
  nlohmann::json Expect(std::string_view method) {
    Collect();
    REQUIRE_MESSAGE(!requests_.empty(), "no request, expected ", std::string(method));
    nlohmann::json request = requests_.front();
    requests_.pop_front();
    CHECK(request["method"] == method);
    return request;
  }
  // Requests sent and not yet taken by Expect().
  size_t Pending() {
    Collect();
    return requests_.size();
  }

  // Answers `request`; `body` is the response body table of its method (null: none).
  void Accept(const nlohmann::json& request, const nlohmann::json& body = nullptr) {
    nlohmann::ordered_json data;
    data["id"] = request["id"];
    data["accepted"] = true;
    if (!body.is_null()) {
      data["body_type"] = EnumName(request["method"].get<std::string>());
      data["body"] = body;
    }
    Send("Response", data);
  }
  void Reject(const nlohmann::json& request, std::string_view error, std::string_view reason) {
    nlohmann::ordered_json data;
    data["id"] = request["id"];
    data["accepted"] = false;
    data["error"] = error;
    data["reason"] = reason;
    Send("Response", data);
  }
  void Notify(std::string_view handlerId, std::string_view event,
              const nlohmann::json& body = nullptr) {
    nlohmann::ordered_json data;
    data["handlerId"] = handlerId;
    data["event"] = EnumName(std::string(event));
    if (!body.is_null()) {
      data["body_type"] = EnumName(std::string(event));
      data["body"] = body;
    }
    Send("Notification", data);
  }
  // The process ends (signal 0: exit with `exitCode`).
  void Exit(int exitCode, int signal) {
    channel_->HandleWorkerExit(exitCode, signal, "");
    Run();
  }

 private:
  static std::string EnumName(std::string dotted) {
    dotted[dotted.find('.')] = '_';
    return dotted;
  }

  void Collect() {
    Run();
    std::vector<uint8_t> bytes = channel_->TakeDetachedOutput();
    decoder_.Append(base::ByteView(bytes.data(), bytes.size()));
    for (;;) {
      channel::FrameDecoder::Event event = decoder_.Next();
      if (event.kind != channel::FrameDecoder::Kind::kFrame) break;
      flatbuffers::Verifier verifier(event.frame.data(), event.frame.size());
      REQUIRE(fbs::VerifyMessageBuffer(verifier));
      auto json = codec_->Message(*fbs::GetMessage(event.frame.data()));
      REQUIRE(json.ok());
      requests_.push_back(*json);
    }
  }

  // Union types go before their values: ordered_json keeps the order written.
  void Send(std::string_view type, const nlohmann::ordered_json& data) {
    nlohmann::ordered_json message;
    message["data_type"] = type;
    message["data"] = data;
    std::string text = message.dump();
    REQUIRE_MESSAGE(parser_->ParseJson(text.c_str()), parser_->error_, " in ", text);
    std::vector<uint8_t> frame;
    channel::AppendFrame(
        base::ByteView(parser_->builder_.GetBufferPointer(), parser_->builder_.GetSize()), &frame);
    channel_->HandleWorkerBytes(base::ByteView(frame.data(), frame.size()));
    Run();
  }

  uv_loop_t loop_;
  std::shared_ptr<detail::Channel> channel_;
  std::shared_ptr<Worker> worker_;
  std::unique_ptr<detail::JsonCodec> codec_;
  std::unique_ptr<flatbuffers::Parser> parser_;
  channel::FrameDecoder decoder_;
  std::deque<nlohmann::json> requests_;
};

// Keeps the last result of a callback.
template <typename T>
struct Result {
  std::optional<absl::StatusOr<T>> value;
  Callback<T> Bind() {
    return [this](absl::StatusOr<T> result) { value = std::move(result); };
  }
};

struct StatusResult {
  std::optional<absl::Status> value;
  StatusCallback Bind() {
    return [this](absl::Status status) { value = std::move(status); };
  }
};

}  // namespace weir::test
