#pragma once

// The ICE-lite agent of one WebRtcTransport (RFC 8445 2.5, 7.3; consent freshness RFC 7675).
// Sans-IO: the owner hands it STUN messages with the tuple they came from and the time, sends
// back the response it writes, arms a timer for NextTimeout() and polls events.
//
// A lite agent is always controlled (RFC 8445 6.1.1): it sends no checks, answers the peer's,
// and uses the path the peer nominates. States and transitions follow mediasoup's IceServer,
// which is what mediasoup-client front ends expect to see:
//   new/disconnected --valid check--> connected   (that tuple selected provisionally, so the
//                                                  transport can answer DTLS before nomination)
//   any live state --valid nominating check--> completed (that tuple selected)
//   connected/completed --no valid check on the selected tuple for consentTimeout--> disconnected
//   connected/completed --selected TCP tuple closed, no other valid tuple--> disconnected
//   any --Close()--> closed
// A nominating check carries USE-CANDIDATE (RFC 8445 7.3.1.5) or NOMINATION
// (draft-thatcher-ice-renomination, sent by Chromium): a NOMINATION value not above the last
// one seen is stale and does not select. With aggressive nomination every check nominates, so
// the latest valid nominated tuple wins and a peer switching paths switches the selected tuple.
//
// ICE restart (RestartIce) behaves like mediasoup's: the old credentials keep working until the
// first valid check with the new ones arrives (the peer needs a signaling round trip to learn
// them, and its consent checks meanwhile must not fail), then the old ufrag is retired and
// requests with it get 401. State and tuples are kept; consent decides whether the path lives.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/bytes.hpp"
#include "base/time.hpp"
#include "engine/ice/ice_event.hpp"
#include "engine/ice/ice_tuple.hpp"
#include "engine/ice/ice_tuple_table.hpp"
#include "proto/stun/binding_response.hpp"
#include "proto/stun/hmac_sha1.hpp"
#include "proto/stun/stun_message.hpp"

namespace weir::engine {

struct IceServerConfig {
  // RFC 7675 5.1: consent expires 30 s after the last valid check on the selected path. Zero
  // disables expiry (the path lives until removed or closed).
  base::Duration consentTimeout = std::chrono::seconds(30);
  // Binding indications (RFC 8445 11 keepalives) carry no MESSAGE-INTEGRITY, so anyone able
  // to spoof the peer's address could send them; RFC 7675 grants consent only on
  // authenticated checks. Off by default (browsers send consent checks as requests).
  bool indicationsRefreshConsent = false;
};

// Every STUN message that did not end as a valid check, by reason.
struct IceServerStats {
  uint64_t requests = 0;            // Binding requests seen (valid or not).
  uint64_t validChecks = 0;         // Answered with a success response.
  uint64_t indications = 0;         // Binding indications (never answered).
  uint64_t responsesIgnored = 0;    // Success/error responses: a lite agent sends no requests.
  uint64_t otherMethods = 0;        // Not Binding: ignored.
  uint64_t badFingerprint = 0;      // FINGERPRINT present and wrong: dropped silently.
  uint64_t missingCredentials = 0;  // No USERNAME or no MESSAGE-INTEGRITY: 400.
  uint64_t wrongUsername = 0;       // USERNAME not "<local ufrag>:...": 401.
  uint64_t badIntegrity = 0;        // MESSAGE-INTEGRITY does not match the password: 401.
  uint64_t unknownAttributes = 0;   // Unknown comprehension-required attributes: 420.
  uint64_t missingPriority = 0;     // No PRIORITY: 400.
  uint64_t roleConflicts = 0;       // Peer claims ICE-CONTROLLED: 487.
  uint64_t staleNominations = 0;    // Valid check whose NOMINATION was not above the last.
  uint64_t responseFailures = 0;    // The answer could not be built (buffer, address family).
  uint64_t tuplesEvicted = 0;       // Dropped to keep the table bounded.
  uint64_t consentExpirations = 0;  // Selected path lost consent.
  uint64_t eventsDropped = 0;       // Event queue full (the owner did not poll).
  uint64_t ignoredClosed = 0;       // Anything received after Close().
};

class IceServer {
 public:
  // Enough room for any response HandleStun writes.
  static constexpr size_t kMaxResponseSize = proto::stun::kMaxBindingResponseSize;

