#pragma once

// The worker's end of the channel, sans-IO: bytes from the controller go in through HandleBytes();
// responses, notifications and logs come out through a FrameSink. Every buffer is checked with the
// FlatBuffers Verifier before it is read; bad input is counted, logged and dropped, and never stops
// the endpoint from answering the next valid request.

#include <cstdint>
#include <functional>
#include <string>

#include "base/logging.hpp"
#include "channel/frame_sink.hpp"
#include "channel/framing/frame_decoder.hpp"
#include "channel/request_dispatcher.hpp"
#include "flatbuffers/flatbuffers.h"
#include "sfu/worker.hpp"

namespace weir::channel {

struct ChannelCounters {
  uint64_t framesIn = 0;
  uint64_t framesOut = 0;
  uint64_t bytesIn = 0;
  uint64_t bytesOut = 0;
  uint64_t oversizedFrames = 0;
  uint64_t unverifiableBuffers = 0;
  uint64_t unexpectedMessages = 0;
  uint64_t requestsRejected = 0;
  uint64_t framesDropped = 0;
};

class ChannelEndpoint : public base::LogSink {
 public:
  ChannelEndpoint(sfu::Worker& worker, FrameSink& sink);
  ~ChannelEndpoint() override;

  void HandleBytes(base::ByteView data);

  // Sends a notification whose body the caller builds into the builder it is given.
  using BodyBuilder =
      std::function<flatbuffers::Offset<void>(flatbuffers::FlatBufferBuilder& builder)>;
  void Notify(const std::string& handlerId, fbs::Event event, fbs::NotificationBody bodyType,
              const BodyBuilder& buildBody);

  // base::LogSink: forwards a log line as a Log message.
  void Write(base::LogLevel level, base::LogTag tag, std::string_view text) override;

  const ChannelCounters& counters() const { return counters_; }
  sfu::Worker& worker() { return worker_; }

  // Called after a worker.close request has been answered.
  void SetCloseRequestedCallback(std::function<void()> cb) { onCloseRequested_ = std::move(cb); }
  void RequestClose() { closeRequested_ = true; }

  std::string version;  // Reported by worker.dump; set by the composition root.
  std::string srtpBackend;

 private:
  void HandleFrame(base::ByteView frame);
  void HandleRequest(const fbs::Request& request);
  void Send(flatbuffers::Offset<fbs::Message> message, FrameClass cls);

  sfu::Worker& worker_;
  FrameSink& sink_;
  FrameDecoder decoder_;
  RequestDispatcher dispatcher_;
  flatbuffers::FlatBufferBuilder builder_{1024};
  ChannelCounters counters_;
  bool inLogWrite_ = false;
  bool closeRequested_ = false;
  std::function<void()> onCloseRequested_;
};

}  // namespace weir::channel
