#pragma once

// One handler per SIGNAL of PROTOCOL.md. The dispatcher checks what every signal needs (joined
// or not, the data's shape) before the handler runs; each handler then resolves the ids it was
// given through the peer's own tables (another peer's id is forbidden, an unknown one notFound),
// drives the controller, and answers through its Responder exactly once.

#include "client_session.hpp"
#include "protocol.hpp"

namespace weir::room {

void DispatchSignal(ClientSession& session, Signal signal);

namespace handlers {
// Session signals (signal_handlers.cpp).
void Join(ClientSession& session, const nlohmann::json& data, Responder respond);
void Leave(ClientSession& session, const nlohmann::json& data, Responder respond);
void CreateWebRtcTransport(ClientSession& session, const nlohmann::json& data, Responder respond);
void ConnectWebRtcTransport(ClientSession& session, const nlohmann::json& data, Responder respond);
void RestartIce(ClientSession& session, const nlohmann::json& data, Responder respond);
void SetRtpCapabilities(ClientSession& session, const nlohmann::json& data, Responder respond);
// Media signals (media_signal_handlers.cpp).
void Produce(ClientSession& session, const nlohmann::json& data, Responder respond);
void PauseProducer(ClientSession& session, const nlohmann::json& data, Responder respond);
void ResumeProducer(ClientSession& session, const nlohmann::json& data, Responder respond);
void CloseProducer(ClientSession& session, const nlohmann::json& data, Responder respond);
void PauseConsumer(ClientSession& session, const nlohmann::json& data, Responder respond);
void ResumeConsumer(ClientSession& session, const nlohmann::json& data, Responder respond);

// The error for an id the peer does not own: forbidden if another peer owns it, else notFound.
SignalError NotOwned(const ClientSession& session, std::string_view kind, const std::string& id);
}  // namespace handlers

}  // namespace weir::room
