#pragma once

// Where the channel endpoint writes finished frames (length prefix included). The io edge
// implements it with the channel pipe; tests collect the frames in memory.

#include "base/bytes.hpp"

namespace weir::channel {

enum class FrameClass { kResponse, kNotification, kLog };

class FrameSink {
 public:
  virtual ~FrameSink() = default;
  // Returns false when the frame was dropped (the controller is not reading and the write queue
  // is full); the endpoint counts it.
  virtual bool WriteFrame(base::ByteView frame, FrameClass cls) = 0;
};

}  // namespace weir::channel
