#include "channel/channel_notifier.hpp"

#include "channel/channel_endpoint.hpp"
#include "channel/convert/transport.hpp"

namespace weir::channel {

namespace {

using Builder = flatbuffers::FlatBufferBuilder;
using Body = flatbuffers::Offset<void>;

uint64_t Millis(base::Timestamp t) {
  return static_cast<uint64_t>(base::ToMillis(t));
}

Body TraceBody(Builder& b, const sfu::event::Trace& trace) {
  const sfu::TraceInfo& i = trace.info;
  auto rid = i.rid ? b.CreateString(*i.rid) : 0;
  fbs::TraceInfoBuilder info(b);
  if (i.ssrc) info.add_ssrc(*i.ssrc);
  if (i.sequenceNumber) info.add_sequenceNumber(*i.sequenceNumber);
  if (i.rtpTimestamp) info.add_timestamp(*i.rtpTimestamp);
  if (i.payloadType) info.add_payloadType(*i.payloadType);
  if (i.marker) info.add_marker(*i.marker);
  if (i.isKeyFrame) info.add_isKeyFrame(*i.isKeyFrame);
  if (i.size) info.add_size(*i.size);
  if (i.spatialLayer) info.add_spatialLayer(*i.spatialLayer);
  if (i.temporalLayer) info.add_temporalLayer(*i.temporalLayer);
  if (i.rid) info.add_rid(rid);
  auto infoOffset = info.Finish();
  return fbs::CreateTraceNotification(b, ToFbs(trace.type), Millis(trace.timestamp),
                                      trace.direction == sfu::TraceDirection::kIn
                                          ? fbs::TraceDirection::in
                                          : fbs::TraceDirection::out,
                                      infoOffset)
      .Union();
}

struct Visitor {
  ChannelEndpoint& endpoint;
  const std::string& handlerId;

