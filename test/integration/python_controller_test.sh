#!/usr/bin/env bash
# controller/examples/python/controller.py, a controller written from the schema alone, drives a
# real worker: worker.running, a router, the dumps, the closes, exit 0.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export WEIR_BUILD=${WEIR_BUILD:-$here/../../build}
out=$(timeout 60 /usr/bin/python3 "$here/../../controller/examples/python/controller.py")
echo "$out"
grep -q '^worker.running: version ' <<< "$out"
grep -q "^worker.dump: .*routerIds \['py-router'\]" <<< "$out"
grep -q '^router.dump: id py-router, transports 0$' <<< "$out"
grep -q '^worker exited with code 0$' <<< "$out"
echo "python_controller_test: ok"
