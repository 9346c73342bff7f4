#pragma once

#include <string>

namespace weir {

// A random (version 4) UUID in its canonical text form, as ids of routers, transports, ...
std::string GenerateUuid();

}  // namespace weir
