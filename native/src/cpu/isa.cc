// Runtime ISA selection: every variant is compiled into one binary (per-function target attributes), and the
// choice is made here once, from CPUID (__builtin_cpu_supports also checks that the OS saves the wide registers).

#include <cstdlib>
#include <cstring>

#include "isa-support.h"

namespace litellm::cpu {

namespace {

Isa detect_hardware_isa() {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
      __builtin_cpu_supports("avx512bw")) {
    return Isa::Avx512;
  }
  if (__builtin_cpu_supports("avx2")) return Isa::Avx2;
#endif
  return Isa::Scalar;
}

// LITELLM_NATIVE_ISA may only lower the choice (to compare paths or to rule out a suspect one); an unknown value is
// ignored rather than guessed at.
Isa detect_best_isa() {
  const Isa hardware = hardware_isa();
  const char* forced = std::getenv("LITELLM_NATIVE_ISA");
  if (forced == nullptr) return hardware;
  Isa wanted = hardware;
  if (std::strcmp(forced, "scalar") == 0) wanted = Isa::Scalar;
  if (std::strcmp(forced, "avx2") == 0) wanted = Isa::Avx2;
  if (std::strcmp(forced, "avx512") == 0) wanted = Isa::Avx512;
  return static_cast<int>(wanted) < static_cast<int>(hardware) ? wanted : hardware;
}

}  // namespace

Isa hardware_isa() {
  static const Isa isa = detect_hardware_isa();
  return isa;
}

Isa usable_isa(Isa isa) {
  const Isa hardware = hardware_isa();
  return static_cast<int>(isa) < static_cast<int>(hardware) ? isa : hardware;
}

Isa best_isa() {
  static const Isa isa = detect_best_isa();
  return isa;
}

const char* isa_name(Isa isa) {
  switch (isa) {
    case Isa::Avx2:
      return "avx2";
    case Isa::Avx512:
      return "avx512";
    case Isa::Scalar:
      break;
  }
  return "scalar";
}

}  // namespace litellm::cpu
