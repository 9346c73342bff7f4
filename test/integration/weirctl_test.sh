#!/usr/bin/env bash
# weirctl scripted from the shell: piped JSON lines, an invalid JSON line, an unknown method,
# `weirctl call`, the one-liner of the README, files and bad arguments.
set -uo pipefail
bin=${WEIR_BIN:-$(cd "$(dirname "$0")/../.." && pwd)/build/bin}
weirctl="$bin/weirctl"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

check() {  # check DESCRIPTION COMMAND...: the command must succeed
  local what=$1; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; failures=$((failures + 1)); fi
}
has() { grep -qF -- "$2" "$1"; }          # has FILE TEXT
line_count() { wc -l < "$1" | tr -d ' '; }

# 1. The README one-liner answers, and the worker says it is running first.
echo '{"method":"worker.dump","handlerId":"","body":{}}' | "$weirctl" > "$tmp/one.out"
check "one-liner exits 0" test $? -eq 0
check "one-liner: worker.running first" bash -c "head -1 '$tmp/one.out' | grep -q '\"event\":\"worker.running\"'"
check "one-liner: dump response" has "$tmp/one.out" '{"id":1,"accepted":true,"body":{"channel":'
check "one-liner: two lines" test "$(line_count "$tmp/one.out")" -eq 2

# 2. A session: routers, an invalid line, an unknown method, rejections, user ids, logs.
cat > "$tmp/session.jsonl" <<'JSON'
{"method":"worker.createRouter","handlerId":"","body":{"routerId":"r1"}}
{"method":"worker.createRouter","body":{"routerId":"r2"}}
this is not json
{"method":"worker.teleport","body":{}}
{"id":100,"method":"router.dump","handlerId":"r1"}
{"method":"worker.createRouter","body":{"routerId":"r1"}}
{"method":"router.dump","handlerId":"nobody"}
{"method":"worker.createRouter","body":{"routerIdentifier":"r3"}}
{"method":"worker.dump","body":{"oops":1}}
[1,2,3]

{"method":"worker.closeRouter","body":{"routerId":"r2"}}
{"method":"worker.dump"}
JSON
"$weirctl" --log-level=debug --log-tags=message < "$tmp/session.jsonl" > "$tmp/session.out"
check "session exits 0" test $? -eq 0
check "session: createRouter r1 accepted" has "$tmp/session.out" '{"id":1,"accepted":true,"body":{"rtpCapabilities"'
check "session: createRouter r2 accepted" has "$tmp/session.out" '{"id":2,"accepted":true,"body":{"rtpCapabilities"'
check "session: invalid JSON reported" has "$tmp/session.out" '{"error":"invalid JSON: '
check "session: unknown method reported" has "$tmp/session.out" "{\"id\":3,\"error\":\"unknown method 'worker.teleport'\"}"
check "session: user id kept" has "$tmp/session.out" '{"id":100,"accepted":true,"body":{"id":"r1",'
check "session: duplicate id is InvalidStateError" has "$tmp/session.out" '{"id":101,"accepted":false,"error":"InvalidStateError"'
check "session: unknown handler is NotFoundError" has "$tmp/session.out" '{"id":102,"accepted":false,"error":"NotFoundError"'
check "session: unknown body field is a local error" has "$tmp/session.out" '{"id":103,"error":"invalid body for worker.createRouter: unknown field: routerIdentifier'
check "session: body on a bodiless method" has "$tmp/session.out" '{"id":104,"error":"method worker.dump takes no body"}'
check "session: non-object line" has "$tmp/session.out" '{"error":"a request is an object with a \"method\" string"}'
check "session: closeRouter accepted" has "$tmp/session.out" '{"id":105,"accepted":true}'
check "session: final dump lists r1 only" has "$tmp/session.out" '"routerIds":["r1"]'
check "session: debug log lines" has "$tmp/session.out" '{"log":{"level":"debug","tag":"message","text":"request '
check "session: every line is JSON" /usr/bin/python3 -c "
import json, sys
for line in open('$tmp/session.out'):
    json.loads(line)
"

# 3. The same input through a pipe gives the same responses.
cat "$tmp/session.jsonl" | "$weirctl" > "$tmp/pipe.out"
check "pipe exits 0" test $? -eq 0
check "pipe: same response count" test "$(grep -c '"id":' "$tmp/pipe.out")" -eq "$(grep -c '"id":' "$tmp/session.out")"

# 4. weirctl call.
"$weirctl" call worker.createRouter '{"routerId":"c1"}' > "$tmp/call.out"
check "call accepted exits 0" test $? -eq 0
check "call prints the response only" test "$(wc -l < "$tmp/call.out")" -eq 1
check "call prints the router's capabilities" has "$tmp/call.out" '{"id":1,"accepted":true,"body":{"rtpCapabilities":{"codecs":[],"headerExtensions":[{'
"$weirctl" call router.dump --handler-id missing > "$tmp/call2.out"
check "call rejected exits 1" test $? -eq 1
check "call rejected prints the error kind" has "$tmp/call2.out" '"accepted":false,"error":"NotFoundError"'
"$weirctl" call worker.getResourceUsage > "$tmp/call3.out"
check "call getResourceUsage" has "$tmp/call3.out" '"ru_maxrss":'
"$weirctl" call worker.nothing > "$tmp/call4.out"
check "call unknown method exits 1" test $? -eq 1

# 5. Bad arguments exit 2; --help exits 0.
"$weirctl" --no-such-flag > /dev/null 2>&1; check "unknown flag exits 2" test $? -eq 2
"$weirctl" call > /dev/null 2>&1; check "call without method exits 2" test $? -eq 2
"$weirctl" call worker.createRouter '{not json' > /dev/null 2>&1; check "call with bad body exits 2" test $? -eq 2
"$weirctl" --rtc-min-port=70000 > /dev/null 2>&1; check "bad port exits 2" test $? -eq 2
"$weirctl" --help > "$tmp/help.out"; check "--help exits 0" test $? -eq 0
check "--help documents call" has "$tmp/help.out" "weirctl [options] call METHOD"

# 6. Worker options pass through; a missing worker fails cleanly.
echo '{"method":"worker.dump"}' | "$weirctl" --rtc-min-port 20000 --rtc-max-port 20100 > "$tmp/ports.out"
check "ports pass through" has "$tmp/ports.out" '"rtcMaxPort":20100,"rtcMinPort":20000'
echo '{"method":"worker.dump"}' | "$weirctl" --worker /nonexistent/weir-worker > /dev/null 2>&1
check "missing worker exits 1" test $? -eq 1

# 7. A worker killed mid-session: the session ends with an error line and exit 1.
{ echo '{"method":"worker.dump"}'; sleep 0.5; echo '{"method":"worker.dump"}'; sleep 5; } |
  "$weirctl" > "$tmp/killed.out" &
sleep 0.3
pkill_target=$(grep -o '"pid":[0-9]*' "$tmp/killed.out" | head -1 | cut -d: -f2)
if [ -n "$pkill_target" ]; then kill -9 "$pkill_target"; fi
wait $!
code=$?
check "killed worker: exit 1" test $code -eq 1
check "killed worker: died line" has "$tmp/killed.out" 'died: killed by signal 9'

echo "weirctl_test: $failures failure(s)"
[ $failures -eq 0 ]
