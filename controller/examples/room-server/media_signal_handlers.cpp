// The media signals of PROTOCOL.md: produce, pause/resume/close a producer, pause/resume a
// consumer. Consumers themselves are made by the room (Room::Consume), never on request.

#include <utility>

#include "absl/strings/str_cat.h"
#include "room_events.hpp"
#include "signal_handlers.hpp"
#include "signal_params.hpp"

namespace weir::room::handlers {
namespace {

StatusCallback Acknowledge(Responder respond, std::string_view what) {
  return [respond, what = std::string(what)](absl::Status status) {
    if (!status.ok()) return respond.Fail(FromStatus(status, what));
    respond.Ok();
  };
}

// Pauses or resumes one of the peer's producers; on success the other peers hear of it.
void SetProducerPaused(ClientSession& session, const nlohmann::json& data, Responder respond,
                       bool pause) {
  absl::StatusOr<ProducerIdParams> params = ParseProducerIdParams(data);
  if (!params.ok())
    return respond.Fail(ErrorCode::kBadRequest, std::string(params.status().message()));
  std::shared_ptr<Producer> producer = session.peer->producer(params->producerId);
  if (!producer) return respond.Fail(NotOwned(session, "producer", params->producerId));
  std::weak_ptr<Room> weakRoom = session.room;
  std::weak_ptr<Peer> weakPeer = session.peer;
  auto done = [respond, weakRoom, weakPeer, pause, id = params->producerId](absl::Status status) {
    if (!status.ok()) {
      return respond.Fail(FromStatus(status, pause ? "pauseProducer" : "resumeProducer"));
    }
    respond.Ok();
    auto room = weakRoom.lock();
    auto peer = weakPeer.lock();
    if (!room || !peer || peer->left()) return;
    room->Broadcast(
        pause ? events::ProducerPaused(peer->id(), id) : events::ProducerResumed(peer->id(), id),
        peer.get());
  };
  if (pause) {
    producer->Pause(std::move(done));
  } else {
    producer->Resume(std::move(done));
  }
}

void SetConsumerPaused(ClientSession& session, const nlohmann::json& data, Responder respond,
                       bool pause) {
  absl::StatusOr<ConsumerIdParams> params = ParseConsumerIdParams(data);
  if (!params.ok())
    return respond.Fail(ErrorCode::kBadRequest, std::string(params.status().message()));
  std::shared_ptr<Consumer> consumer = session.peer->consumer(params->consumerId);
  if (!consumer) return respond.Fail(NotOwned(session, "consumer", params->consumerId));
  if (pause) {
    consumer->Pause(Acknowledge(respond, "pauseConsumer"));
  } else {
    consumer->Resume(Acknowledge(respond, "resumeConsumer"));
  }
}

}  // namespace

void Produce(ClientSession& session, const nlohmann::json& data, Responder respond) {
  absl::StatusOr<ProduceParams> params = ParseProduceParams(data);
  if (!params.ok())
    return respond.Fail(ErrorCode::kBadRequest, std::string(params.status().message()));
  std::shared_ptr<Peer> peer = session.peer;
  std::shared_ptr<WebRtcTransport> transport = peer->transport(params->transportId);
  if (!transport) return respond.Fail(NotOwned(session, "transport", params->transportId));
  if (transport != peer->sendTransport) {
    return respond.Fail(ErrorCode::kBadRequest,
                        "data.transportId is the recv transport; produce on the send transport");
  }
  if (peer->producers.size() + peer->producersPending >= kMaxProducersPerPeer) {
    return respond.Fail(ErrorCode::kBadRequest,
                        absl::StrCat("at most ", kMaxProducersPerPeer, " producers per peer"));
  }
  ++peer->producersPending;
  ProducerOptions options;
  options.kind = params->kind;
  options.rtpParameters = std::move(params->rtpParameters);
  std::weak_ptr<Room> weakRoom = session.room;
  transport->Produce(std::move(options),
                     [peer, weakRoom, respond, appData = std::move(params->appData)](
                         absl::StatusOr<std::shared_ptr<Producer>> made) {
                       --peer->producersPending;
                       if (!made.ok()) return respond.Fail(FromStatus(made.status(), "produce"));
                       std::shared_ptr<Producer> producer = *std::move(made);
                       if (peer->left()) {
                         producer->Close();
                         return respond.Fail(ErrorCode::kNotJoined, "left the room meanwhile");
                       }
                       std::string id = producer->id();
                       peer->producers[id] = Peer::ProducerEntry{producer, appData};
                       std::weak_ptr<Peer> weakPeer = peer;
                       producer->OnClose([weakPeer, id](CloseReason) {
                         if (auto p = weakPeer.lock()) p->producers.erase(id);
                       });
                       respond.Ok({{"producerId", id}});
                       if (auto room = weakRoom.lock(); room && !room->closed())
                         room->HandleNewProducer(peer, id);
                     });
}

void PauseProducer(ClientSession& session, const nlohmann::json& data, Responder respond) {
  SetProducerPaused(session, data, std::move(respond), true);
}

void ResumeProducer(ClientSession& session, const nlohmann::json& data, Responder respond) {
  SetProducerPaused(session, data, std::move(respond), false);
}

void CloseProducer(ClientSession& session, const nlohmann::json& data, Responder respond) {
  absl::StatusOr<ProducerIdParams> params = ParseProducerIdParams(data);
  if (!params.ok())
    return respond.Fail(ErrorCode::kBadRequest, std::string(params.status().message()));
  std::shared_ptr<Producer> producer = session.peer->producer(params->producerId);
  if (!producer) return respond.Fail(NotOwned(session, "producer", params->producerId));
  // Its consumers close when the worker says so (consumerClosed to their peers).
  producer->Close(Acknowledge(std::move(respond), "closeProducer"));
}

void PauseConsumer(ClientSession& session, const nlohmann::json& data, Responder respond) {
  SetConsumerPaused(session, data, std::move(respond), true);
}

void ResumeConsumer(ClientSession& session, const nlohmann::json& data, Responder respond) {
  SetConsumerPaused(session, data, std::move(respond), false);
}

}  // namespace weir::room::handlers
