# Sourced by the CUDA scripts: locates nvcc and holds the one set of compiler flags every CUDA build uses.
# The floating-point flags are part of the numeric contract, not tuning: no FMA contraction on the device
# (-fmad=false) or the host (-ffp-contract=off), IEEE division and square root, denormals kept (-ftz=false).

# Prints the nvcc to use, or nothing: $NVCC when set (nothing if it is not an executable), else the PATH's, else
# /usr/local/cuda/bin's.
find_nvcc() {
  if [ -n "${NVCC:-}" ]; then
    if command -v "$NVCC" >/dev/null 2>&1; then command -v "$NVCC"; fi
  elif command -v nvcc >/dev/null 2>&1; then
    command -v nvcc
  elif [ -x /usr/local/cuda/bin/nvcc ]; then
    echo /usr/local/cuda/bin/nvcc
  fi
}

# shellcheck disable=SC2034  # used by the scripts that source this file
LITELLM_NVCC_FLAGS=(
  -std=c++17 -O3
  -ftz=false -prec-div=true -prec-sqrt=true -fmad=false
  -Werror all-warnings
  -Xcompiler -Wall,-Wextra,-Werror,-ffp-contract=off,-fno-fast-math,-pthread
)

# The CUDA checks compare with the CPU backend itself, so every check build links its sources and sees the shared
# test-data header. Sets LITELLM_CHECK_INCLUDES and LITELLM_CPU_SOURCES for the native directory given as $1.
# Those host sources take the host flags above (-ffp-contract=off -fno-fast-math) in every build.
set_check_inputs() {
  # shellcheck disable=SC2034  # used by the scripts that source this file
  LITELLM_CHECK_INCLUDES=(-I"$1/cuda" -I"$1/src" -I"$1/test/common")
  # shellcheck disable=SC2034
  mapfile -t LITELLM_CPU_SOURCES < <(find "$1/src/cpu" -maxdepth 1 -type f -name '*.cc' | LC_ALL=C sort)
}
