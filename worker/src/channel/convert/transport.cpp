#include "channel/convert/transport.hpp"

#include <openssl/evp.h>

#include "absl/strings/str_format.h"
#include "sfu/errors.hpp"

namespace weir::channel {

sfu::ListenInfo FromFbs(const fbs::ListenInfo& info, std::string_view path) {
  sfu::ListenInfo out;
  if (info.protocol() > fbs::Protocol::MAX) sfu::ThrowTypeError("%s.protocol: invalid", path);
  out.protocol = info.protocol() == fbs::Protocol::tcp ? sfu::TransportProtocol::kTcp
                                                       : sfu::TransportProtocol::kUdp;
  out.ip = info.ip()->str();
  if (!base::SocketAddress::Parse(out.ip, 0)) {
    sfu::ThrowTypeError("%s.ip: '%s' is not an IPv4 or IPv6 address", path, out.ip);
  }
  if (info.announcedAddress()) out.announcedAddress = info.announcedAddress()->str();
  out.port = info.port();
  if (const auto* range = info.portRange()) {
    if (range->min() == 0 || range->min() > range->max()) {
      sfu::ThrowTypeError("%s.portRange: invalid range %u-%u", path, range->min(), range->max());
    }
    out.portRangeMin = range->min();
    out.portRangeMax = range->max();
  }
  return out;
}

flatbuffers::Offset<fbs::TransportTuple> ToFbs(flatbuffers::FlatBufferBuilder& builder,
                                               const sfu::TransportTuple& tuple) {
  auto local = builder.CreateString(tuple.localAddress);
  auto remote = tuple.remoteIp.empty() ? 0 : builder.CreateString(tuple.remoteIp);
  return fbs::CreateTransportTuple(
      builder, local, tuple.localPort, remote, tuple.remotePort,
      tuple.protocol == sfu::TransportProtocol::kTcp ? fbs::Protocol::tcp : fbs::Protocol::udp);
}

engine::SrtpSuite SrtpSuiteFromName(std::string_view name, std::string_view path) {
  auto suite = engine::ParseSrtpSuite(name);
  if (!suite) sfu::ThrowTypeError("%s: unsupported SRTP crypto suite '%s'", path, name);
  return *suite;
}

sfu::SrtpParameters FromFbs(const fbs::SrtpParameters& params, std::string_view path) {
  sfu::SrtpParameters out;
  out.cryptoSuite = SrtpSuiteFromName(params.cryptoSuite()->string_view(),
                                      absl::StrFormat("%s.cryptoSuite", path));
  auto key = Base64Decode(params.keyBase64()->string_view());
  if (!key) sfu::ThrowTypeError("%s.keyBase64: not valid base64", path);
  out.keyAndSalt = std::move(*key);
  return out;
}

flatbuffers::Offset<fbs::SrtpParameters> ToFbs(flatbuffers::FlatBufferBuilder& builder,
                                               const sfu::SrtpParameters& params) {
  auto suite = builder.CreateString(std::string(engine::SrtpSuiteName(params.cryptoSuite)));
  auto key = builder.CreateString(Base64Encode(params.keyAndSalt));
  return fbs::CreateSrtpParameters(builder, suite, key);
}

namespace {

// The schema's TraceEventType and sfu::TraceType list the same events in the same order.
static_assert(static_cast<int>(fbs::TraceEventType::bwe) == static_cast<int>(sfu::TraceType::kBwe));

}  // namespace

uint32_t TraceMaskFromFbs(const flatbuffers::Vector<fbs::TraceEventType>* events,
                          std::string_view path) {
  uint32_t mask = 0;
  if (events == nullptr) return mask;
  for (fbs::TraceEventType type : *events) {
    auto e = static_cast<uint8_t>(type);
    if (e > static_cast<uint8_t>(fbs::TraceEventType::MAX)) {
      sfu::ThrowTypeError("%s: unknown trace event type %u", path, e);
    }
    mask |= 1u << e;
  }
  return mask;
}

flatbuffers::Offset<flatbuffers::Vector<fbs::TraceEventType>> TraceMaskToFbs(
    flatbuffers::FlatBufferBuilder& builder, uint32_t mask) {
  std::vector<fbs::TraceEventType> events;
  for (uint8_t i = 0; i <= static_cast<uint8_t>(fbs::TraceEventType::MAX); ++i) {
    if (mask & (1u << i)) events.push_back(static_cast<fbs::TraceEventType>(i));
  }
  return builder.CreateVector(events);
}

fbs::TraceEventType ToFbs(sfu::TraceType type) {
  return static_cast<fbs::TraceEventType>(type);
}

std::string Base64Encode(base::ByteView data) {
  std::string out(4 * ((data.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data.data(),
                          static_cast<int>(data.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::optional<std::vector<uint8_t>> Base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::vector<uint8_t> out(text.size() / 4 * 3);
  int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  // EVP_DecodeBlock counts the padding's zero bytes: remove one per '='.
  size_t padding = 0;
  if (!text.empty() && text.back() == '=') ++padding;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++padding;
  out.resize(static_cast<size_t>(n) - padding);
  return out;
}

}  // namespace weir::channel
