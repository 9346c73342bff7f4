#pragma once

// Reads lines from a file descriptor on a libuv loop, whatever it is: a pipe, a socket or a tty
// (read as a stream), or a regular file or anything else (read with uv_fs_read, which libuv runs
// on its thread pool). A last line without a newline is delivered at EOF.

#include <uv.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace weir::weirctl {

class LineReader {
 public:
  using LineCallback = std::function<void(std::string_view line)>;
  using EofCallback = std::function<void()>;

  LineReader(uv_loop_t* loop, int fd, LineCallback onLine, EofCallback onEof);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // Stops reading (no more callbacks) and releases the handle.
  void Stop();

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace weir::weirctl
