#include "engine/ice/ice_server.hpp"

#include "base/logging.hpp"
#include "engine/ice/ice_credentials.hpp"
#include "proto/stun/binding_response.hpp"
#include "proto/stun/stun_address.hpp"

namespace weir::engine {

namespace stun = proto::stun;

IceServer::IceServer(std::string localUfrag, std::string localPassword, IceServerConfig config)
    : config_(config), current_(std::move(localUfrag), std::move(localPassword)) {}

size_t IceServer::HandleStun(base::Timestamp now, const stun::StunMessage& message,
                             const IceTuple& tuple, base::MutableByteView out) {
  if (state_ == IceState::kClosed) {
    ++stats_.ignoredClosed;
    return 0;
  }
  // RFC 8489 7.3: a FINGERPRINT that does not match means the packet is not STUN at all (it
  // only looks like it); such packets are dropped without an answer.
  if (message.has_fingerprint() && !message.CheckFingerprint()) {
    ++stats_.badFingerprint;
    return 0;
  }
  // Only Binding belongs to ICE (RFC 8445 7); other methods are not answered (an answer
  // would turn the port into a reflector for whatever arrives).
  if (message.method() != stun::method::kBinding) {
    ++stats_.otherMethods;
    return 0;
  }
  switch (message.message_class()) {
    case stun::StunClass::kRequest:
      return HandleRequest(now, message, tuple, out);
    case stun::StunClass::kIndication:
      HandleIndication(now, tuple);
      return 0;
    case stun::StunClass::kSuccessResponse:
    case stun::StunClass::kErrorResponse:
      // A lite agent sends no checks (RFC 8445 2.5), so no response can be ours.
      ++stats_.responsesIgnored;
      return 0;
  }
  return 0;
}

size_t IceServer::HandleRequest(base::Timestamp now, const stun::StunMessage& request,
                                const IceTuple& tuple, base::MutableByteView out) {
  ++stats_.requests;
  auto username = request.username();
  // RFC 8489 9.1.3: without both USERNAME and MESSAGE-INTEGRITY the request cannot be
  // authenticated: 400, and the answer carries no MESSAGE-INTEGRITY.
  if (!username || !request.has_message_integrity()) {
    ++stats_.missingCredentials;
    WEIR_DEBUG(kIce, "binding request without credentials from %s: 400", tuple.ToString());
    return Reject(request, stun::error::kBadRequest, nullptr, out);
  }
  const Credentials* credentials = Authenticate(request, *username);
  if (credentials == nullptr) {
    WEIR_DEBUG(kIce, "binding request from %s failed authentication: 401", tuple.ToString());
    return Reject(request, stun::error::kUnauthorized, nullptr, out);
  }
  // From here the request is authenticated, so error answers carry MESSAGE-INTEGRITY too.
  const stun::HmacSha1Key* key = &credentials->key;
  // RFC 8489 6.3.1: unknown comprehension-required attributes are checked after
  // authentication and answered with 420 listing them.
  if (!request.unknown_comprehension_required().empty()) {
    ++stats_.unknownAttributes;
    return Reject(request, stun::error::kUnknownAttribute, key, out);
  }
  // RFC 8445 7.2.2: every connectivity check carries PRIORITY.
  if (!request.priority()) {
    ++stats_.missingPriority;
    return Reject(request, stun::error::kBadRequest, key, out);
  }
  // RFC 8445 7.3.1.1: an agent in the controlled role receiving ICE-CONTROLLED has a role
  // conflict. A lite agent is always controlled and cannot switch (6.1.1), so it always
  // answers 487 and lets the full peer switch to controlling.
  if (request.ice_controlled()) {
    ++stats_.roleConflicts;
    WEIR_DEBUG(kIce, "peer %s claims ICE-CONTROLLED: 487", tuple.ToString());
    return Reject(request, stun::error::kRoleConflict, key, out);
  }

  // RFC 8445 7.3.1.4 / RFC 8489 14.2: the answer reflects the source address of the check.
  auto mapped = stun::FromSockaddr(tuple.remote.sockaddr_ptr());
  size_t size = mapped ? stun::BuildBindingSuccessResponse(request, *mapped, *key, out) : 0;
  if (size == 0) {
    ++stats_.responseFailures;
    return 0;
  }
  ++stats_.validChecks;

  // The peer has the new credentials: the pre-restart ones are done with.
  if (credentials == &current_ && old_) {
    WEIR_DEBUG(kIce, "new ICE credentials in use, retiring ufrag %s", old_->ufrag);
    IceEvent event;
    event.kind = IceEvent::Kind::kUfragRetired;
    event.ufrag = old_->ufrag;
    Emit(std::move(event));
    old_.reset();
  }

  bool nominating = request.use_candidate();
  // draft-thatcher-ice-renomination: only a higher NOMINATION value than any seen nominates;
  // a lower or equal one is a late or repeated check and must not move the selected tuple.
  if (auto nomination = request.nomination()) {
    if (*nomination > remoteNomination_) {
      remoteNomination_ = *nomination;
      nominating = true;
    } else {
      ++stats_.staleNominations;
      nominating = false;
    }
  }
  OnValidCheck(now, tuple, nominating);
  return size;
}

const IceServer::Credentials* IceServer::Authenticate(const stun::StunMessage& request,
                                                      std::string_view user) {
  // RFC 8445 7.3 / RFC 8489 9.1.3: USERNAME names our ufrag, MESSAGE-INTEGRITY is keyed with our
  // password. Before the peer has used post-restart credentials, the old ones still count.
  for (const Credentials* c : {&current_, old_ ? &*old_ : nullptr}) {
    if (c == nullptr || !UsernameMatches(user, c->ufrag)) continue;
    if (request.CheckMessageIntegrity(c->key)) return c;
    ++stats_.badIntegrity;
    return nullptr;
  }
  ++stats_.wrongUsername;
  return nullptr;
}

size_t IceServer::Reject(const stun::StunMessage& request, uint16_t code,
                         const stun::HmacSha1Key* key, base::MutableByteView out) {
  size_t size = stun::BuildBindingErrorResponse(request, code, key, out);
  if (size == 0) ++stats_.responseFailures;
  return size;
}

void IceServer::HandleIndication(base::Timestamp now, const IceTuple& tuple) {
  ++stats_.indications;
  if (!config_.indicationsRefreshConsent) return;
  int slot = table_.Find(tuple);
  if (slot != kNone) table_.set_last_check(slot, now);
}

void IceServer::OnValidCheck(base::Timestamp now, const IceTuple& tuple, bool nominating) {
  bool known = table_.Find(tuple) != kNone;
  std::optional<IceTuple> evicted;
  int slot = table_.Upsert(tuple, now, selected_, &evicted);
  if (evicted) {
    ++stats_.tuplesEvicted;
    EmitTuple(IceEvent::Kind::kTupleRemoved, *evicted);
  }
  if (!known) EmitTuple(IceEvent::Kind::kTupleAdded, tuple);

  if (nominating) {
    // RFC 8445 7.3.1.5 (USE-CANDIDATE at a controlled agent): the pair is nominated.
    Select(slot);
    SetState(IceState::kCompleted);
  } else if (state_ == IceState::kNew || state_ == IceState::kDisconnected) {
    // mediasoup's 'connected': a working path before nomination, used provisionally.
    Select(slot);
    SetState(IceState::kConnected);
  }
}

base::Timestamp IceServer::NextTimeout() const {
  if (state_ == IceState::kClosed || config_.consentTimeout <= base::Duration::zero()) {
    return base::kNever;
  }
  auto earliest = table_.EarliestCheck();
  if (!earliest) return base::kNever;
  if (*earliest > base::kNever - config_.consentTimeout) return base::kNever;
  return *earliest + config_.consentTimeout;
}

void IceServer::HandleTimeout(base::Timestamp now) {
  if (state_ == IceState::kClosed || config_.consentTimeout <= base::Duration::zero()) return;
  // RFC 7675 5.1: no valid check for consentTimeout revokes consent for that path. A path
  // without consent is not valid any more either: the transport must stop accepting from it.
  bool selectedExpired = false;
  for (int slot = 0; slot < static_cast<int>(IceTupleTable::kCapacity); ++slot) {
    if (!table_.used(slot)) continue;
    base::Timestamp last = table_.last_check(slot);
    if (last > base::kNever - config_.consentTimeout || last + config_.consentTimeout > now) {
      continue;
    }
    IceTuple tuple = table_.tuple(slot);
    table_.Erase(slot);
    EmitTuple(IceEvent::Kind::kTupleRemoved, tuple);
    if (slot == selected_) selectedExpired = true;
  }
  if (selectedExpired) {
    ++stats_.consentExpirations;
    WEIR_DEBUG(kIce, "consent expired on the selected tuple: disconnected");
    Disconnect();
  }
}

bool IceServer::RemoveTuple(base::Timestamp now, const IceTuple& tuple) {
  int slot = table_.Find(tuple);
  if (slot == kNone) return false;
  table_.Erase(slot);
  EmitTuple(IceEvent::Kind::kTupleRemoved, tuple);
  if (slot != selected_) return true;
  int next = table_.MostRecent();
  if (next == kNone) {
    Disconnect();
    return true;
  }
  // Like mediasoup, give the peer a full consent window on the path we fall back to.
  selected_ = kNone;
  table_.set_last_check(next, now);
  Select(next);
  return true;
}

bool IceServer::ForceSelectedTuple(const IceTuple& tuple) {
  if (state_ != IceState::kConnected && state_ != IceState::kCompleted) return false;
  int slot = table_.Find(tuple);
  if (slot == kNone) return false;
  Select(slot);
  return true;
}

void IceServer::RestartIce(std::string newUfrag, std::string newPassword) {
  if (state_ == IceState::kClosed) return;
  // Two restarts before the peer used the first: the oldest generation goes away at once.
  if (old_) {
    IceEvent event;
    event.kind = IceEvent::Kind::kUfragRetired;
    event.ufrag = old_->ufrag;
    Emit(std::move(event));
  }
  old_.emplace(current_);
  current_ = Credentials(std::move(newUfrag), std::move(newPassword));
  // A new ICE generation numbers its nominations from scratch.
  remoteNomination_ = 0;
}

void IceServer::Close() {
  if (state_ == IceState::kClosed) return;
  table_.ForEach(
      [this](int slot) { EmitTuple(IceEvent::Kind::kTupleRemoved, table_.tuple(slot)); });
  if (selected_ != kNone) {
    selected_ = kNone;
    Emit({IceEvent::Kind::kSelectedTupleChanged, state_, std::nullopt, {}});
  }
  table_.Clear();
  SetState(IceState::kClosed);
}

void IceServer::Select(int slot) {
  if (slot == selected_) return;
  selected_ = slot;
  WEIR_DEBUG(kIce, "selected tuple %s", table_.tuple(slot).ToString());
  EmitTuple(IceEvent::Kind::kSelectedTupleChanged, table_.tuple(slot));
}

void IceServer::SetState(IceState state) {
  if (state == state_) return;
  WEIR_DEBUG(kIce, "state %s -> %s", ToString(state_), ToString(state));
  state_ = state;
  Emit({IceEvent::Kind::kStateChanged, state, std::nullopt, {}});
}

void IceServer::Disconnect() {
  if (selected_ != kNone) {
    selected_ = kNone;
    Emit({IceEvent::Kind::kSelectedTupleChanged, state_, std::nullopt, {}});
  }
  remoteNomination_ = 0;
  SetState(IceState::kDisconnected);
}

void IceServer::Emit(IceEvent event) {
  if (!events_.Push(std::move(event))) ++stats_.eventsDropped;
}

void IceServer::EmitTuple(IceEvent::Kind kind, const IceTuple& tuple) {
  Emit({kind, state_, tuple, {}});
}

}  // namespace weir::engine
