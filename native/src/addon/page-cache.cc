// dropPageCache(path): flushes the file's dirty pages (fdatasync) and asks the kernel to drop its cached pages
// (posix_fadvise POSIX_FADV_DONTNEED). Returns true when the advice was taken, false where it is not supported;
// a file that cannot be opened is an E_INTERNAL error. Advice only: correctness never depends on it.

#include "addon/page-cache.h"

#include <fcntl.h>
#include <unistd.h>

#include <string>

namespace litellm::addon {
namespace {

Napi::Value DropPageCache(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 1 || !info[0].IsString()) {
    Napi::Error error = Napi::Error::New(env, "dropPageCache: argument 0 must be a path string");
    error.Set("code", Napi::String::New(env, "E_INTERNAL"));
    error.ThrowAsJavaScriptException();
    return env.Undefined();
  }
  const std::string path = info[0].As<Napi::String>().Utf8Value();
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    Napi::Error error = Napi::Error::New(env, "dropPageCache: cannot open " + path);
    error.Set("code", Napi::String::New(env, "E_INTERNAL"));
    error.ThrowAsJavaScriptException();
    return env.Undefined();
  }
  bool dropped = false;
#if defined(POSIX_FADV_DONTNEED)
  fdatasync(fd);
  dropped = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0;
#endif
  close(fd);
  return Napi::Boolean::New(env, dropped);
}

}  // namespace

void RegisterPageCache(Napi::Env env, Napi::Object exports) {
  exports.Set("dropPageCache", Napi::Function::New(env, DropPageCache));
}

}  // namespace litellm::addon
