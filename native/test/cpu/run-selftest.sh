#!/usr/bin/env bash
# Builds the CPU kernels with their self-test and runs it. With node on PATH, exp_js is also compared with
# Math.exp on a seeded sample of arguments, and (when the repository's tsx is installed) every kernel is compared
# with cases computed by the TypeScript reference kernels. Extra arguments go to the self-test (e.g. --no-bench).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
src="$root/native/src"
out="${SELFTEST_BUILD_DIR:-$(mktemp -d)}"
mkdir -p "$out"
flags=(-Wall -Wextra -Werror -O2 -std=c++17 -ffp-contract=off -fno-fast-math -pthread)
g++ "${flags[@]}" -I"$src" -I"$root/native/test/common" "$src"/cpu/*.cc "$here"/*.cc -o "$out/selftest"
args=("$@")
if command -v node >/dev/null 2>&1; then
  node "$here/exp-cases.mjs" 200000 >"$out/exp-cases.txt"
  args+=(--exp-file "$out/exp-cases.txt")
  if [ -d "$root/node_modules/tsx" ]; then
    (cd "$root" && node --import tsx native/test/cpu/ts-cases.mjs "$out/ts-cases.bin")
    args+=(--ts-cases "$out/ts-cases.bin")
  fi
fi
"$out/selftest" "${args[@]}"
