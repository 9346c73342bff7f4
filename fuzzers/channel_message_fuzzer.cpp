// Arbitrary bytes through the worker's channel: framing, verification and dispatch.
// The first input byte picks how the rest is fed: as a raw byte stream (split in two at a point
// taken from the second byte), or wrapped as the payload of one well-formed frame (so mutations of
// valid FlatBuffers seeds reach the verifier and the handlers).

#include <cstddef>
#include <cstdint>
#include <vector>
#include "support/fake_environment.hpp"

#include "channel/channel_endpoint.hpp"
#include "channel/framing/frame_encoder.hpp"

namespace {

class NullSink : public weir::channel::FrameSink {
 public:
  bool WriteFrame(weir::base::ByteView payload, weir::channel::FrameClass) override {
    // Whatever the worker writes must itself be a valid message.
    flatbuffers::Verifier verifier(payload.data(), payload.size());
    if (!weir::fbs::VerifyMessageBuffer(verifier)) __builtin_trap();
    return true;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  weir::test::FakeEnvironment fakeEnv;
  weir::sfu::Worker worker{weir::sfu::WorkerSettings{}, fakeEnv.env};
  NullSink sink;
  weir::channel::ChannelEndpoint endpoint(worker, sink);
  weir::base::ByteView input(data + 2, size - 2);
  if (data[0] & 1) {
    std::vector<uint8_t> frame;
    // The frame's payload must be 8-byte aligned, as a real reader's would be.
    weir::channel::AppendFrame(input, &frame);
    endpoint.HandleBytes(frame);
  } else {
    size_t cut = input.empty() ? 0 : data[1] % (input.size() + 1);
    endpoint.HandleBytes(input.first(cut));
    endpoint.HandleBytes(input.subspan(cut));
  }
  return 0;
}
