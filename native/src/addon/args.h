// Argument checks for the Node-API functions: each accessor records the first problem and returns a harmless value,
// so a function reads all its arguments, then answers one E_INTERNAL error instead of touching memory.
#pragma once

#include <napi.h>

#include <cmath>
#include <cstdint>
#include <string>

#include "cpu/kernels.h"

namespace litellm::addon {

class Args {
 public:
  Args(const Napi::CallbackInfo& info, size_t expected) : info_(info) {
    if (info.Length() != expected) reject("expected " + std::to_string(expected) + " arguments");
  }

  bool failed() const { return !problem_.empty(); }

  void reject(const std::string& problem) {
    if (problem_.empty()) problem_ = problem;
  }

  /** Throws the recorded problem as an Error with code E_INTERNAL; returns undefined for the caller to return. */
  Napi::Value fail() const {
    Napi::Error error = Napi::Error::New(info_.Env(), "native kernel refused its arguments: " + problem_);
    error.Set("code", Napi::String::New(info_.Env(), "E_INTERNAL"));
    error.ThrowAsJavaScriptException();
    return info_.Env().Undefined();
  }

  double number(size_t i) {
    if (i >= info_.Length() || !info_[i].IsNumber()) {
      reject("argument " + std::to_string(i) + " must be a number");
      return 0;
    }
    return info_[i].As<Napi::Number>().DoubleValue();
  }

  /** A non-negative integer below 2^30 (counts, offsets, dimensions), so that sums of products fit in int64. */
  int64_t count(size_t i) {
    const double value = number(i);
    if (!(value >= 0 && value < 1073741824.0 && std::floor(value) == value)) {
      reject("argument " + std::to_string(i) + " must be an integer in [0, 2^30)");
      return 0;
    }
    return static_cast<int64_t>(value);
  }

  litellm::cpu::Isa isa(size_t i) {
    const int64_t value = count(i);
    if (value > static_cast<int64_t>(litellm::cpu::best_isa())) {
      reject("instruction set " + std::to_string(value) + " is not available on this processor");
      return litellm::cpu::Isa::Scalar;
    }
    return static_cast<litellm::cpu::Isa>(value);
  }

  /** Element count of the typed array at i (0 when it is not one; the accessor then records the problem). */
  int64_t length(size_t i) {
    if (i >= info_.Length() || !info_[i].IsTypedArray()) return 0;
    return static_cast<int64_t>(info_[i].As<Napi::TypedArray>().ElementLength());
  }

  /** Base of the Float32Array at i, after checking that elements [offset, offset + count) exist. */
  float* floats(size_t i, int64_t offset, int64_t count) {
    return typed<float>(i, napi_float32_array, "Float32Array", offset, count);
  }

  const int32_t* ints(size_t i) { return typed<int32_t>(i, napi_int32_array, "Int32Array", 0, 0); }

  /** Writable bases of typed arrays at i holding at least `count` elements. */
  int32_t* ints(size_t i, int64_t count) { return typed<int32_t>(i, napi_int32_array, "Int32Array", 0, count); }
  uint32_t* uints(size_t i, int64_t count) { return typed<uint32_t>(i, napi_uint32_array, "Uint32Array", 0, count); }
  double* doubles(size_t i, int64_t count) { return typed<double>(i, napi_float64_array, "Float64Array", 0, count); }

  std::string text(size_t i) {
    if (i >= info_.Length() || !info_[i].IsString()) {
      reject("argument " + std::to_string(i) + " must be a string");
      return std::string();
    }
    return info_[i].As<Napi::String>().Utf8Value();
  }

 private:
  template <typename T>
  T* typed(size_t i, napi_typedarray_type type, const char* name, int64_t offset, int64_t count) {
    static T none{};
    if (i >= info_.Length() || !info_[i].IsTypedArray() || info_[i].As<Napi::TypedArray>().TypedArrayType() != type) {
      reject("argument " + std::to_string(i) + " must be a " + name);
      return &none;
    }
    Napi::TypedArray array = info_[i].As<Napi::TypedArray>();
    const int64_t length = static_cast<int64_t>(array.ElementLength());
    if (offset < 0 || count < 0 || offset > length || count > length - offset) {
      reject("argument " + std::to_string(i) + " is too short for the requested range");
      return &none;
    }
    auto* bytes = static_cast<uint8_t*>(array.ArrayBuffer().Data()) + array.ByteOffset();
    return reinterpret_cast<T*>(bytes);
  }

  const Napi::CallbackInfo& info_;
  std::string problem_;
};

}  // namespace litellm::addon
