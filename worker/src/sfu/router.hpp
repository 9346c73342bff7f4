#pragma once

// A Router is a media room inside one worker: it owns transports, and routes what producers send
// to the consumers that asked for it. It knows nothing about users or rooms.

#include <string>
#include <vector>

#include "sfu/rtp_parameters.hpp"

namespace weir::sfu {

class Router {
 public:
  // Computes the router's RTP capabilities from its media codecs; throws TypeError naming the
  // codec when one is unsupported, malformed or duplicated (ortc/router_capabilities.hpp).
  Router(std::string id, const std::vector<RtpCodecCapability>& mediaCodecs);
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  const std::string& id() const { return id_; }
  const RtpCapabilities& rtpCapabilities() const { return rtpCapabilities_; }
  // Closes everything the router owns. Idempotent.
  void Close();
  bool closed() const { return closed_; }

 private:
  std::string id_;
  RtpCapabilities rtpCapabilities_;
  bool closed_ = false;
};

}  // namespace weir::sfu
