#include "weir/transport_types.hpp"

#include <array>

namespace weir {

namespace {

constexpr std::array<std::string_view, 5> kIceStates = {"new", "connected", "completed",
                                                        "disconnected", "closed"};
constexpr std::array<std::string_view, 5> kDtlsStates = {"new", "connecting", "connected", "failed",
                                                         "closed"};
constexpr std::array<std::string_view, 7> kTraceEventTypes = {"rtp", "keyframe",  "nack", "pli",
                                                              "fir", "probation", "bwe"};

template <typename Enum, size_t N>
std::optional<Enum> Find(const std::array<std::string_view, N>& names, std::string_view name) {
  for (size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<Enum>(i);
  }
  return std::nullopt;
}

}  // namespace

std::string_view ProtocolName(Protocol protocol) {
  return protocol == Protocol::kTcp ? "tcp" : "udp";
}

std::string_view IceStateName(IceState state) {
  return kIceStates[static_cast<size_t>(state)];
}

std::optional<IceState> ParseIceState(std::string_view name) {
  return Find<IceState>(kIceStates, name);
}

std::string_view DtlsStateName(DtlsState state) {
  return kDtlsStates[static_cast<size_t>(state)];
}

std::optional<DtlsState> ParseDtlsState(std::string_view name) {
  return Find<DtlsState>(kDtlsStates, name);
}

std::string_view TraceEventTypeName(TraceEventType type) {
  return kTraceEventTypes[static_cast<size_t>(type)];
}

}  // namespace weir
