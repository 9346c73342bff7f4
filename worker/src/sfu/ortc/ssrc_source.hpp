#pragma once

// Where the ORTC functions take fresh SSRCs from. The router passes its random generator; tests
// pass a counter so that results are deterministic.

#include <cstdint>
#include <functional>

namespace weir::sfu::ortc {

using SsrcSource = std::function<uint32_t()>;

}  // namespace weir::sfu::ortc
