#pragma once

// Where the channel endpoint writes finished messages. The sink writes the 4-byte length prefix
// and then the payload (a regular, not size-prefixed, FlatBuffers buffer: FlatBuffers aligns a
// size-prefixed buffer relative to its prefix, so stripping the prefix would misalign 8-byte
// fields for the reader's verifier). The io edge implements it with the channel pipe; tests
// collect the frames in memory.

#include "base/bytes.hpp"

namespace weir::channel {

enum class FrameClass { kResponse, kNotification, kLog };

class FrameSink {
 public:
  virtual ~FrameSink() = default;
  // Returns false when the frame was dropped (the controller is not reading and the write queue
  // is full); the endpoint counts it.
  virtual bool WriteFrame(base::ByteView payload, FrameClass cls) = 0;
};

}  // namespace weir::channel
