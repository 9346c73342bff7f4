#pragma once

// Application-defined packet, APP (RFC 3550 6.7):
//
//   |V=2|P| subtype |   PT=APP=204  |             length            |
//   |                           SSRC/CSRC                           |
//   |                          name (ASCII)                         |
//   |                   application-dependent data                ...

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "base/buffer_writer.hpp"
#include "base/bytes.hpp"
#include "proto/rtcp/packet.hpp"
#include "proto/rtcp/packet_builder.hpp"

namespace weir::proto::rtcp {

class App {
 public:
  static constexpr size_t kNameSize = 4;

  // Fails unless the packet is an APP with at least the SSRC and the name.
  static std::optional<App> Parse(const Packet& packet);

  uint8_t subtype() const { return subtype_; }
  uint32_t ssrc() const { return base::LoadBe32(body_.data()); }
  std::string_view name() const {
    return std::string_view(reinterpret_cast<const char*>(body_.data() + 4), kNameSize);
  }
  base::ByteView data() const { return body_.subspan(8); }

 private:
  App(base::ByteView body, uint8_t subtype) : body_(body), subtype_(subtype) {}
  base::ByteView body_;
  uint8_t subtype_;
};

struct AppBuilder {
  uint8_t subtype = 0;  // 5 bits.
  uint32_t ssrc = 0;
  std::string_view name;  // Exactly 4 characters.
  base::ByteView data;    // A multiple of 4 bytes (RFC 3550 6.7).

  size_t Size() const;
  size_t Serialize(base::MutableByteView out) const;
  size_t Serialize(base::BufferWriter& writer) const { return SerializeToWriter(*this, writer); }
};

}  // namespace weir::proto::rtcp
