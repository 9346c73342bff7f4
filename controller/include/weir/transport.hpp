#pragma once

// The base of the transport kinds (WebRtcTransport, PlainTransport): what every transport does.
// A transport belongs to its Router and owns the Producers and Consumers made on it: closing it
// closes them, here and in the worker (their consumers on other transports then close when the
// worker says so, with CloseReason::kProducerClosed).

#include <memory>
#include <string>
#include <vector>

#include "weir/channel_object.hpp"
#include "weir/consumer.hpp"
#include "weir/producer.hpp"
#include "weir/transport_types.hpp"

namespace weir {

class Transport : public ChannelObject {
 public:
  const std::string& routerId() const { return routerId_; }

  // transport.dump / transport.getStats: the worker's TransportDump / TransportStats as JSON
  // (the kind-specific part under "plain" or "webRtc").
  void Dump(Callback<nlohmann::json> callback);
  void GetStats(Callback<nlohmann::json> callback);
  // transport.connect. PlainTransport: {"ip", "port", "rtcpPort", "srtpParameters"};
  // WebRtcTransport: {"dtlsParameters"} (mediasoup-client's connect event). The callback gets
  // the answer ({"tuple", "rtcpTuple", "srtpParameters"} or {"dtlsLocalRole"}), which this
  // object also applies to its own state (tuple(), dtlsParameters(), ...).
  void Connect(const nlohmann::json& parameters, Callback<nlohmann::json> callback);
  // transport.enableTraceEvent (an empty list turns tracing off).
  void EnableTraceEvent(const std::vector<TraceEventType>& types, StatusCallback done);

  // transport.produce: a Producer receiving media on this transport. rtpParameters are
  // mediasoup-client's (transport.on("produce") gives them).
  void Produce(ProducerOptions options, Callback<std::shared_ptr<Producer>> callback);
  // transport.consume: a Consumer sending a producer of this router to this transport's remote.
  void Consume(ConsumerOptions options, Callback<std::shared_ptr<Consumer>> callback);

  std::vector<std::shared_ptr<Producer>> producers() const;
  std::shared_ptr<Producer> producer(const std::string& id) const;
  std::vector<std::shared_ptr<Consumer>> consumers() const;
  std::shared_ptr<Consumer> consumer(const std::string& id) const;

 protected:
  Transport(std::shared_ptr<detail::Channel> channel, std::string id, std::string routerId);

  // router.closeTransport.
  void SendCloseRequest(StatusCallback done) override;
  // Both kinds' events are "transport.*".
  std::string_view eventNamespace() const override { return "transport"; }
  // Applies the answer of a successful transport.connect to the object's state.
  virtual void HandleConnected(const nlohmann::json& response);

 private:
  std::string routerId_;
};

}  // namespace weir
