#include "sfu/router.hpp"

#include <utility>

#include "base/logging.hpp"

namespace weir::sfu {

Router::Router(std::string id) : id_(std::move(id)) {
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
