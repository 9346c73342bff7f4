#include "engine/srtp/srtp_session.hpp"

#include <arpa/inet.h>
#include <srtp2/srtp.h>

#include <algorithm>

#include <cstring>
#include <vector>

#include "absl/strings/str_format.h"

namespace weir::engine {

namespace {

srtp_t Native(void* session) {
  return static_cast<srtp_t>(session);
}

void SetPolicies(SrtpSuite suite, srtp_policy_t& policy) {
  switch (suite) {
    case SrtpSuite::kAeadAes256Gcm:
      srtp_crypto_policy_set_aes_gcm_256_16_auth(&policy.rtp);
      srtp_crypto_policy_set_aes_gcm_256_16_auth(&policy.rtcp);
      break;
    case SrtpSuite::kAeadAes128Gcm:
      srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtp);
      srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtcp);
      break;
    case SrtpSuite::kAesCm128HmacSha1_80:
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtp);
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtcp);
      break;
    case SrtpSuite::kAesCm128HmacSha1_32:
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&policy.rtp);
      // RFC 5764 4.1.2: SRTCP keeps the 80-bit tag with this profile.
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtcp);
      break;
  }
}

SrtpResult FromStatus(srtp_err_status_t status) {
  switch (status) {
    case srtp_err_status_ok:
      return SrtpResult::kOk;
    case srtp_err_status_auth_fail:
      return SrtpResult::kAuthFailure;
    case srtp_err_status_replay_fail:
    case srtp_err_status_replay_old:
      return SrtpResult::kReplay;
    default:
      return SrtpResult::kError;
  }
}

}  // namespace

std::unique_ptr<SrtpSession> SrtpSession::Create(Direction direction, SrtpSuite suite,
                                                 base::ByteView keyAndSalt, std::string* error) {
  SrtpKeySizes sizes = KeySizes(suite);
  if (keyAndSalt.size() != sizes.total()) {
    if (error) {
      *error = absl::StrFormat("%s needs %u bytes of key and salt, got %u", SrtpSuiteName(suite),
                               sizes.total(), keyAndSalt.size());
    }
    return nullptr;
  }
  srtp_policy_t policy;
  std::memset(&policy, 0, sizeof(policy));
  SetPolicies(suite, policy);
  policy.ssrc.type = direction == Direction::kInbound ? ssrc_any_inbound : ssrc_any_outbound;
  policy.ssrc.value = 0;
  // libsrtp copies the key; it needs a writable pointer.
  std::vector<uint8_t> key(keyAndSalt.begin(), keyAndSalt.end());
  policy.key = key.data();
  policy.window_size = 1024;
  policy.allow_repeat_tx = 1;
  policy.next = nullptr;
  srtp_t session = nullptr;
  srtp_err_status_t status = srtp_create(&session, &policy);
  if (status != srtp_err_status_ok) {
    if (error) *error = absl::StrFormat("srtp_create failed (libsrtp status %d)", status);
    return nullptr;
  }
  return std::unique_ptr<SrtpSession>(new SrtpSession(suite, session));
}

SrtpSession::~SrtpSession() {
  srtp_dealloc(Native(session_));
}

SrtpResult SrtpSession::ProtectRtp(base::MutableByteView buffer, size_t* length) {
  if (buffer.size() < *length + kSrtpMaxTrailer) return SrtpResult::kError;
  int len = static_cast<int>(*length);
  auto status = srtp_protect(Native(session_), buffer.data(), &len);
  if (status == srtp_err_status_ok) *length = static_cast<size_t>(len);
  return FromStatus(status);
}

SrtpResult SrtpSession::ProtectRtcp(base::MutableByteView buffer, size_t* length) {
  if (buffer.size() < *length + kSrtpMaxTrailer) return SrtpResult::kError;
  int len = static_cast<int>(*length);
  auto status = srtp_protect_rtcp(Native(session_), buffer.data(), &len);
  if (status == srtp_err_status_ok) *length = static_cast<size_t>(len);
  return FromStatus(status);
}

SrtpResult SrtpSession::UnprotectRtp(base::MutableByteView buffer, size_t* length) {
  int len = static_cast<int>(std::min(*length, buffer.size()));
  auto status = srtp_unprotect(Native(session_), buffer.data(), &len);
  if (status == srtp_err_status_ok) *length = static_cast<size_t>(len);
  return FromStatus(status);
}

SrtpResult SrtpSession::UnprotectRtcp(base::MutableByteView buffer, size_t* length) {
  int len = static_cast<int>(std::min(*length, buffer.size()));
  auto status = srtp_unprotect_rtcp(Native(session_), buffer.data(), &len);
  if (status == srtp_err_status_ok) *length = static_cast<size_t>(len);
  return FromStatus(status);
}

void SrtpSession::RemoveStream(uint32_t ssrc) {
  srtp_remove_stream(Native(session_), htonl(ssrc));
}

}  // namespace weir::engine
