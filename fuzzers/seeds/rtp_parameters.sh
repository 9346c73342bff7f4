#!/usr/bin/env bash
# Regenerates the seed corpus of fuzz_rtp_parameters (and the createRouter-with-codecs seed of
# fuzz_channel_message) from the mediasoup-client fixtures in test/data, with flatc:
#   bash fuzzers/seeds/rtp_parameters.sh
# Each seed is one selector byte (see rtp_parameters_fuzzer.cpp) and a FlatBuffers buffer.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
schema="$root/channel-schema/message.fbs"
data="$root/test/data/mediasoup-client"
out="$root/fuzzers/corpus/rtp_parameters"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

bin() {  # root type, json file -> binary path
  flatc --no-warnings -b --unknown-json --root-type "$1" -I "$root/channel-schema" -o "$tmp" \
    "$schema" "$2"
  echo "$tmp/$(basename "${2%.json}").bin"
}
seed() {  # selector byte (octal escape), binary, name
  { printf "$1"; cat "$2"; } > "$out/$3"
}

seed '\003' "$(bin weir.fbs.RtpParameters "$data/chrome_produce_vp8_simulcast.json")" produce_vp8_simulcast
seed '\001' "$(bin weir.fbs.RtpParameters "$data/chrome_produce_opus.json")" produce_opus
caps="$(bin weir.fbs.RtpCapabilities "$data/chrome_device_rtp_capabilities.json")"
seed '\002' "$caps" device_capabilities_video
seed '\000' "$caps" device_capabilities_audio
# The createRouter request's mediaCodecs as capabilities: the router-creation path.
python3 -c '
import json, sys
body = json.load(open(sys.argv[1]))["data"]["body"]
json.dump({"codecs": body["mediaCodecs"]}, open(sys.argv[2], "w"))
' "$data/create_router_request.json" "$tmp/media_codecs.json"
seed '\002' "$(bin weir.fbs.RtpCapabilities "$tmp/media_codecs.json")" media_codecs

# fuzz_channel_message: 0x01 = one well-formed frame around the payload; second byte unused.
create="$(bin weir.fbs.Message "$data/create_router_request.json")"
{ printf '\001\000'; cat "$create"; } > "$root/fuzzers/corpus/channel_message/single_create_router_codecs"
