#pragma once

// Reading codec parameters ("packetization-mode", "profile-level-id", "apt", ...) whatever JSON
// type they arrived as. mediasoup-client takes them from SDP through sdp-transform, which turns
// every value that prints back identically as a number into a number: "packetization-mode=1"
// arrives as 1, and "profile-level-id=640032" as the number 640032 (while "42e01f" stays a
// string). These helpers accept both spellings.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sfu/rtp_parameters.hpp"

namespace weir::sfu::ortc {

// The value as an integer: an integer, an integral double, or a string of decimal digits.
std::optional<int64_t> ParameterAsInteger(const ParameterValue& value);

// The value as a string: a string as is, an integer in decimal (zero-padded to `minDigits`, so
// that 640032 or 42001 read back as the 6-character profile-level-id they were).
std::optional<std::string> ParameterAsString(const ParameterValue& value, size_t minDigits = 0);

const ParameterValue* FindParameter(const CodecParameters& params, std::string_view key);

// The integer value of `key`, `fallback` when absent, nothing when present but not an integer.
std::optional<int64_t> IntegerParameterOr(const CodecParameters& params, std::string_view key,
                                          int64_t fallback);

// A printable form of a value for error messages.
std::string ParameterToString(const ParameterValue& value);

}  // namespace weir::sfu::ortc
