#!/usr/bin/env bash
# Runs the CUDA kernels' source on CPU threads (no GPU, no nvcc: g++ and Node.js only) and compares every output
# bit for bit with the host reference. See native/cuda/emulation/emulate-check.cc for what it covers.
set -euo pipefail

native_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

node "$native_dir/scripts/cuda-emulate.mjs" "$work/src"
# The emulated runtime must shadow any real <cuda_runtime.h>, so its directory comes first.
"${CXX:-g++}" -std=c++20 -O1 -ffp-contract=off -fno-fast-math -Wall -Wextra -Werror -Wno-unknown-pragmas -pthread \
  -I"$native_dir/cuda/emulation" -I"$work/src" -I"$native_dir/cuda" \
  "$native_dir/cuda/emulation/emulate-check.cc" "$work/src/kernels.cc" "$work/src/norm-attention.cc" \
  "$work/src/host-reference.cc" -o "$work/emulate-check"
"$work/emulate-check"
