#!/usr/bin/env bash
# Runs the CUDA kernels' source on CPU threads (no GPU, no nvcc: g++ and Node.js only) and compares every output
# bit for bit with the CPU backend (native/src/cpu). See native/cuda/emulation/emulate-check.cc for what it covers.
set -euo pipefail

native_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=native/scripts/cuda-flags.sh
source "$native_dir/scripts/cuda-flags.sh"
set_check_inputs "$native_dir"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

node "$native_dir/scripts/cuda-emulate.mjs" "$work/src"
# The emulated runtime must shadow any real <cuda_runtime.h>, so its directory comes first.
"${CXX:-g++}" -std=c++20 -O1 -ffp-contract=off -fno-fast-math -Wall -Wextra -Werror -Wno-unknown-pragmas -pthread \
  -I"$native_dir/cuda/emulation" -I"$work/src" "${LITELLM_CHECK_INCLUDES[@]}" \
  "$native_dir/cuda/emulation/emulate-check.cc" "$work/src/kernels.cc" "$work/src/norm-attention.cc" \
  "$work/src/router.cc" "$work/src/check-router.cc" \
  "${LITELLM_CPU_SOURCES[@]}" -o "$work/emulate-check"
"$work/emulate-check"
