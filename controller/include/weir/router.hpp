#pragma once

// A Router: the unit of media routing inside a worker (producers and consumers of one room, in
// practice). Created by Worker::CreateRouter(); it owns its transports, and closing it closes
// everything it owns, in the worker and here.

#include <memory>
#include <string>
#include <vector>

#include "weir/channel_object.hpp"
#include "weir/plain_transport.hpp"
#include "weir/webrtc_transport.hpp"

namespace weir {

class Worker;

struct RouterOptions {
  // The router's id; empty: a fresh UUID.
  std::string routerId;
  // The codecs the router routes: an array of mediasoup RtpCodecCapability objects
  // ({"kind":"audio","mimeType":"audio/opus","clockRate":48000,"channels":2}, ...). Null or
  // empty: none (the router can then route nothing, but exists).
  nlohmann::json mediaCodecs;
  // The new object's appData() (never sent to the worker).
  nlohmann::json appData = nlohmann::json::object();
};

class Router final : public ChannelObject {
 public:
  std::string_view kind() const override { return "router"; }

  // What a mediasoup-client Device loads ({"codecs":[...], "headerExtensions":[...]}), from the
  // createRouter answer.
  const nlohmann::json& rtpCapabilities() const { return rtpCapabilities_; }

  // router.dump: {"id", "transportIds", "rtpObserverIds", "mapProducerIdConsumerIds", ...}.
  void Dump(Callback<nlohmann::json> callback);

  // router.createWebRtcTransport / router.createPlainTransport. A transport lives until it is
  // closed: by Close(), by this router closing, by its WebRtcServer closing, or by a dead worker.
  void CreateWebRtcTransport(WebRtcTransportOptions options,
                             Callback<std::shared_ptr<WebRtcTransport>> callback);
  void CreatePlainTransport(PlainTransportOptions options,
                            Callback<std::shared_ptr<PlainTransport>> callback);
  std::vector<std::shared_ptr<Transport>> transports() const;
  std::shared_ptr<Transport> transport(const std::string& id) const;

  // router.canConsume: whether an endpoint with these rtpCapabilities (mediasoup-client's
  // device.rtpCapabilities) can receive the producer: false also for a producer this router does
  // not have; malformed capabilities are InvalidArgument.
  void CanConsume(const std::string& producerId, const nlohmann::json& rtpCapabilities,
                  Callback<bool> callback);

 protected:
  void SendCloseRequest(StatusCallback done) override;

 private:
  friend class Worker;
  Router(std::shared_ptr<detail::Channel> channel, std::string id, nlohmann::json rtpCapabilities);

  nlohmann::json rtpCapabilities_;
};

}  // namespace weir