  IceServer(std::string localUfrag, std::string localPassword, IceServerConfig config = {});
  IceServer(const IceServer&) = delete;
  IceServer& operator=(const IceServer&) = delete;

  // One STUN message from tuple. Writes the response to send back to that same tuple into out
  // (kMaxResponseSize bytes suffice) and returns its size; 0 means send nothing.
  size_t HandleStun(base::Timestamp now, const proto::stun::StunMessage& message,
                    const IceTuple& tuple, base::MutableByteView out);

  // The deadline of the next consent expiry (of the selected or any other valid tuple);
  // kNever when nothing can expire.
  base::Timestamp NextTimeout() const;
  void HandleTimeout(base::Timestamp now);

  // The transport accepts DTLS/RTP/RTCP only from valid tuples.
  bool IsValidTuple(const IceTuple& tuple) const { return table_.Find(tuple) != kNone; }
  // A TCP connection closed (or the owner drops a path). If it was the selected tuple, the
  // most recently checked other valid tuple is selected with a fresh consent window (the peer
  // gets a full timeout to check it), else the state goes to disconnected. False if unknown.
  bool RemoveTuple(base::Timestamp now, const IceTuple& tuple);
  // Selects a valid tuple the peer is evidently using (for instance DTLS arrived on it while
  // another is selected: a peer nominating aggressively). Only in connected/completed.
  bool ForceSelectedTuple(const IceTuple& tuple);

  // New local credentials; see the restart note above.
  void RestartIce(std::string newUfrag, std::string newPassword);
  // Drops every tuple and moves to closed; everything received afterwards is ignored.
  void Close();

  std::optional<IceEvent> PollEvent() { return events_.Pop(); }

  IceState state() const { return state_; }
  const IceTuple* selected_tuple() const {
    return selected_ == kNone ? nullptr : &table_.tuple(selected_);
  }
  size_t tuple_count() const { return table_.size(); }
  std::string_view local_ufrag() const { return current_.ufrag; }
  std::string_view local_password() const { return current_.password; }
  // The pre-restart ufrag while it is still accepted.
  std::optional<std::string_view> old_ufrag() const {
    if (!old_) return std::nullopt;
    return std::string_view(old_->ufrag);
  }
  const IceServerStats& stats() const { return stats_; }
  const IceServerConfig& config() const { return config_; }

 private:
  static constexpr int kNone = IceTupleTable::kNone;

  struct Credentials {
    std::string ufrag;
    std::string password;
    proto::stun::HmacSha1Key key;
    Credentials(std::string u, std::string p)
        : ufrag(std::move(u)), password(std::move(p)), key(std::string_view(password)) {}
  };

  size_t HandleRequest(base::Timestamp now, const proto::stun::StunMessage& request,
                       const IceTuple& tuple, base::MutableByteView out);
  void HandleIndication(base::Timestamp now, const IceTuple& tuple);
  // The credentials the request authenticates with, or nullptr (counted).
  const Credentials* Authenticate(const proto::stun::StunMessage& request, std::string_view user);
  size_t Reject(const proto::stun::StunMessage& request, uint16_t code,
                const proto::stun::HmacSha1Key* key, base::MutableByteView out);
  void OnValidCheck(base::Timestamp now, const IceTuple& tuple, bool nominating);
  void Select(int slot);
  void SetState(IceState state);
  void Disconnect();
  void Emit(IceEvent event);
  void EmitTuple(IceEvent::Kind kind, const IceTuple& tuple);

  IceServerConfig config_;
  Credentials current_;
  std::optional<Credentials> old_;
  IceState state_ = IceState::kNew;
  IceTupleTable table_;
  int selected_ = kNone;
  // Highest NOMINATION value seen in this ICE generation (renomination).
  uint32_t remoteNomination_ = 0;
  IceEventQueue events_;
  IceServerStats stats_;
};

}  // namespace weir::engine