  void operator()(const sfu::event::TransportTuple& e) {
    endpoint.Notify(handlerId, fbs::Event::transport_tuple, fbs::NotificationBody::transport_tuple,
                    [&](Builder& b) -> Body {
                      return fbs::CreateTransportTupleNotification(b, ToFbs(b, e.tuple)).Union();
                    });
  }
  void operator()(const sfu::event::TransportRtcpTuple& e) {
    endpoint.Notify(handlerId, fbs::Event::transport_rtcptuple,
                    fbs::NotificationBody::transport_rtcptuple, [&](Builder& b) -> Body {
                      return fbs::CreateTransportTupleNotification(b, ToFbs(b, e.tuple)).Union();
                    });
  }
  void operator()(const sfu::event::Trace& e) {
    auto build = [&](Builder& b) { return TraceBody(b, e); };
    switch (e.source) {
      case sfu::TraceSource::kProducer:
        endpoint.Notify(handlerId, fbs::Event::producer_trace,
                        fbs::NotificationBody::producer_trace, build);
        break;
      case sfu::TraceSource::kConsumer:
        endpoint.Notify(handlerId, fbs::Event::consumer_trace,
                        fbs::NotificationBody::consumer_trace, build);
        break;
      case sfu::TraceSource::kTransport:
        endpoint.Notify(handlerId, fbs::Event::transport_trace,
                        fbs::NotificationBody::transport_trace, build);
        break;
    }
  }
  void operator()(const sfu::event::ProducerScore& e) {
    endpoint.Notify(handlerId, fbs::Event::producer_score, fbs::NotificationBody::producer_score,
                    [&](Builder& b) -> Body {
                      std::vector<flatbuffers::Offset<fbs::ProducerScoreEntry>> entries;
                      for (const auto& s : e.scores) {
                        auto rid = s.rid ? b.CreateString(*s.rid) : 0;
                        entries.push_back(
                            fbs::CreateProducerScoreEntry(b, s.encodingIdx, s.ssrc, rid, s.score));
                      }
                      return fbs::CreateProducerScoreNotificationDirect(b, &entries).Union();
                    });
  }
  void operator()(const sfu::event::ProducerVideoOrientationChange& e) {
    endpoint.Notify(handlerId, fbs::Event::producer_videoorientationchange,
                    fbs::NotificationBody::producer_videoorientationchange,
                    [&](Builder& b) -> Body {
                      return fbs::CreateProducerVideoOrientationChangeNotification(
                                 b, e.camera, e.flip, e.rotation)
                          .Union();
                    });
  }
  void operator()(const sfu::event::ConsumerProducerClose&) {
    endpoint.Notify(handlerId, fbs::Event::consumer_producerclose, fbs::NotificationBody::NONE,
                    nullptr);
  }
  void operator()(const sfu::event::ConsumerProducerPause&) {
    endpoint.Notify(handlerId, fbs::Event::consumer_producerpause, fbs::NotificationBody::NONE,
                    nullptr);
  }
  void operator()(const sfu::event::ConsumerProducerResume&) {
    endpoint.Notify(handlerId, fbs::Event::consumer_producerresume, fbs::NotificationBody::NONE,
                    nullptr);
  }
  void operator()(const sfu::event::ConsumerScore& e) {
    endpoint.Notify(handlerId, fbs::Event::consumer_score, fbs::NotificationBody::consumer_score,
                    [&](Builder& b) -> Body {
                      auto score = fbs::CreateConsumerScoreDirect(b, e.score, e.producerScore,
                                                                  &e.producerScores);
                      return fbs::CreateConsumerScoreNotification(b, score).Union();
                    });
  }
  void operator()(const sfu::event::IceStateChange& e) {
    endpoint.Notify(handlerId, fbs::Event::transport_icestatechange,
                    fbs::NotificationBody::transport_icestatechange, [&](Builder& b) -> Body {
                      return fbs::CreateTransportIceStateChangeNotificationDirect(
                                 b, e.iceState.c_str())
                          .Union();
                    });
  }
  void operator()(const sfu::event::IceSelectedTupleChange& e) {
    endpoint.Notify(
        handlerId, fbs::Event::transport_iceselectedtuplechange,
        fbs::NotificationBody::transport_iceselectedtuplechange, [&](Builder& b) -> Body {
          auto tuple = e.tuple ? ToFbs(b, *e.tuple) : 0;
          return fbs::CreateTransportIceSelectedTupleChangeNotification(b, tuple).Union();
        });
  }
  void operator()(const sfu::event::DtlsStateChange& e) {
    endpoint.Notify(handlerId, fbs::Event::transport_dtlsstatechange,
                    fbs::NotificationBody::transport_dtlsstatechange, [&](Builder& b) -> Body {
                      return fbs::CreateTransportDtlsStateChangeNotificationDirect(
                                 b, e.dtlsState.c_str(),
                                 e.reason.empty() ? nullptr : e.reason.c_str())
                          .Union();
                    });
  }
  void operator()(const sfu::event::ConsumerLayersChange& e) {
    endpoint.Notify(handlerId, fbs::Event::consumer_layerschange,
                    fbs::NotificationBody::consumer_layerschange, [&](Builder& b) -> Body {
                      flatbuffers::Offset<fbs::ConsumerLayers> layers = 0;
                      if (e.spatialLayer) {
                        fbs::ConsumerLayersBuilder l(b);
                        l.add_spatialLayer(*e.spatialLayer);
                        if (e.temporalLayer) l.add_temporalLayer(*e.temporalLayer);
                        layers = l.Finish();
                      }
                      return fbs::CreateConsumerLayersChangeNotification(b, layers).Union();
                    });
  }
  void operator()(const sfu::event::RtpObserverVolumes& e) {
    endpoint.Notify(handlerId, fbs::Event::rtpObserver_volumes,
                    fbs::NotificationBody::rtpObserver_volumes, [&](Builder& b) -> Body {
                      std::vector<flatbuffers::Offset<fbs::RtpObserverVolume>> volumes;
                      volumes.reserve(e.volumes.size());
                      for (const auto& v : e.volumes) {
                        volumes.push_back(
                            fbs::CreateRtpObserverVolumeDirect(b, v.producerId.c_str(), v.volume));
                      }
                      return fbs::CreateRtpObserverVolumesNotificationDirect(b, &volumes).Union();
                    });
  }
  void operator()(const sfu::event::RtpObserverSilence&) {
    endpoint.Notify(handlerId, fbs::Event::rtpObserver_silence, fbs::NotificationBody::NONE,
                    nullptr);
  }
  void operator()(const sfu::event::RtpObserverDominantSpeaker& e) {
    endpoint.Notify(handlerId, fbs::Event::rtpObserver_dominantspeaker,
                    fbs::NotificationBody::rtpObserver_dominantspeaker, [&](Builder& b) -> Body {
                      return fbs::CreateRtpObserverDominantSpeakerNotificationDirect(
                                 b, e.producerId.c_str())
                          .Union();
                    });
  }
};

}  // namespace

void ChannelNotifier::Emit(const std::string& handlerId, const sfu::Event& event) {
  if (endpoint_ == nullptr) return;
  std::visit(Visitor{*endpoint_, handlerId}, event);
}

}  // namespace weir::channel
