#include "sfu/rtp_listener.hpp"

#include "proto/rtp/extensions/mid.hpp"
#include "proto/rtp/extensions/repaired_rid.hpp"
#include "proto/rtp/extensions/rid.hpp"
#include "sfu/errors.hpp"
#include "sfu/producer.hpp"

namespace weir::sfu {

void RtpListener::AddProducer(Producer& producer) {
  for (uint32_t ssrc : producer.KnownSsrcs()) {
    if (bySsrc_.contains(ssrc)) ThrowInvalidState("ssrc %u already exists in the transport", ssrc);
  }
  const std::string& mid = producer.rtpParameters().mid;
  if (!mid.empty() && byMid_.contains(mid)) {
    ThrowInvalidState("MID '%s' already exists in the transport", mid);
  }
  // RIDs are per MID; without a MID they must be unique in the transport.
  if (mid.empty()) {
    for (const auto& rid : producer.Rids()) {
      if (byRid_.contains(rid)) ThrowInvalidState("RID '%s' already exists in the transport", rid);
    }
  }
  for (uint32_t ssrc : producer.KnownSsrcs())
    bySsrc_[ssrc] = &producer;
  if (!mid.empty()) byMid_[mid] = &producer;
  if (mid.empty()) {
    for (const auto& rid : producer.Rids())
      byRid_[rid] = &producer;
  }
}

void RtpListener::RemoveProducer(Producer& producer) {
  absl::erase_if(bySsrc_, [&](const auto& e) { return e.second == &producer; });
  absl::erase_if(byMid_, [&](const auto& e) { return e.second == &producer; });
  absl::erase_if(byRid_, [&](const auto& e) { return e.second == &producer; });
}

Producer* RtpListener::FindBySsrc(uint32_t ssrc) const {
  auto it = bySsrc_.find(ssrc);
  return it == bySsrc_.end() ? nullptr : it->second;
}

Producer* RtpListener::Find(const proto::rtp::RtpPacket& packet, uint8_t midId, uint8_t ridId,
                            uint8_t rridId) {
  if (Producer* producer = FindBySsrc(packet.ssrc())) return producer;
  Producer* found = nullptr;
  if (midId != 0) {
    if (auto value = packet.GetExtension(midId)) {
      if (auto mid = proto::rtp::extensions::Mid::Parse(*value)) {
        auto it = byMid_.find(std::string(*mid));
        if (it != byMid_.end()) found = it->second;
      }
    }
  }
  if (found == nullptr && ridId != 0) {
    if (auto value = packet.GetExtension(ridId)) {
      if (auto rid = proto::rtp::extensions::Rid::Parse(*value)) {
        auto it = byRid_.find(std::string(*rid));
        if (it != byRid_.end()) found = it->second;
      }
    }
  }
  if (found == nullptr && rridId != 0) {
    if (auto value = packet.GetExtension(rridId)) {
      if (auto rid = proto::rtp::extensions::RepairedRid::Parse(*value)) {
        auto it = byRid_.find(std::string(*rid));
        if (it != byRid_.end()) found = it->second;
      }
    }
  }
  // Remember the SSRC so the next packets are found by it (bounded: see kMaxLearnedSsrcs).
  if (found != nullptr && learned_ < kMaxLearnedSsrcs) {
    bySsrc_[packet.ssrc()] = found;
    ++learned_;
  }
  return found;
}

}  // namespace weir::sfu
