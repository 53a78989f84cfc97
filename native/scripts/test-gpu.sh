#!/usr/bin/env bash
# Builds native/cuda/gpu-check for the GPU of this machine (sm_90 plus the device's own architecture), runs it —
# bit-for-bit equivalence of every CUDA kernel with the CPU backend (native/src/cpu), then the cuBLAS benchmark —
# and leaves the log and the JSON report in $OUT (or native/build/gpu-check/ when OUT is unset).
# Exit status: 0 all equal; 1 a mismatch or CUDA error; 2 build failure or no nvcc; 3 no GPU; 124 timed out.
# Options: --build-only builds gpu-check and stops (needs no GPU); other arguments go to gpu-check (--no-bench).
set -uo pipefail

build_only=0
if [ "${1:-}" = --build-only ]; then
  build_only=1
  shift
fi

native_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cuda_dir="$native_dir/cuda"
# shellcheck source=native/scripts/cuda-flags.sh
source "$native_dir/scripts/cuda-flags.sh"
set_check_inputs "$native_dir"

results="${OUT:-$native_dir/build/gpu-check}"
mkdir -p "$results"
log="$results/test-gpu.log"
: >"$log"
say() { echo "$*" | tee -a "$log"; }

if [ "$build_only" -eq 0 ] && { ! command -v nvidia-smi >/dev/null 2>&1 || ! nvidia-smi -L 2>/dev/null | grep -q '^GPU'; }; then
  say "test-gpu: no NVIDIA GPU present (nvidia-smi is missing or lists no GPU); the CUDA check needs one" >&2
  exit 3
fi
nvcc_bin="$(find_nvcc)"
if [ -z "$nvcc_bin" ]; then
  say "test-gpu: nvcc not found (\$NVCC, PATH, /usr/local/cuda/bin); cannot build gpu-check" >&2
  exit 2
fi
if [ "$build_only" -eq 0 ]; then
  nvidia-smi --query-gpu=name,compute_cap,driver_version,memory.total --format=csv 2>&1 | tee -a "$log"
fi
say "nvcc: $("$nvcc_bin" --version | tail -n 1)"

# sm_90 always; the device's own architecture too when it is another one that this nvcc can target.
arch_flags=(-arch=sm_90)
cap="$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader 2>/dev/null | head -n 1 | tr -d ' .\r' || true)"
if [[ "$cap" =~ ^[0-9]+$ ]] && [ "$cap" != 90 ]; then
  if "$nvcc_bin" --list-gpu-arch 2>/dev/null | grep -qx "compute_$cap"; then
    arch_flags+=(-gencode "arch=compute_$cap,code=sm_$cap")
  else
    say "test-gpu: this nvcc cannot target sm_$cap; the device will JIT the compute_90 PTX"
  fi
fi

# cuBLAS is the benchmark's baseline, loaded at run time: a system copy or the one inside Python's nvidia wheels.
if [ -z "${LITELLM_CUBLAS_LIB:-}" ]; then
  for candidate in \
      "$(ldconfig -p 2>/dev/null | awk '/libcublas\.so\.[0-9]+ /{print $NF; exit}')" \
      /usr/local/cuda/lib64/libcublas.so.13 /usr/local/cuda/lib64/libcublas.so.12 \
      "$(python3 -c 'import nvidia.cublas as c, glob, os; print((sorted(glob.glob(os.path.join(list(c.__path__)[0], "lib", "libcublas.so.*"))) or [""])[0])' 2>/dev/null)"; do
    if [ -n "$candidate" ] && [ -f "$candidate" ]; then
      export LITELLM_CUBLAS_LIB="$candidate"
      break
    fi
  done
fi
# cuBLAS's own dependencies (cublasLt, and the runtime for some builds) sit beside it or in sibling wheel folders.
if [ -n "${LITELLM_CUBLAS_LIB:-}" ]; then
  lib_dirs="$(dirname "$LITELLM_CUBLAS_LIB")"
  for extra in "$(dirname "$LITELLM_CUBLAS_LIB")"/../../*/lib /usr/local/cuda/lib64; do
    if [ -d "$extra" ]; then lib_dirs="$lib_dirs:$extra"; fi
  done
  export LD_LIBRARY_PATH="$lib_dirs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
fi
say "cuBLAS library: ${LITELLM_CUBLAS_LIB:-none found (benchmark baseline will be skipped)}"

build="$(mktemp -d)"
trap 'rm -rf "$build"' EXIT
started=$(date +%s)
if ! "$nvcc_bin" "${arch_flags[@]}" "${LITELLM_NVCC_FLAGS[@]}" "${LITELLM_CHECK_INCLUDES[@]}" \
    "$cuda_dir/gpu-check.cu" "$cuda_dir/check-matmul.cu" "$cuda_dir/check-router.cu" "$cuda_dir/gpu-bench.cu" \
    "$cuda_dir/kernels.cu" "$cuda_dir/norm-attention.cu" "$cuda_dir/router.cu" "${LITELLM_CPU_SOURCES[@]}" -o "$build/gpu-check" -ldl 2>&1 | tee -a "$log"; then
  say "test-gpu: FAILED to build gpu-check" >&2
  exit 2
fi
say "test-gpu: built gpu-check in $(($(date +%s) - started)) s"
if [ "$build_only" -eq 1 ]; then
  exit 0
fi

timeout 270 "$build/gpu-check" --json "$results/gpu-check.json" "$@" 2>&1 | tee -a "$log"
status=${PIPESTATUS[0]}
if [ "$status" -eq 124 ]; then
  say "test-gpu: FAILED: gpu-check ran past 270 s" >&2
elif [ "$status" -ne 0 ]; then
  say "test-gpu: FAILED: gpu-check exited with status $status (see $log and $results/gpu-check.json)" >&2
else
  say "test-gpu: passed; log and report in $results"
fi
exit "$status"
