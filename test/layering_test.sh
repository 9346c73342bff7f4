#!/usr/bin/env bash
# Fails when a layer includes something it must not (DESIGN.md "Top-level layout"):
#   base <- proto <- engine <- sfu <- channel; only io/ and app/ touch libuv; only channel/ and
#   app/ see generated FlatBuffers code; nothing below io/ reads a clock.
set -u
src="$1/worker/src"
fail=0
check() {  # layer, forbidden regex, why
  local hits
  hits=$(grep -rnE "$2" "$src/$1" 2>/dev/null)
  if [ -n "$hits" ]; then
    echo "layering: $1/ $3:"; echo "$hits"; fail=1
  fi
}
clock='(steady_clock|system_clock|high_resolution_clock)::now|clock_gettime|gettimeofday|uv_now|uv_hrtime|[^_]time\(nullptr\)'
for layer in base proto engine sfu; do
  check $layer '#include [<"]uv\.h[">]' "includes libuv"
  check $layer '_generated\.h"' "includes generated FlatBuffers code"
  check $layer "$clock" "reads a clock"
done
check base '#include "(proto|engine|sfu|channel|io|deps|app)/' "includes a higher layer"
check proto '#include "(engine|sfu|channel|io|deps|app)/' "includes a higher layer"
check engine '#include "(sfu|channel|io|app)/' "includes a higher layer"
check sfu '#include "(channel|io|deps|app)/' "includes a higher layer"
check channel '#include "(io|app)/' "includes an edge"
check channel '#include [<"]uv\.h[">]' "includes libuv"
check io '_generated\.h"' "includes generated FlatBuffers code"
check io '#include "(channel|app)/' "includes channel/app"
[ $fail -eq 0 ] && echo "layering: ok"
exit $fail
