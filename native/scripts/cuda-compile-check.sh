#!/usr/bin/env bash
# Compiles every CUDA source under native/cuda (each .cu), plus the CPU backend's .cc files that gpu-check links as
# its reference, for sm_90 with the project's strict flags, objects into a temporary directory, one line per file.
# Needs no GPU.
# Exit 0 when all compile. Without nvcc it exits 0 with a notice, unless LITELLM_REQUIRE_NVCC is set (CI sets it
# to 1), in which case a missing nvcc is a failure.
set -uo pipefail

native_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=native/scripts/cuda-flags.sh
source "$native_dir/scripts/cuda-flags.sh"
set_check_inputs "$native_dir"

nvcc_bin="$(find_nvcc)"
if [ -z "$nvcc_bin" ]; then
  if [ "${LITELLM_REQUIRE_NVCC+set}" = set ]; then
    echo "cuda-compile-check: FAILED: nvcc not found (\$NVCC, PATH, /usr/local/cuda/bin) and LITELLM_REQUIRE_NVCC is set" >&2
    exit 1
  fi
  echo "cuda-compile-check: skipped: nvcc not found (set LITELLM_REQUIRE_NVCC=1 to make this a failure)"
  exit 0
fi

objects="$(mktemp -d)"
trap 'rm -rf "$objects"' EXIT

# Every .cu and the CPU backend's sources (emulation/ is plain C++ for the CPU-only check, built elsewhere).
mapfile -t sources < <({
  find "$native_dir/cuda" -type f -name '*.cu'
  printf '%s\n' "${LITELLM_CPU_SOURCES[@]}"
} | LC_ALL=C sort)
if [ "${#sources[@]}" -eq 0 ]; then
  echo "cuda-compile-check: FAILED: no sources under $native_dir/cuda" >&2
  exit 1
fi

echo "cuda-compile-check: $("$nvcc_bin" --version | tail -n 1)"
failed=0
for source in "${sources[@]}"; do
  name="native/${source#"$native_dir"/}"
  started=$(date +%s%N)
  if output="$("$nvcc_bin" -arch=sm_90 "${LITELLM_NVCC_FLAGS[@]}" "${LITELLM_CHECK_INCLUDES[@]}" -c "$source" \
      -o "$objects/$(basename "$source").o" 2>&1)"; then
    elapsed_ms=$(( ($(date +%s%N) - started) / 1000000 ))
    printf 'ok    %-36s %3d.%01d s\n' "$name" $((elapsed_ms / 1000)) $((elapsed_ms % 1000 / 100))
  else
    printf 'FAIL  %s\n' "$name"
    printf '%s\n' "$output" | sed 's/^/      /'
    failed=$((failed + 1))
  fi
done

if [ "$failed" -ne 0 ]; then
  echo "cuda-compile-check: $failed of ${#sources[@]} files failed to compile" >&2
  exit 1
fi
echo "cuda-compile-check: all ${#sources[@]} files compile for sm_90"
