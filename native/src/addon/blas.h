// OpenBLAS, loaded at run time when the system has it (Debian: libopenblas0), for benchmarks only: the runtime never
// computes with it, since its reductions do not follow the determinism contract.
#pragma once

#include <napi.h>

namespace litellm::addon {

void RegisterBlas(Napi::Env env, Napi::Object exports);

}  // namespace litellm::addon
