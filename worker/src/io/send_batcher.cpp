#include "io/send_batcher.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace weir::io {

SendBatcher::SendBatcher(uv_loop_t* loop)
    // new[] without () leaves the bytes uninitialized: no page is touched before it is used.
    : slots_(kSlots), data_(new uint8_t[kSlots * kSlotSize]) {
  freeSlots_.reserve(kSlots);
  for (int32_t i = kSlots - 1; i >= 0; --i)
    freeSlots_.push_back(i);
  dirty_.reserve(64);
  for (size_t i = 0; i < kSendBatch; ++i) {
    messages_[i].msg_hdr.msg_iov = &iovs_[i];
    messages_[i].msg_hdr.msg_iovlen = 1;
  }
  uv_check_init(loop, check_.get());
  check_.MarkInitialized();
  check_.get()->data = this;
  uv_check_start(check_.get(), OnCheck);
  // The check handle must not keep the loop alive on its own.
  uv_unref(check_.handle());
}

SendBatcher::~SendBatcher() {
  FlushAll();
}

void SendBatcher::OnCheck(uv_check_t* handle) {
  auto* self = static_cast<SendBatcher*>(handle->data);
  if (self != nullptr) self->FlushAll();
}

void SendBatcher::Enqueue(Queue& queue, base::ByteView data, const base::SocketAddress& to) {
  if (data.size() > kSlotSize) {
    FlushQueue(queue);  // Keep the order of this socket's datagrams.
    if (sendto(queue.fd, data.data(), data.size(), 0, to.sockaddr_ptr(), to.sockaddr_len()) < 0) {
      if (queue.sendErrors != nullptr) ++*queue.sendErrors;
    }
    return;
  }
  if (freeSlots_.empty()) FlushAll();
  int32_t index = freeSlots_.back();
  freeSlots_.pop_back();
  Slot& slot = slots_[index];
  // A fixed-size copy (the address's storage is larger than both families' sockaddr).
  static_assert(sizeof(slot.to) <= sizeof(sockaddr_storage));
  std::memcpy(&slot.to, to.sockaddr_ptr(), sizeof(slot.to));
  slot.toLength = to.sockaddr_len();
  slot.length = static_cast<uint16_t>(data.size());
  slot.next = -1;
  std::memcpy(DataOf(index), data.data(), data.size());
  if (queue.tail >= 0) {
    slots_[queue.tail].next = index;
  } else {
    queue.head = index;
  }
  queue.tail = index;
  if (!queue.dirty) {
    queue.dirty = true;
    dirty_.push_back(&queue);
  }
}

void SendBatcher::FlushQueue(Queue& queue) {
  while (queue.head >= 0) {
    size_t count = 0;
    int32_t index = queue.head;
    while (index >= 0 && count < kSendBatch) {
      Slot& slot = slots_[index];
      iovs_[count] = {DataOf(index), slot.length};
      msghdr& header = messages_[count].msg_hdr;
      header.msg_name = &slot.to;
      header.msg_namelen = slot.toLength;
      ++count;
      index = slot.next;
    }
    size_t sent = 0;
    while (sent < count) {
      int n = sendmmsg(queue.fd, messages_.data() + sent, static_cast<unsigned>(count - sent), 0);
      if (n > 0) {
        sent += static_cast<size_t>(n);
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      // The socket buffer is full (EAGAIN) or the destination is unreachable: UDP semantics,
      // the datagram is lost; count it and go on with the rest.
      if (queue.sendErrors != nullptr) ++*queue.sendErrors;
      ++sent;
    }
    // Return the sent slots to the free list.
    index = queue.head;
    for (size_t i = 0; i < count; ++i) {
      int32_t next = slots_[index].next;
      freeSlots_.push_back(index);
      index = next;
    }
    queue.head = index;
  }
  queue.tail = -1;
}

void SendBatcher::Remove(Queue& queue) {
  FlushQueue(queue);
  if (queue.dirty) {
    std::erase(dirty_, &queue);
    queue.dirty = false;
  }
}

void SendBatcher::FlushAll() {
  // dirty_ may not grow while flushing (nothing is enqueued from here).
  for (Queue* queue : dirty_) {
    FlushQueue(*queue);
    queue->dirty = false;
  }
  dirty_.clear();
}

}  // namespace weir::io
