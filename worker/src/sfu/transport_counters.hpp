#pragma once

// Counters every transport keeps: traffic by kind, and every input it dropped by reason (bad
// input is counted, never fatal). transport.getStats reports them.

#include <cstdint>

#include "engine/rtp/rate_calculator.hpp"

namespace weir::sfu {

struct TransportCounters {
  uint64_t bytesReceived = 0;
  uint64_t bytesSent = 0;
  uint64_t rtpBytesReceived = 0;
  uint64_t rtpBytesSent = 0;
  uint64_t rtxBytesReceived = 0;
  uint64_t rtxBytesSent = 0;
  uint64_t rtpPacketsReceived = 0;
  uint64_t rtcpPacketsReceived = 0;
  uint64_t rtpPacketsSent = 0;
  uint64_t rtcpPacketsSent = 0;
  uint64_t unknownSsrcPackets = 0;
  uint64_t unknownPayloadTypePackets = 0;
  uint64_t badRtpPackets = 0;
  uint64_t badRtcpPackets = 0;
  uint64_t foreignTuplePackets = 0;
  uint64_t unknownPackets = 0;
  uint64_t srtpAuthFailures = 0;
  uint64_t srtpReplays = 0;
  uint64_t sendErrors = 0;

  engine::RateCalculator recvRate;
  engine::RateCalculator sendRate;
  engine::RateCalculator rtpRecvRate;
  engine::RateCalculator rtpSendRate;
  engine::RateCalculator rtxRecvRate;
  engine::RateCalculator rtxSendRate;
};

}  // namespace weir::sfu
