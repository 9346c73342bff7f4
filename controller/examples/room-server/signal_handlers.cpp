#include "signal_handlers.hpp"

#include <ctime>
#include <utility>

#include "absl/strings/str_cat.h"
#include "ids.hpp"
#include "signal_params.hpp"
#include "text.hpp"
#include "token.hpp"

namespace weir::room {
namespace {

using Handler = void (*)(ClientSession&, const nlohmann::json&, Responder);

struct Route {
  Method method;
  Handler handler;
  bool needsJoin;
};

constexpr Route kRoutes[] = {
    {Method::kJoin, handlers::Join, false},
    {Method::kCreateWebRtcTransport, handlers::CreateWebRtcTransport, true},
    {Method::kConnectWebRtcTransport, handlers::ConnectWebRtcTransport, true},
    {Method::kSetRtpCapabilities, handlers::SetRtpCapabilities, true},
    {Method::kProduce, handlers::Produce, true},
    {Method::kPauseProducer, handlers::PauseProducer, true},
    {Method::kResumeProducer, handlers::ResumeProducer, true},
    {Method::kCloseProducer, handlers::CloseProducer, true},
    {Method::kPauseConsumer, handlers::PauseConsumer, true},
    {Method::kResumeConsumer, handlers::ResumeConsumer, true},
    {Method::kRestartIce, handlers::RestartIce, true},
    {Method::kLeave, handlers::Leave, true},
};

}  // namespace

void DispatchSignal(ClientSession& session, Signal signal) {
  Responder respond(session.weak_from_this(), signal.id);
  for (const Route& route : kRoutes) {
    if (route.method != signal.method) continue;
    if (route.needsJoin && !session.peer) {
      respond.Fail(ErrorCode::kNotJoined,
                   Concat({MethodName(signal.method), ": join a room first"}));
      return;
    }
    route.handler(session, signal.data, std::move(respond));
    return;
  }
  respond.Fail(ErrorCode::kInternal, "no handler");  // every Method has a route
}

namespace handlers {

SignalError NotOwned(const ClientSession& session, std::string_view kind, const std::string& id) {
  if (session.context().rooms.IsOwnedByAnyPeer(id)) {
    return {ErrorCode::kForbidden, Concat({kind, " ", id, " belongs to another peer"})};
  }
  return {ErrorCode::kNotFound, Concat({"no ", kind, " ", id})};
}

void Join(ClientSession& session, const nlohmann::json& data, Responder respond) {
  if (session.joining) return respond.Fail(ErrorCode::kAlreadyJoined, "a join is in progress");
  if (session.peer) {
    return respond.Fail(ErrorCode::kAlreadyJoined,
                        absl::StrCat("already joined room ", session.room->id()));
  }
  absl::StatusOr<JoinParams> params = ParseJoinParams(data);
  if (!params.ok())
    return respond.Fail(ErrorCode::kBadRequest, std::string(params.status().message()));
  std::string peerId;
  if (const auto& secret = session.context().secret) {
    if (!params->token) {
      return respond.Fail(ErrorCode::kUnauthorized, "data.token is required by this server");
    }
    absl::StatusOr<std::string> verified =
        VerifyToken(*secret, params->roomId, *params->token, std::time(nullptr));
    if (!verified.ok()) {
      return respond.Fail(ErrorCode::kUnauthorized, std::string(verified.status().message()));
    }
    peerId = *std::move(verified);
  } else {
    peerId = RandomPeerId();
  }
  session.joining = true;
  RoomRegistry& rooms = session.context().rooms;
  std::weak_ptr<ClientSession> weak = session.weak_from_this();
  rooms.GetOrCreate(
      params->roomId, [weak, &rooms, respond, peerId, displayName = params->displayName](
                          absl::StatusOr<std::shared_ptr<Room>> room) {
        auto s = weak.lock();
        if (!s || s->disconnected()) {
          if (room.ok()) rooms.ReleaseIfEmpty(*room);
          return;
        }
        s->joining = false;
        if (!room.ok()) return respond.Fail(FromStatus(room.status(), "creating the room"));
        auto peer = std::make_shared<Peer>(
            peerId, displayName,
            [weak](const nlohmann::json& message) {
              if (auto owner = weak.lock()) owner->Send(message);
            },
            [weak] {
              if (auto owner = weak.lock()) {
                owner->room.reset();
                owner->peer.reset();
              }
            });
        nlohmann::json others = nlohmann::json::array();
        for (const auto& [id, other] : (*room)->peers()) {
          others.push_back({{"peerId", id}, {"displayName", other->displayName()}});
        }
        if (!(*room)->AddPeer(peer)) {
          rooms.ReleaseIfEmpty(*room);
          return respond.Fail(ErrorCode::kAlreadyJoined,
                              absl::StrCat("peer ", peerId, " is already in the room"));
        }
        s->room = *room;
        s->peer = peer;
        respond.Ok({{"peerId", peerId},
                    {"routerRtpCapabilities", (*room)->router().rtpCapabilities()},
                    {"peers", std::move(others)}});
      });
}

void Leave(ClientSession& session, const nlohmann::json&, Responder respond) {
  session.LeaveRoom();
  respond.Ok();
}

void CreateWebRtcTransport(ClientSession& session, const nlohmann::json& data, Responder respond) {
  absl::StatusOr<CreateTransportParams> params = ParseCreateTransportParams(data);
  if (!params.ok())
    return respond.Fail(ErrorCode::kBadRequest, std::string(params.status().message()));
  std::shared_ptr<Peer> peer = session.peer;
  bool send = params->direction == Direction::kSend;
  if ((send ? peer->sendTransport : peer->recvTransport) ||
      (send ? peer->sendTransportPending : peer->recvTransportPending)) {
    return respond.Fail(ErrorCode::kBadRequest,
                        absl::StrCat("a ", send ? "send" : "recv", " transport exists already"));
  }
  (send ? peer->sendTransportPending : peer->recvTransportPending) = true;
  std::weak_ptr<Room> weakRoom = session.room;
  session.room->router().CreateWebRtcTransport(
      session.context().transportOptions,
      [peer, weakRoom, send, respond](absl::StatusOr<std::shared_ptr<WebRtcTransport>> made) {
        (send ? peer->sendTransportPending : peer->recvTransportPending) = false;
        if (!made.ok()) return respond.Fail(FromStatus(made.status(), "createWebRtcTransport"));
        std::shared_ptr<WebRtcTransport> transport = *std::move(made);
        if (peer->left()) {
          transport->Close();
          return respond.Fail(ErrorCode::kNotJoined, "left the room meanwhile");
        }
        (send ? peer->sendTransport : peer->recvTransport) = transport;
        respond.Ok({{"transportId", transport->id()},
                    {"iceParameters", transport->iceParameters()},
                    {"iceCandidates", transport->iceCandidates()},
                    {"dtlsParameters", transport->dtlsParameters()}});
        if (auto room = weakRoom.lock(); room && !send) room->ConsumeAllFor(peer);
      });
}

void ConnectWebRtcTransport(ClientSession& session, const nlohmann::json& data, Responder respond) {
  absl::StatusOr<ConnectTransportParams> params = ParseConnectTransportParams(data);
  if (!params.ok())
    return respond.Fail(ErrorCode::kBadRequest, std::string(params.status().message()));
  std::shared_ptr<WebRtcTransport> transport = session.peer->transport(params->transportId);
  if (!transport) return respond.Fail(NotOwned(session, "transport", params->transportId));
  transport->Connect({{"dtlsParameters", params->dtlsParameters}},
                     [respond](absl::StatusOr<nlohmann::json> answer) {
                       if (!answer.ok())
                         return respond.Fail(FromStatus(answer.status(), "connect"));
                       respond.Ok();
                     });
}

void RestartIce(ClientSession& session, const nlohmann::json& data, Responder respond) {
  absl::StatusOr<TransportIdParams> params = ParseTransportIdParams(data);
  if (!params.ok())
    return respond.Fail(ErrorCode::kBadRequest, std::string(params.status().message()));
  std::shared_ptr<WebRtcTransport> transport = session.peer->transport(params->transportId);
  if (!transport) return respond.Fail(NotOwned(session, "transport", params->transportId));
  transport->RestartIce([respond](absl::StatusOr<nlohmann::json> ice) {
    if (!ice.ok()) return respond.Fail(FromStatus(ice.status(), "restartIce"));
    respond.Ok({{"iceParameters", *std::move(ice)}});
  });
}

void SetRtpCapabilities(ClientSession& session, const nlohmann::json& data, Responder respond) {
  absl::StatusOr<RtpCapabilitiesParams> params = ParseRtpCapabilitiesParams(data);
  if (!params.ok())
    return respond.Fail(ErrorCode::kBadRequest, std::string(params.status().message()));
  if (session.peer->rtpCapabilities) {
    return respond.Fail(ErrorCode::kBadRequest, "rtpCapabilities were set already");
  }
  session.peer->rtpCapabilities = std::move(params->rtpCapabilities);
  respond.Ok();
  session.room->ConsumeAllFor(session.peer);
}

}  // namespace handlers
}  // namespace weir::room
