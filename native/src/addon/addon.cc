// The Node-API surface of the native kernels. TypeScript (reference/src/native/) validates every argument before
// calling; the checks here only stop a call that would read or write outside its arrays, and answer it with a
// JavaScript error whose code is E_INTERNAL (SPEC-007) rather than touching memory. Nothing here aborts the process.

#include <napi.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "addon/args.h"
#include "addon/blas.h"
#include "addon/page-cache.h"
#include "cpu/kernels.h"

namespace {

using litellm::addon::Args;
using litellm::cpu::Isa;

Napi::Value BestIsa(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), litellm::cpu::isa_name(litellm::cpu::best_isa()));
}

Napi::Value AvailableIsas(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int best = static_cast<int>(litellm::cpu::best_isa());
  Napi::Array out = Napi::Array::New(env, static_cast<size_t>(best) + 1);
  for (int i = 0; i <= best; i++) out.Set(static_cast<uint32_t>(i), litellm::cpu::isa_name(static_cast<Isa>(i)));
  return out;
}

// matmulRows(isa, W, wOffset, outDim, inDim, X, xOffset, rows, Y, yOffset)
Napi::Value MatmulRows(const Napi::CallbackInfo& info) {
  Args a(info, 10);
  const Isa isa = a.isa(0);
  const int64_t wOffset = a.count(2), outDim = a.count(3), inDim = a.count(4), xOffset = a.count(6), rows = a.count(7),
                yOffset = a.count(9);
  const float* W = a.floats(1, wOffset, outDim * inDim);
  const float* X = a.floats(5, xOffset, rows * inDim);
  float* Y = a.floats(8, yOffset, rows * outDim);
  if (a.failed()) return a.fail();
  litellm::cpu::matmul_rows(isa, W + wOffset, outDim, inDim, X + xOffset, rows, Y + yOffset);
  return info.Env().Undefined();
}

// The arguments of expert_ffn_runs, checked.
struct FfnCall {
  Isa isa = Isa::Scalar;
  const float* w1 = nullptr;
  const float* w3 = nullptr;
  const float* w2 = nullptr;
  int64_t d = 0, dFF = 0, runs = 0;
  const float* X = nullptr;
  const int32_t* runExpert = nullptr;
  const int32_t* runStart = nullptr;
  const int32_t* runCount = nullptr;
  float* Y = nullptr;
  int threads = 1;

  void run() const { litellm::cpu::expert_ffn_runs(isa, w1, w3, w2, d, dFF, X, runExpert, runStart, runCount, runs, Y, threads); }
};

// Reads and checks (isa, w1, w3, w2, d, dFF, X, runExpert, runStart, runCount, Y, threads); false after recording a problem.
bool ReadFfnCall(Args& a, FfnCall& call) {
  call.isa = a.isa(0);
  const int64_t d = a.count(4), dFF = a.count(5), threads = a.count(11);
  const int32_t* runExpert = a.ints(7);
  const int32_t* runStart = a.ints(8);
  const int32_t* runCount = a.ints(9);
  const int64_t runs = a.length(7);
  if (a.length(8) != runs || a.length(9) != runs) a.reject("run arrays differ in length");
  const int64_t expertSize = d * dFF;
  const int64_t experts = expertSize == 0 ? 0 : a.length(1) / expertSize;
  if (a.length(2) != a.length(1) || a.length(3) != a.length(1)) a.reject("w1, w3 and w2 differ in length");
  const int64_t total = d == 0 ? 0 : a.length(6) / d;
  if (a.length(10) != a.length(6)) a.reject("X and Y differ in length");
  for (int64_t r = 0; r < runs && !a.failed(); r++) {
    if (runExpert[r] < 0 || runExpert[r] >= experts) a.reject("run expert out of range");
    if (runStart[r] < 0 || runCount[r] < 0 || int64_t{runStart[r]} + runCount[r] > total) a.reject("run rows out of range");
  }
  if (threads < 1 || threads > 2) a.reject("threads must be 1 or 2");
  call.w1 = a.floats(1, 0, 0);
  call.w3 = a.floats(2, 0, 0);
  call.w2 = a.floats(3, 0, 0);
  call.X = a.floats(6, 0, 0);
  call.Y = a.floats(10, 0, 0);
  call.d = d;
  call.dFF = dFF;
  call.runs = runs;
  call.runExpert = runExpert;
  call.runStart = runStart;
  call.runCount = runCount;
  call.threads = static_cast<int>(threads);
  return !a.failed();
}

// expertFfnRuns(isa, w1, w3, w2, d, dFF, X, runExpert, runStart, runCount, Y, threads): on the calling thread.
Napi::Value ExpertFfnRuns(const Napi::CallbackInfo& info) {
  Args a(info, 12);
  FfnCall call;
  if (!ReadFfnCall(a, call)) return a.fail();
  call.run();
  return info.Env().Undefined();
}

