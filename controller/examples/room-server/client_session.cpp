#include "client_session.hpp"

#include <utility>

#include "signal_handlers.hpp"

namespace weir::room {

ClientSession::ClientSession(const ServerContext& context, Writer writer)
    : context_(context), writer_(std::move(writer)) {}

ClientSession::~ClientSession() = default;

void ClientSession::HandleText(std::string_view text) {
  if (disconnected_) return;
  ParsedSignal parsed = ParseSignal(text);
  if (!parsed.signal) {
    Send(MakeErrorResponse(parsed.id, parsed.error));
    return;
  }
  DispatchSignal(*this, *std::move(parsed.signal));
}

void ClientSession::HandleUnreadable(std::string reason) {
  if (disconnected_) return;
  Send(MakeErrorResponse(std::nullopt, {ErrorCode::kBadRequest, std::move(reason)}));
}

void ClientSession::HandleDisconnect() {
  if (disconnected_) return;
  disconnected_ = true;
  writer_ = nullptr;
  LeaveRoom();
}

void ClientSession::Send(const nlohmann::json& message) {
  if (disconnected_ || !writer_) return;
  // Strings from clients were valid UTF-8 when parsed; `replace` keeps dump() from ever
  // throwing all the same.
  writer_(message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void ClientSession::LeaveRoom() {
  std::shared_ptr<Room> r = std::move(room);
  std::shared_ptr<Peer> p = std::move(peer);
  room.reset();
  peer.reset();
  if (r && p) r->RemovePeer(p->id());
}

void Responder::Ok(nlohmann::json data) const {
  if (auto session = session_.lock()) session->Send(MakeResponse(id_, std::move(data)));
}

void Responder::Fail(ErrorCode code, std::string reason) const {
  Fail(SignalError{code, std::move(reason)});
}

void Responder::Fail(const SignalError& error) const {
  if (auto session = session_.lock()) session->Send(MakeErrorResponse(id_, error));
}

}  // namespace weir::room
