// Device exp and SiLU that reproduce the TypeScript reference bit for bit. Math.exp in V8 is fdlibm's e_exp.c
// (V8 src/base/ieee754.cc): reduce x = k*ln2 + r with ln2 split into a high and a low part, approximate exp(r) with
// the degree-5 Remez polynomial, then scale by 2^k. CUDA's own exp() is a different algorithm and differs in the
// last bit, so it must not be used. Every binary64 operation below is an explicit round-to-nearest intrinsic so
// that the compiler can neither contract a multiply-add into an FMA nor reorder anything.
#pragma once

#include <cstdint>

#include <cuda_runtime.h>

namespace litellm::cuda {

__device__ __forceinline__ double exp_js(double x) {
  const double o_threshold = 7.09782712893383973096e+02;   // 0x40862E42 FEFA39EF
  const double u_threshold = -7.45133219101941108420e+02;  // 0xC0874910 D52D3051
  const double ln2HI = 6.93147180369123816490e-01;         // 0x3FE62E42 FEE00000
  const double ln2LO = 1.90821492927058770002e-10;         // 0x3DEA39EF 35793C76
  const double invln2 = 1.44269504088896338700e+00;        // 0x3FF71547 652B82FE
  const double P1 = 1.66666666666666019037e-01;
  const double P2 = -2.77777777770155933842e-03;
  const double P3 = 6.61375632143793436117e-05;
  const double P4 = -1.65339022054652515390e-06;
  const double P5 = 4.13813679705723846039e-08;
  const double E = 2.718281828459045;                       // V8 answers exp(1) with this constant
  const double twom1000 = 9.33263618503218878990e-302;      // 2^-1000
  const double two1023 = 8.988465674311579539e307;          // 2^1023

  uint32_t hx = static_cast<uint32_t>(__double2hiint(x));
  const int xsb = static_cast<int>(hx >> 31);
  hx &= 0x7fffffffu;
  double hi = 0.0;
  double lo = 0.0;
  int k = 0;

  if (hx >= 0x40862E42u) {  // |x| >= 709.78...: non-finite, overflow or underflow
    if (hx >= 0x7ff00000u) {
      const uint32_t lx = static_cast<uint32_t>(__double2loint(x));
      if (((hx & 0xfffffu) | lx) != 0) return __dadd_rn(x, x);  // NaN
      return xsb == 0 ? x : 0.0;                                 // exp(+inf) = inf, exp(-inf) = 0
    }
    if (x > o_threshold) return __longlong_as_double(0x7ff0000000000000LL);
    if (x < u_threshold) return 0.0;
  }

  if (hx > 0x3FD62E42u) {    // |x| > 0.5 ln2
    if (hx < 0x3FF0A2B2u) {  // and |x| < 1.5 ln2: k = +-1
      if (x == 1.0) return E;
      hi = __dsub_rn(x, xsb == 0 ? ln2HI : -ln2HI);
      lo = xsb == 0 ? ln2LO : -ln2LO;
      k = 1 - xsb - xsb;
    } else {
      k = __double2int_rz(__dadd_rn(__dmul_rn(invln2, x), xsb == 0 ? 0.5 : -0.5));
      const double t = static_cast<double>(k);
      hi = __dsub_rn(x, __dmul_rn(t, ln2HI));  // exact: t*ln2HI has trailing zero bits
      lo = __dmul_rn(t, ln2LO);
    }
    x = __dsub_rn(hi, lo);
  } else if (hx < 0x3E300000u) {  // |x| < 2^-28
    return __dadd_rn(1.0, x);
  }

  const double t = __dmul_rn(x, x);
  const uint32_t scale = k >= -1021 ? static_cast<uint32_t>(k) : static_cast<uint32_t>(k + 1000);
  const double twopk = __hiloint2double(static_cast<int>(0x3ff00000u + (scale << 20)), 0);
  double poly = __dadd_rn(P4, __dmul_rn(t, P5));
  poly = __dadd_rn(P3, __dmul_rn(t, poly));
  poly = __dadd_rn(P2, __dmul_rn(t, poly));
  poly = __dadd_rn(P1, __dmul_rn(t, poly));
  const double c = __dsub_rn(x, __dmul_rn(t, poly));
  const double xc = __dmul_rn(x, c);
  if (k == 0) return __dsub_rn(1.0, __dsub_rn(__ddiv_rn(xc, __dsub_rn(c, 2.0)), x));
  const double y = __dsub_rn(1.0, __dsub_rn(__dsub_rn(lo, __ddiv_rn(xc, __dsub_rn(2.0, c))), hi));
  if (k >= -1021) {
    if (k == 1024) return __dmul_rn(__dmul_rn(y, 2.0), two1023);
    return __dmul_rn(y, twopk);
  }
  return __dmul_rn(__dmul_rn(y, twopk), twom1000);
}

// silu(z) = z / (1 + exp(-z)): binary64 exp, then each step rounded to binary32 (kernels.ts silu).
__device__ __forceinline__ float silu_js(float z) {
  const float e = __double2float_rn(exp_js(-static_cast<double>(z)));
  const float den = __fadd_rn(1.0f, e);
  return __fdiv_rn(z, den);
}

}  // namespace litellm::cuda