// Runs an FfnCall on the libuv pool, holding references to its arrays until it settles its promise.
class FfnWorker : public Napi::AsyncWorker {
 public:
  FfnWorker(Napi::Env env, const FfnCall& call, const Napi::CallbackInfo& info)
      : Napi::AsyncWorker(env), call_(call), deferred_(Napi::Promise::Deferred::New(env)) {
    for (size_t i : {1, 2, 3, 6, 7, 8, 9, 10}) held_.push_back(Napi::Persistent(info[i].As<Napi::Object>()));
  }
  Napi::Promise promise() const { return deferred_.Promise(); }
  void Execute() override { call_.run(); }
  void OnOK() override { deferred_.Resolve(Env().Undefined()); }
  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  FfnCall call_;
  Napi::Promise::Deferred deferred_;
  std::vector<Napi::ObjectReference> held_;
};

// expertFfnRunsAsync(same arguments): a promise settled when the work, done off the JavaScript thread, is finished.
// The caller must leave the arrays alone until then.
Napi::Value ExpertFfnRunsAsync(const Napi::CallbackInfo& info) {
  Args a(info, 12);
  FfnCall call;
  if (!ReadFfnCall(a, call)) return a.fail();
  auto* worker = new FfnWorker(info.Env(), call, info);
  Napi::Promise promise = worker->promise();
  worker->Queue();
  return promise;
}

// rmsnormRows(x, rows, d, w, out)
Napi::Value RmsnormRows(const Napi::CallbackInfo& info) {
  Args a(info, 5);
  const int64_t rows = a.count(1), d = a.count(2);
  const float* x = a.floats(0, 0, rows * d);
  const float* w = a.floats(3, 0, d);
  float* out = a.floats(4, 0, rows * d);
  if (a.failed()) return a.fail();
  litellm::cpu::rmsnorm_rows(x, rows, d, w, out);
  return info.Env().Undefined();
}

// attendCausal(q, firstRow, count, firstPos, keys, values, heads, dHead, out)
Napi::Value AttendCausal(const Napi::CallbackInfo& info) {
  Args a(info, 9);
  const int64_t firstRow = a.count(1), count = a.count(2), firstPos = a.count(3), heads = a.count(6), dHead = a.count(7);
  const int64_t d = heads * dHead;
  const float* q = a.floats(0, firstRow * d, count * d);
  const float* keys = a.floats(4, 0, (firstPos + count) * d);
  const float* values = a.floats(5, 0, (firstPos + count) * d);
  float* out = a.floats(8, firstRow * d, count * d);
  if (a.failed()) return a.fail();
  litellm::cpu::attend_causal(q, firstRow, count, firstPos, keys, values, heads, dHead, out);
  return info.Env().Undefined();
}

// routeRows(isa, [d, T, G, E, kT, kG, kE], routerTier, routerGroup, routerExpert, seed, layer, a, rows,
//           tier, group, expert, id, gate, allowedTiers): allowedTiers empty for every tier, else ascending distinct
//           tiers, at least kT of them.
Napi::Value RouteRows(const Napi::CallbackInfo& info) {
  Args a(info, 15);
  const Isa isa = a.isa(0);
  litellm::cpu::RouteShape s{};
  const int32_t* shape = a.ints(1, 7);
  if (!a.failed()) {
    s = {shape[0], shape[1], shape[2], shape[3], shape[4], shape[5], shape[6]};
    for (int i = 0; i < 7; i++) {
      if (shape[i] < 1 || shape[i] > 65536) a.reject("route shape values must be in 1..65536");
    }
    if (s.kTier > s.tiers || s.kGroup > s.groupsPerTier || s.kExpert > s.expertsPerGroup) a.reject("k exceeds the children of a level");
  }
  const int64_t tierRows = s.tiers, groupRows = tierRows * s.groupsPerTier, expertRows = groupRows * s.expertsPerGroup;
  const float* routerTier = a.floats(2, 0, tierRows * s.d);
  const float* routerGroup = a.floats(3, 0, groupRows * s.d);
  const float* routerExpert = a.floats(4, 0, expertRows * s.d);
  const std::string seed = a.text(5);
  const int64_t layer = a.count(6), rows = a.count(8);
  const float* x = a.floats(7, 0, rows * s.d);
  const int64_t slots = s.kTier * s.kGroup * s.kExpert;
  int32_t* tier = a.ints(9, rows * slots);
  int32_t* group = a.ints(10, rows * slots);
  int32_t* expert = a.ints(11, rows * slots);
  uint32_t* id = a.uints(12, rows * slots);
  double* gate = a.doubles(13, rows * slots);
  const int64_t allowedCount = a.length(14);
  const int32_t* allowed = a.ints(14);
  if (!a.failed() && allowedCount > 0) {
    for (int64_t i = 0; i < allowedCount; i++) {
      if (allowed[i] < 0 || allowed[i] >= s.tiers || (i > 0 && allowed[i] <= allowed[i - 1])) a.reject("allowed tiers must be ascending distinct tiers of the model");
    }
    if (allowedCount < s.kTier) a.reject("fewer allowed tiers than kTier");
    s.allowedTiers = allowed;
    s.allowedCount = allowedCount;
  }
  if (a.failed()) return a.fail();
  litellm::cpu::route_rows(isa, s, routerTier, routerGroup, routerExpert, seed.c_str(), layer, x, rows, tier, group, expert, id, gate);
  return info.Env().Undefined();
}

