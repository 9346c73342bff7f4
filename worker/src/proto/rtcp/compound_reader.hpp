#pragma once

// Iterates the packets of a compound RTCP datagram (RFC 3550 6.1) without copying or
// allocating:
//
//   CompoundReader reader(datagram);
//   while (auto packet = reader.Next()) {
//     switch (packet->type()) { ... default: break; }  // Unknown types are skipped.
//   }
//   if (reader.error()) ++stats.malformed;  // What came before stays valid.
//
// Iteration ends at the end of the datagram or at the first packet that cannot be framed (bad
// version, length past the datagram, bad padding, a trailing fragment shorter than a header);
// the latter sets error(). Packets of any type are returned: a type nobody parses is skipped
// by its caller, not fatal. The RFC 3550 A.2 rules that the first packet be an SR or RR and
// only the last be padded are not enforced, as reduced-size RTCP (RFC 5506) relaxes the first.

#include <cstddef>
#include <iterator>
#include <optional>

#include "base/bytes.hpp"
#include "proto/rtcp/packet.hpp"

namespace weir::proto::rtcp {

class CompoundReader {
 public:
  explicit CompoundReader(base::ByteView datagram) : rest_(datagram) {}

  std::optional<Packet> Next();

  bool error() const { return error_; }
  // True once the whole datagram was consumed without error.
  bool done() const { return rest_.empty() && !error_; }
  size_t packet_count() const { return count_; }

  // Range-for support: `for (const Packet& p : reader)`; check error() afterwards.
  class Iterator {
   public:
    const Packet& operator*() const { return *current_; }
    const Packet* operator->() const { return &*current_; }
    Iterator& operator++() {
      current_ = reader_->Next();
      return *this;
    }
    bool operator==(std::default_sentinel_t) const { return !current_.has_value(); }

   private:
    friend class CompoundReader;
    explicit Iterator(CompoundReader* reader) : reader_(reader), current_(reader->Next()) {}
    CompoundReader* reader_;
    std::optional<Packet> current_;
  };
  Iterator begin() { return Iterator(this); }
  std::default_sentinel_t end() const { return {}; }

 private:
  base::ByteView rest_;
  size_t count_ = 0;
  bool error_ = false;
};

}  // namespace weir::proto::rtcp
