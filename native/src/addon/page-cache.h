// Dropping a file's pages from the operating system's cache, for benchmarks only: the cold-tier benchmark reads
// expert files from the device, as a cold tier is read, rather than from memory.
#pragma once

#include <napi.h>

namespace litellm::addon {

void RegisterPageCache(Napi::Env env, Napi::Object exports);

}  // namespace litellm::addon