// ropeRows(x, rows, positions, cosTable, sinTable, heads, dHead)
Napi::Value RopeRows(const Napi::CallbackInfo& info) {
  Args a(info, 7);
  const int64_t rows = a.count(1), heads = a.count(5), dHead = a.count(6);
  if (dHead % 2 != 0) a.reject("dHead must be even");
  float* x = a.floats(0, 0, rows * heads * dHead);
  const int32_t* positions = a.ints(2, rows);
  const int64_t half = dHead / 2;
  const int64_t tableRows = half == 0 ? 0 : a.length(3) / half;
  if (a.length(4) != a.length(3)) a.reject("cos and sin tables differ in length");
  for (int64_t r = 0; r < rows && !a.failed(); r++) {
    if (positions[r] < 0 || positions[r] >= tableRows) a.reject("position outside the RoPE table");
  }
  const float* cosTable = a.floats(3, 0, 0);
  const float* sinTable = a.floats(4, 0, 0);
  if (a.failed()) return a.fail();
  litellm::cpu::rope_rows(x, rows, positions, cosTable, sinTable, heads, dHead);
  return info.Env().Undefined();
}

Napi::Value ExpJs(const Napi::CallbackInfo& info) {
  Args a(info, 1);
  const double x = a.number(0);
  if (a.failed()) return a.fail();
  return Napi::Number::New(info.Env(), litellm::cpu::exp_js(x));
}

Napi::Value Silu(const Napi::CallbackInfo& info) {
  Args a(info, 1);
  const double z = a.number(0);
  if (a.failed()) return a.fail();
  return Napi::Number::New(info.Env(), litellm::cpu::silu(static_cast<float>(z)));
}

// weightStream(keyHi, keyLo, first, scale, out): keyHi and keyLo are the halves of the u64 stream key, first a
// non-negative safe integer, scale a positive power of two; fills every element of out.
Napi::Value WeightStream(const Napi::CallbackInfo& info) {
  Args a(info, 5);
  const double hi = a.number(0), lo = a.number(1), first = a.number(2), scale = a.number(3);
  const auto isU32 = [](double v) { return v >= 0 && v <= 4294967295.0 && std::floor(v) == v; };
  if (!a.failed() && !(isU32(hi) && isU32(lo))) a.reject("key halves must be integers in [0, 2^32)");
  if (!a.failed() && !(first >= 0 && first <= 9007199254740991.0 && std::floor(first) == first)) a.reject("first must be a safe integer");
  if (!a.failed() && !(scale >= 1 && std::isfinite(scale))) a.reject("scale must be finite and at least 1");
  const int64_t count = a.length(4);
  float* out = a.floats(4, 0, count);
  if (a.failed()) return a.fail();
  const uint64_t key = (static_cast<uint64_t>(hi) << 32) | static_cast<uint64_t>(lo);
  litellm::cpu::weight_stream_fill(key, static_cast<uint64_t>(first), scale, out, count);
  return info.Env().Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("bestIsa", Napi::Function::New(env, BestIsa));
  exports.Set("availableIsas", Napi::Function::New(env, AvailableIsas));
  exports.Set("matmulRows", Napi::Function::New(env, MatmulRows));
  exports.Set("expertFfnRuns", Napi::Function::New(env, ExpertFfnRuns));
  exports.Set("expertFfnRunsAsync", Napi::Function::New(env, ExpertFfnRunsAsync));
  exports.Set("rmsnormRows", Napi::Function::New(env, RmsnormRows));
  exports.Set("attendCausal", Napi::Function::New(env, AttendCausal));
  exports.Set("routeRows", Napi::Function::New(env, RouteRows));
  exports.Set("ropeRows", Napi::Function::New(env, RopeRows));
  exports.Set("expJs", Napi::Function::New(env, ExpJs));
  exports.Set("silu", Napi::Function::New(env, Silu));
  exports.Set("weightStream", Napi::Function::New(env, WeightStream));
  litellm::addon::RegisterBlas(env, exports);
  litellm::addon::RegisterPageCache(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(litellm_native, Init)
