#pragma once

// One WebSocket connection on /ws: reassembles fragmented messages (refusing any over
// kMaxMessageBytes without buffering it), queues outgoing messages until lws says the socket
// is writable (one lws_write per WRITEABLE callback, as lws requires), and hands complete text
// messages to its ClientSession.

#include <libwebsockets.h>

#include <cstddef>
#include <deque>
#include <memory>
#include <string>

#include "client_session.hpp"
#include "server_context.hpp"

namespace weir::room {

class WsSession {
 public:
  // A client that does not read its events is dropped rather than buffered without bound.
  static constexpr size_t kMaxQueuedBytes = 8 * 1024 * 1024;

  WsSession(lws* wsi, const ServerContext& context);
  ~WsSession();
  WsSession(const WsSession&) = delete;
  WsSession& operator=(const WsSession&) = delete;

  void HandleReceive(const void* in, size_t length);
  // Returns -1 when lws should close the connection.
  int HandleWriteable();
  void HandleClosed();

 private:
  void Enqueue(std::string text);

  lws* wsi_;
  std::shared_ptr<ClientSession> client_;
  std::string incoming_;
  bool incomingTooLarge_ = false;
  bool incomingBinary_ = false;
  std::deque<std::string> outgoing_;
  size_t outgoingBytes_ = 0;
  bool closing_ = false;
};

}  // namespace weir::room
