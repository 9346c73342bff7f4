#pragma once

// The only clock in the worker. base::Timestamp is microseconds since the Unix epoch as sampled
// once at start-up, advanced by CLOCK_MONOTONIC: monotonic, and convertible to NTP for RTCP.

#include "base/time.hpp"

namespace weir::io {

base::Timestamp Now();

}  // namespace weir::io
