#pragma once

// Events sfu objects report to the controller. channel/ turns each into a Notification; tests
// record them. One struct per event, named after the event; the handlerId says which object.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "base/time.hpp"
#include "sfu/transport_tuple.hpp"

namespace weir::sfu {

enum class TraceDirection : uint8_t { kIn, kOut };
enum class TraceType : uint8_t { kRtp, kKeyFrame, kNack, kPli, kFir, kProbation, kBwe };
// Who emits a trace event (the channel names the event after it: producer.trace, ...).
enum class TraceSource : uint8_t { kTransport, kProducer, kConsumer };

// A flat description of what a trace event is about; fields that do not apply stay empty.
struct TraceInfo {
  std::optional<uint32_t> ssrc;
  std::optional<uint16_t> sequenceNumber;
  std::optional<uint32_t> rtpTimestamp;
  std::optional<uint8_t> payloadType;
  std::optional<bool> marker;
  std::optional<bool> isKeyFrame;
  std::optional<uint32_t> size;
  std::optional<uint8_t> spatialLayer;
  std::optional<uint8_t> temporalLayer;
  std::optional<std::string> rid;
};

namespace event {

struct TransportTuple {
  sfu::TransportTuple tuple;
};
struct TransportRtcpTuple {
  sfu::TransportTuple tuple;
};
struct Trace {
  TraceSource source = TraceSource::kTransport;
  TraceType type = TraceType::kRtp;
  base::Timestamp timestamp;
  TraceDirection direction = TraceDirection::kIn;
  TraceInfo info;
};
struct ProducerScore {
  struct Entry {
    uint32_t encodingIdx = 0;
    uint32_t ssrc = 0;
    std::optional<std::string> rid;
    uint8_t score = 0;
  };
  std::vector<Entry> scores;
};
struct ProducerVideoOrientationChange {
  bool camera = false;
  bool flip = false;
  uint16_t rotation = 0;
};
struct ConsumerProducerClose {};
struct ConsumerProducerPause {};
struct ConsumerProducerResume {};
struct ConsumerScore {
  uint8_t score = 0;
  uint8_t producerScore = 0;
  std::vector<uint8_t> producerScores;
};
struct IceStateChange {
  std::string iceState;  // "new", "connected", "completed", "disconnected", "closed"
};
struct IceSelectedTupleChange {
  std::optional<sfu::TransportTuple> tuple;  // Absent: no path selected.
};
struct DtlsStateChange {
  std::string dtlsState;  // "new", "connecting", "connected", "failed", "closed"
  std::string reason;     // For failed/closed.
};
struct ConsumerLayersChange {
  std::optional<uint8_t> spatialLayer;  // Absent: no layer is being forwarded.
  std::optional<uint8_t> temporalLayer;
};
// RTP observers (handlerId: the observer's id).
struct RtpObserverVolumes {
  struct Entry {
    std::string producerId;
    int8_t volume = 0;  // dBov, -127..0.
  };
  std::vector<Entry> volumes;  // Loudest first.
};
struct RtpObserverSilence {};
struct RtpObserverDominantSpeaker {
  std::string producerId;
};

}  // namespace event

using Event =
    std::variant<event::TransportTuple, event::TransportRtcpTuple, event::Trace,
                 event::ProducerScore, event::ProducerVideoOrientationChange,
                 event::ConsumerProducerClose, event::ConsumerProducerPause,
                 event::ConsumerProducerResume, event::ConsumerScore, event::ConsumerLayersChange,
                 event::IceStateChange, event::IceSelectedTupleChange, event::DtlsStateChange,
                 event::RtpObserverVolumes, event::RtpObserverSilence,
                 event::RtpObserverDominantSpeaker>;

class Notifier {
 public:
  virtual ~Notifier() = default;
  virtual void Emit(const std::string& handlerId, const Event& event) = 0;
};

}  // namespace weir::sfu
