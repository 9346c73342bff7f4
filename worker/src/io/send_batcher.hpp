#pragma once

// Batches outgoing UDP datagrams per socket and sends each socket's batch with one sendmmsg(2)
// at the end of the loop iteration (a uv_check handle), or earlier when the arena fills up.
//
// One SFU input packet becomes N output datagrams on N sockets; with recvmmsg delivering several
// input packets per wake-up, each socket accumulates several datagrams, so the per-datagram
// syscall cost is shared. The arena is shared by all sockets so that an idle socket costs
// nothing (memory per idle consumer matters). Its data pages are only touched when used (the
// free list hands out the most recently freed slot first), so a worker that never has more
// than a few datagrams in flight keeps only those few pages resident.

#include <netinet/in.h>
#include <sys/socket.h>
#include <uv.h>

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "base/bytes.hpp"
#include "base/socket_address.hpp"
#include "io/uv_handle.hpp"

namespace weir::io {

class SendBatcher {
 public:
  static constexpr size_t kSlotSize = 1500;  // Larger datagrams are sent at once, unbatched.
  static constexpr size_t kSlots = 512;
  static constexpr size_t kSendBatch = 64;  // Datagrams per sendmmsg(2) call.

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
  // What a queued datagram needs besides its bytes (kept apart from the data so that free slots'
  // data pages stay untouched).
  struct Slot {
    union {
      sockaddr_in v4;
      sockaddr_in6 v6;
    } to;
    socklen_t toLength;
    uint16_t length;
    int32_t next;
  };

  static void OnCheck(uv_check_t* handle);
  uint8_t* DataOf(int32_t index) { return data_.get() + static_cast<size_t>(index) * kSlotSize; }

  UvHandle<uv_check_t> check_;
  std::vector<Slot> slots_;
  std::unique_ptr<uint8_t[]> data_;  // kSlots x kSlotSize, left uninitialized.
  std::vector<int32_t> freeSlots_;
  std::vector<Queue*> dirty_;
  // sendmmsg(2) arguments, set up once: only addresses and lengths change per datagram.
  std::array<mmsghdr, kSendBatch> messages_{};
  std::array<iovec, kSendBatch> iovs_{};
};

}  // namespace weir::io
