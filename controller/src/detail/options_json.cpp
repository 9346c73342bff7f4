#include "detail/options_json.hpp"

namespace weir::detail {

nlohmann::json ListenInfoJson(const ListenInfo& info) {
  nlohmann::json json = {{"protocol", ProtocolName(info.protocol)}, {"ip", info.ip}};
  if (!info.announcedAddress.empty()) json["announcedAddress"] = info.announcedAddress;
  if (info.port != 0) json["port"] = info.port;
  if (info.portRange)
    json["portRange"] = {{"min", info.portRange->min}, {"max", info.portRange->max}};
  return json;
}

nlohmann::json TraceEventTypesJson(const std::vector<TraceEventType>& types) {
  nlohmann::json events = nlohmann::json::array();
  for (TraceEventType type : types)
    events.push_back(TraceEventTypeName(type));
  return {{"events", std::move(events)}};
}

nlohmann::json WebRtcTransportRequest(const WebRtcTransportOptions& options,
                                      const std::string& transportId, const std::string& serverId) {
  nlohmann::json json = {
      {"transportId", transportId},
      {"enableUdp", options.enableUdp},
      {"enableTcp", options.enableTcp},
      {"preferUdp", options.preferUdp},
      {"preferTcp", options.preferTcp},
      {"initialAvailableOutgoingBitrate", options.initialAvailableOutgoingBitrate},
      {"enableSctp", options.enableSctp},
      {"numSctpStreams", options.numSctpStreams},
      {"maxSctpMessageSize", options.maxSctpMessageSize},
  };
  if (!serverId.empty()) json["webRtcServerId"] = serverId;
  if (!options.listenInfos.empty()) {
    nlohmann::json infos = nlohmann::json::array();
    for (const ListenInfo& info : options.listenInfos)
      infos.push_back(ListenInfoJson(info));
    json["listenInfos"] = std::move(infos);
  }
  return json;
}

nlohmann::json PlainTransportRequest(const PlainTransportOptions& options,
                                     const std::string& transportId) {
  nlohmann::json json = {
      {"transportId", transportId},       {"listenInfo", ListenInfoJson(options.listenInfo)},
      {"rtcpMux", options.rtcpMux},       {"comedia", options.comedia},
      {"enableSrtp", options.enableSrtp}, {"enableSctp", options.enableSctp},
  };
  if (options.rtcpListenInfo) json["rtcpListenInfo"] = ListenInfoJson(*options.rtcpListenInfo);
  if (!options.srtpCryptoSuite.empty()) json["srtpCryptoSuite"] = options.srtpCryptoSuite;
  return json;
}

nlohmann::json WebRtcServerRequest(const WebRtcServerOptions& options, const std::string& id) {
  nlohmann::json infos = nlohmann::json::array();
  for (const ListenInfo& info : options.listenInfos)
    infos.push_back(ListenInfoJson(info));
  return {{"webRtcServerId", id}, {"listenInfos", std::move(infos)}};
}

nlohmann::json ProduceRequest(const ProducerOptions& options, const std::string& producerId) {
  nlohmann::json json = {
      {"producerId", producerId},
      {"kind", MediaKindName(options.kind)},
      {"paused", options.paused},
      {"keyFrameRequestDelay", options.keyFrameRequestDelay},
  };
  // Left out when null, so that the error is the schema's "required field is missing".
  if (!options.rtpParameters.is_null()) json["rtpParameters"] = options.rtpParameters;
  return json;
}

nlohmann::json LayersJson(const ConsumerLayers& layers) {
  nlohmann::json json = {{"spatialLayer", layers.spatialLayer}};
  if (layers.temporalLayer) json["temporalLayer"] = *layers.temporalLayer;
  return json;
}

nlohmann::json ConsumeRequest(const ConsumerOptions& options, const std::string& consumerId) {
  nlohmann::json json = {
      {"consumerId", consumerId}, {"producerId", options.producerId},
      {"paused", options.paused}, {"ignoreDtx", options.ignoreDtx},
      {"pipe", options.pipe},     {"enableRtx", options.enableRtx},
  };
  if (!options.rtpCapabilities.is_null()) json["rtpCapabilities"] = options.rtpCapabilities;
  if (options.preferredLayers) json["preferredLayers"] = LayersJson(*options.preferredLayers);
  return json;
}

}  // namespace weir::detail
