// ChannelNotifier: every sfu event becomes a Notification with the event's name, the object's
// handlerId and the body the schema gives it (the scenario tests see most of them arise from
// media; this checks each shape, including those no current object emits yet).

#include "channel/channel_notifier.hpp"

#include <doctest/doctest.h>

#include "channel_test_support.hpp"

using namespace weir;
using namespace weir::test;

TEST_CASE_FIXTURE(ChannelWorld, "each sfu event becomes its Notification") {
  sfu::TransportTuple tuple{"127.0.0.1", 40000, "10.0.0.1", 5000, sfu::TransportProtocol::kUdp};
  notifier.Emit("t", sfu::event::TransportTuple{tuple});
  notifier.Emit("t", sfu::event::TransportRtcpTuple{tuple});
  sfu::event::Trace trace{sfu::TraceSource::kTransport,
                          sfu::TraceType::kBwe,
                          base::FromMillis(1234),
                          sfu::TraceDirection::kOut,
                          {}};
  notifier.Emit("t", trace);
  sfu::event::ProducerScore score;
  score.scores.push_back({1, 0xabcd, std::string("h"), 7});
  notifier.Emit("p", score);
  notifier.Emit("p", sfu::event::ProducerVideoOrientationChange{true, false, 270});
  trace.source = sfu::TraceSource::kProducer;
  trace.type = sfu::TraceType::kKeyFrame;
  trace.direction = sfu::TraceDirection::kIn;
  trace.info.ssrc = 5;
  trace.info.rid = "h";
  trace.info.spatialLayer = 1;
  notifier.Emit("p", trace);
  notifier.Emit("c", sfu::event::ConsumerProducerClose{});
  notifier.Emit("c", sfu::event::ConsumerProducerPause{});
  notifier.Emit("c", sfu::event::ConsumerProducerResume{});
  notifier.Emit("c", sfu::event::ConsumerScore{9, 8, {8, 3}});
  notifier.Emit("c", sfu::event::ConsumerLayersChange{2, 1});
  notifier.Emit("c", sfu::event::ConsumerLayersChange{});
  trace.source = sfu::TraceSource::kConsumer;
  trace.type = sfu::TraceType::kNack;
  notifier.Emit("c", trace);
  REQUIRE(frames.size() == 13);

  std::vector<std::pair<std::string, fbs::Event>> seen;
  for (size_t i = 0; i < frames.size(); ++i) {
    const auto* n = At(i)->data_as_Notification();
    REQUIRE(n != nullptr);
    seen.emplace_back(n->handlerId()->str(), n->event());
  }
  using E = fbs::Event;
  CHECK(seen ==
        std::vector<std::pair<std::string, fbs::Event>>{{"t", E::transport_tuple},
                                                        {"t", E::transport_rtcptuple},
                                                        {"t", E::transport_trace},
                                                        {"p", E::producer_score},
                                                        {"p", E::producer_videoorientationchange},
                                                        {"p", E::producer_trace},
                                                        {"c", E::consumer_producerclose},
                                                        {"c", E::consumer_producerpause},
                                                        {"c", E::consumer_producerresume},
                                                        {"c", E::consumer_score},
                                                        {"c", E::consumer_layerschange},
                                                        {"c", E::consumer_layerschange},
                                                        {"c", E::consumer_trace}});

  const auto* t = At(0)->data_as_Notification()->body_as_transport_tuple()->tuple();
  CHECK(t->localAddress()->str() == "127.0.0.1");
  CHECK(t->localPort() == 40000);
  CHECK(t->remoteIp()->str() == "10.0.0.1");
  CHECK(t->remotePort() == 5000);
  CHECK(At(1)->data_as_Notification()->body_as_transport_rtcptuple() != nullptr);
  const auto* bwe = At(2)->data_as_Notification()->body_as_transport_trace();
  REQUIRE(bwe != nullptr);
  CHECK(bwe->type() == fbs::TraceEventType::bwe);
  CHECK(bwe->timestamp() == 1234);
  CHECK(bwe->direction() == fbs::TraceDirection::out);
  CHECK_FALSE(bwe->info()->ssrc().has_value());  // Absent fields stay absent.
  const auto* ps = At(3)->data_as_Notification()->body_as_producer_score();
  REQUIRE(ps->scores()->size() == 1);
  CHECK(ps->scores()->Get(0)->encodingIdx() == 1);
  CHECK(ps->scores()->Get(0)->ssrc() == 0xabcd);
  CHECK(ps->scores()->Get(0)->rid()->str() == "h");
  CHECK(ps->scores()->Get(0)->score() == 7);
  const auto* vo = At(4)->data_as_Notification()->body_as_producer_videoorientationchange();
  CHECK(vo->camera());
  CHECK_FALSE(vo->flip());
  CHECK(vo->rotation() == 270);
  const auto* pt = At(5)->data_as_Notification()->body_as_producer_trace();
  CHECK(pt->type() == fbs::TraceEventType::keyframe);
  CHECK(pt->direction() == fbs::TraceDirection::in);
  CHECK(pt->info()->ssrc() == 5u);
  CHECK(pt->info()->rid()->str() == "h");
  CHECK(pt->info()->spatialLayer() == 1);
  for (size_t i = 6; i < 9; ++i)
    CHECK(At(i)->data_as_Notification()->body_type() == fbs::NotificationBody::NONE);
  const auto* cs = At(9)->data_as_Notification()->body_as_consumer_score()->score();
  CHECK(cs->score() == 9);
  CHECK(cs->producerScore() == 8);
  REQUIRE(cs->producerScores()->size() == 2);
  CHECK(cs->producerScores()->Get(1) == 3);
  const auto* layers = At(10)->data_as_Notification()->body_as_consumer_layerschange();
  REQUIRE(layers->layers() != nullptr);
  CHECK(layers->layers()->spatialLayer() == 2);
  CHECK(layers->layers()->temporalLayer() == 1);
  CHECK(At(11)->data_as_Notification()->body_as_consumer_layerschange()->layers() == nullptr);
  CHECK(At(12)->data_as_Notification()->body_as_consumer_trace()->type() ==
        fbs::TraceEventType::nack);
}
