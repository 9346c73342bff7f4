#include "sfu/router.hpp"

#include <utility>

#include "base/logging.hpp"
#include "sfu/ortc/router_capabilities.hpp"

namespace weir::sfu {

Router::Router(std::string id, const std::vector<RtpCodecCapability>& mediaCodecs)
    : id_(std::move(id)), rtpCapabilities_(ortc::GenerateRouterRtpCapabilities(mediaCodecs)) {
  WEIR_DEBUG(kInfo, "router %s created", id_);
}

Router::~Router() {
  Close();
}

void Router::Close() {
  if (closed_) return;
  closed_ = true;
  WEIR_DEBUG(kInfo, "router %s closed", id_);
}

}  // namespace weir::sfu
