#!/usr/bin/env bash
# `cmake --install` into a temporary prefix, then a project outside the tree finds Weir with
# find_package(Weir), links Weir::controller, and spawns the installed worker.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${WEIR_BUILD:-$here/../../build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/prefix"

cmake --install "$build" --prefix "$prefix" > "$tmp/install.log"
for f in bin/weir-worker bin/weirctl lib/libweir-controller.a include/weir/controller.hpp \
         include/weir/worker.hpp share/weir/schema/message.fbs share/weir/schema/message.bfbs \
         share/weir/schema/worker.fbs share/weir/schema/README.md lib/cmake/Weir/WeirConfig.cmake \
         lib/cmake/Weir/WeirConfigVersion.cmake lib/cmake/Weir/WeirTargets.cmake; do
  [ -e "$prefix/$f" ] || { echo "install_test: $f was not installed" >&2; exit 1; }
done
# No private header leaks into the installed include tree.
if find "$prefix/include" -name '*.hpp' | xargs grep -l 'detail/\|weir/fbs/' >/dev/null; then
  echo "install_test: an installed header includes a private one" >&2; exit 1
fi

# The installed weirctl finds the installed worker beside it.
echo '{"method":"worker.dump"}' | env -u WEIR_WORKER_PATH "$prefix/bin/weirctl" > "$tmp/ctl.out"
grep -q '"accepted":true' "$tmp/ctl.out"

gen=(); command -v ninja >/dev/null && gen=(-G Ninja)
# A sanitized Weir (scripts/build --asan) is a static library with instrumented objects: its
# consumer links with the same compiler and sanitizer runtimes.
cache() { sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt"; }
extra=()
if [ "$(cache WEIR_SANITIZE)" = ON ]; then
  extra=(-DCMAKE_CXX_COMPILER="$(cache CMAKE_CXX_COMPILER)"
         -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined")
fi
cmake -S "$here/consumer" -B "$tmp/consumer" "${gen[@]}" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$prefix" ${extra[@]+"${extra[@]}"} > "$tmp/configure.log" \
  || { cat "$tmp/configure.log"; exit 1; }
cmake --build "$tmp/consumer" > "$tmp/build.log" || { cat "$tmp/build.log"; exit 1; }
"$tmp/consumer/consumer"
echo "install_test: ok"
