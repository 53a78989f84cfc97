#include "addon/blas.h"

#include <dlfcn.h>

#include <string>

#include "addon/args.h"

namespace litellm::addon {
namespace {

// CBLAS constants (the C interface to the BLAS, row-major order and transpose flags).
constexpr int kRowMajor = 101;
constexpr int kNoTrans = 111;
constexpr int kTrans = 112;

using SgemmFn = void (*)(int, int, int, int, int, int, float, const float*, int, const float*, int, float, float*, int);
using SetThreadsFn = void (*)(int);

struct Blas {
  void* handle = nullptr;
  SgemmFn sgemm = nullptr;
  SetThreadsFn setThreads = nullptr;
  std::string path;
};

Blas& blas() {
  static Blas instance;
  return instance;
}

// blasLoad(): the path of the library loaded, or null when none of the candidates could be opened.
Napi::Value BlasLoad(const Napi::CallbackInfo& info) {
  Blas& b = blas();
  if (b.handle == nullptr) {
    for (const char* candidate : {"libopenblas.so.0", "libopenblas.so", "libopenblasp.so.0"}) {
      void* handle = dlopen(candidate, RTLD_NOW | RTLD_LOCAL);
      if (handle == nullptr) continue;
      auto sgemm = reinterpret_cast<SgemmFn>(dlsym(handle, "cblas_sgemm"));
      if (sgemm == nullptr) {
        dlclose(handle);
        continue;
      }
      b.handle = handle;
      b.sgemm = sgemm;
      b.setThreads = reinterpret_cast<SetThreadsFn>(dlsym(handle, "openblas_set_num_threads"));
      b.path = candidate;
      break;
    }
  }
  if (b.handle == nullptr) return info.Env().Null();
  return Napi::String::New(info.Env(), b.path);
}

// blasSgemmRows(W, outDim, inDim, X, rows, Y, threads): Y[rows, outDim] = X[rows, inDim] · W[outDim, inDim]^T.
Napi::Value BlasSgemmRows(const Napi::CallbackInfo& info) {
  Args a(info, 7);
  const int64_t outDim = a.count(1), inDim = a.count(2), rows = a.count(4), threads = a.count(6);
  const float* W = a.floats(0, 0, outDim * inDim);
  const float* X = a.floats(3, 0, rows * inDim);
  float* Y = a.floats(5, 0, rows * outDim);
  if (threads < 1 || threads > 64) a.reject("threads must be in 1..64");
  if (blas().sgemm == nullptr) a.reject("OpenBLAS is not loaded (call blasLoad first)");
  if (a.failed()) return a.fail();
  if (blas().setThreads != nullptr) blas().setThreads(static_cast<int>(threads));
  blas().sgemm(kRowMajor, kNoTrans, kTrans, static_cast<int>(rows), static_cast<int>(outDim), static_cast<int>(inDim), 1.0f,
               X, static_cast<int>(inDim), W, static_cast<int>(inDim), 0.0f, Y, static_cast<int>(outDim));
  return info.Env().Undefined();
}

}  // namespace

void RegisterBlas(Napi::Env env, Napi::Object exports) {
  exports.Set("blasLoad", Napi::Function::New(env, BlasLoad));
  exports.Set("blasSgemmRows", Napi::Function::New(env, BlasSgemmRows));
}

}  // namespace litellm::addon
