#!/usr/bin/env bash
# The demo's session (scripts/demo.py, what scripts/demo runs after setup and build): a short run
# prints live stats and a clean summary; Ctrl-C (SIGINT) mid-run ends it with exit 0, a summary
# of what was recorded, and no child process left behind.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
export WEIR_BIN=${WEIR_BIN:-$root/build/bin}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
check() {  # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then echo "ok   $what"; else echo "FAIL $what"; failures=$((failures + 1)); fi
}
has() { grep -qE -- "$2" "$1"; }

# 1. A 4-second session with 2 consumers per stream.
timeout 90 /usr/bin/python3 "$root/scripts/demo.py" --seconds 4 --consumers 2 --out "$tmp/a" \
  > "$tmp/a.log" 2>&1
code=$?
cat "$tmp/a.log"
check "short run exits 0" test $code -eq 0
check "short run: live stats" has "$tmp/a.log" '^c-VP8-1 +udp\+RR'
check "short run: video recorded and decoded" \
  has "$tmp/a.log" '^VP8 .*recording demo-vp8.mkv: 1[0-9][0-9] frames, .*decodes cleanly'
check "short run: audio recorded and decoded" \
  has "$tmp/a.log" '^opus .*recording demo-opus.mkv: .*decodes cleanly'
check "short run: ok" has "$tmp/a.log" '^demo: ok$'
check "short run: session.mkv" test -s "$tmp/a/session.mkv"

# 2. SIGINT after a few seconds of a 60-second session (its own session, like a terminal's
#    process group receiving Ctrl-C).
setsid /usr/bin/python3 "$root/scripts/demo.py" --seconds 60 --out "$tmp/b" > "$tmp/b.log" 2>&1 &
pid=$!
for _ in $(seq 100); do has "$tmp/b.log" '^--- +2\.0 s' && break; sleep 0.2; done
children=$(ps -o pid= --ppid "$pid" | tr -s ' \n' ' ')
for c in $children; do children="$children $(ps -o pid= --ppid "$c" | tr -s ' \n' ' ')"; done
kill -INT "$pid"
waited=0
while kill -0 "$pid" 2>/dev/null && [ $waited -lt 300 ]; do sleep 0.1; waited=$((waited + 1)); done
wait "$pid"
code=$?
cat "$tmp/b.log"
check "SIGINT: exits 0" test $code -eq 0
check "SIGINT: ends within 30 s" test $waited -lt 300
check "SIGINT: had descendants (weirctl, weir-worker, ffmpeg x3)" \
  test "$(wc -w <<< "$children")" -ge 5
left=""
for c in $children; do kill -0 "$c" 2>/dev/null && left="$left $c"; done
check "SIGINT: no child left ($children)" test -z "$left"
check "SIGINT: says it was interrupted" has "$tmp/b.log" '^interrupted'
check "SIGINT: summary of the recording" has "$tmp/b.log" '^VP8 .*decodes cleanly'

if [ $failures -ne 0 ]; then echo "demo_test: $failures failure(s)"; exit 1; fi
echo "demo_test: ok"
