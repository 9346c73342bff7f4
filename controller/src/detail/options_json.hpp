#pragma once

// The request bodies of the typed Create*/Produce/Consume calls, in the channel's JSON view (the
// schema's field names: channel-schema/*.fbs). Pure functions, unit-tested.

#include <string>
#include <vector>

#include "nlohmann/json.hpp"
#include "weir/consumer.hpp"
#include "weir/plain_transport.hpp"
#include "weir/producer.hpp"
#include "weir/transport_types.hpp"
#include "weir/webrtc_server.hpp"
#include "weir/webrtc_transport.hpp"

namespace weir::detail {

nlohmann::json ListenInfoJson(const ListenInfo& info);
nlohmann::json TraceEventTypesJson(const std::vector<TraceEventType>& types);

// `serverId`: the id of options.webRtcServer (empty without one).
nlohmann::json WebRtcTransportRequest(const WebRtcTransportOptions& options,
                                      const std::string& transportId, const std::string& serverId);
nlohmann::json PlainTransportRequest(const PlainTransportOptions& options,
                                     const std::string& transportId);
nlohmann::json WebRtcServerRequest(const WebRtcServerOptions& options, const std::string& id);
nlohmann::json ProduceRequest(const ProducerOptions& options, const std::string& producerId);
nlohmann::json ConsumeRequest(const ConsumerOptions& options, const std::string& consumerId);
nlohmann::json LayersJson(const ConsumerLayers& layers);

}  // namespace weir::detail
