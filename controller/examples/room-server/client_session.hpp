#pragma once

// The protocol state of one WebSocket client, independent of the WebSocket library: reads its
// text messages as signals, dispatches them (signal_handlers.cpp), and writes answers and events
// back as text. It is either not joined, joining, or joined (a Peer in a Room).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "absl/functional/any_invocable.h"
#include "nlohmann/json.hpp"
#include "peer.hpp"
#include "protocol.hpp"
#include "room.hpp"
#include "server_context.hpp"

namespace weir::room {

class ClientSession : public std::enable_shared_from_this<ClientSession> {
 public:
  using Writer = absl::AnyInvocable<void(std::string text)>;

  ClientSession(const ServerContext& context, Writer writer);
  ~ClientSession();
  ClientSession(const ClientSession&) = delete;
  ClientSession& operator=(const ClientSession&) = delete;

  // One complete text message from the client.
  void HandleText(std::string_view text);
  // A message the transport could not hand over as text (binary, too large): answered with a
  // badRequest naming why; the session goes on.
  void HandleUnreadable(std::string reason);
  // The connection is gone: same as leave. Nothing is written any more.
  void HandleDisconnect();

  void Send(const nlohmann::json& message);
  // Leaves the room if joined (peerLeft to the others, transports closed).
  void LeaveRoom();

  const ServerContext& context() const { return context_; }
  bool disconnected() const { return disconnected_; }
  // Joined state; both null when not joined.
  std::shared_ptr<Room> room;
  std::shared_ptr<Peer> peer;
  bool joining = false;

 private:
  const ServerContext& context_;
  Writer writer_;
  bool disconnected_ = false;
};

// Answers one signal, exactly once, if the session still exists by then.
class Responder {
 public:
  Responder(std::weak_ptr<ClientSession> session, uint64_t id)
      : session_(std::move(session)), id_(id) {}
  void Ok(nlohmann::json data = nlohmann::json::object()) const;
  void Fail(ErrorCode code, std::string reason) const;
  void Fail(const SignalError& error) const;

 private:
  std::weak_ptr<ClientSession> session_;
  uint64_t id_;
};

}  // namespace weir::room
