#pragma once

// Batches outgoing UDP datagrams per socket and sends each socket's batch with one sendmmsg(2)
// at the end of the loop iteration (a uv_check handle), or earlier when the arena fills up.
//
// One SFU input packet becomes N output datagrams on N sockets; with recvmmsg delivering several
// input packets per wake-up, each socket accumulates several datagrams, so the per-datagram
// syscall cost is shared. The arena is shared by all sockets so that an idle socket costs
// nothing (memory per idle consumer matters).

#include <uv.h>

#include <array>
#include <cstdint>
#include <vector>

#include "base/bytes.hpp"
#include "base/socket_address.hpp"
#include "io/uv_handle.hpp"

namespace weir::io {

class SendBatcher {
 public:
  static constexpr size_t kSlotSize = 1500;  // Larger datagrams are sent at once, unbatched.
  static constexpr size_t kSlots = 512;

  // One batching socket's state inside the batcher.
  struct Queue {
    int fd = -1;
    int32_t head = -1;  // Slot index of the first queued datagram, or -1.
    int32_t tail = -1;
    bool dirty = false;
    uint64_t* sendErrors = nullptr;  // Where failed datagrams are counted.
  };

  explicit SendBatcher(uv_loop_t* loop);
  ~SendBatcher();

  void Enqueue(Queue& queue, base::ByteView data, const base::SocketAddress& to);
  // Sends what the queue holds (a socket being closed calls this first).
  void FlushQueue(Queue& queue);
  void FlushAll();
  // Flushes and forgets a queue whose socket is closing.
  void Remove(Queue& queue);

 private:
  struct Slot {
    base::SocketAddress to;
    uint16_t length = 0;
    int32_t next = -1;
    std::array<uint8_t, kSlotSize> data;
  };

  static void OnCheck(uv_check_t* handle);

  UvHandle<uv_check_t> check_;
  std::vector<Slot> slots_;
  std::vector<int32_t> freeSlots_;
  std::vector<Queue*> dirty_;
};

}  // namespace weir::io
