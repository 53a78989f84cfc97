// exp in binary64 exactly as V8's Math.exp computes it: the fdlibm algorithm (FreeBSD msun e_exp.c) with V8's
// exp(1) == E special case and its overflow to +Infinity. Reduction: x = k*ln2 + r, |r| <= 0.5*ln2, ln2 split into a
// high part with trailing zero bits (so k*ln2hi is exact) and a low part; exp(r) from the Remez rational form
// R(r^2) = r - r^2*(P1 + r^2*(P2 + ...)), exp(r) = 1 + 2r/(2 - R) rearranged; the result is scaled by 2^k.
// Every line is one IEEE binary64 operation per rounding; compiled without FMA contraction it matches V8 exactly.

#include <cstdint>
#include <cstring>

#include "kernels.h"

namespace litellm::cpu {

namespace {

constexpr double kOverflowThreshold = 7.09782712893383973096e+02;    // 0x40862E42 FEFA39EF
constexpr double kUnderflowThreshold = -7.45133219101941108420e+02;  // 0xC0874910 D52D3051
constexpr double kLn2Hi[2] = {6.93147180369123816490e-01, -6.93147180369123816490e-01};  // 0x3FE62E42 FEE00000
constexpr double kLn2Lo[2] = {1.90821492927058770002e-10, -1.90821492927058770002e-10};  // 0x3DEA39EF 35793C76
constexpr double kHalf[2] = {0.5, -0.5};
constexpr double kInvLn2 = 1.44269504088896338700e+00;  // 0x3FF71547 652B82FE
constexpr double kP1 = 1.66666666666666019037e-01;      // 0x3FC55555 5555553E
constexpr double kP2 = -2.77777777770155933842e-03;     // 0xBF66C16C 16BEBD93
constexpr double kP3 = 6.61375632143793436117e-05;      // 0x3F11566A AF25DE2C
constexpr double kP4 = -1.65339022054652515390e-06;     // 0xBEBBBD41 C5D26BF1
constexpr double kP5 = 4.13813679705723846039e-08;      // 0x3E663769 72BEA4D0
constexpr double kE = 2.718281828459045;                // 0x4005BF0A 8B145769, V8 returns it for exp(1)
constexpr double kHuge = 1.0e+300;
constexpr double kTwoM1000 = 9.33263618503218878990e-302;  // 2^-1000
constexpr double kTwo1023 = 8.988465674311579539e307;      // 2^1023

uint64_t bits_of(double x) {
  uint64_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}

double from_high_word(uint32_t high) {
  const uint64_t u = static_cast<uint64_t>(high) << 32;
  double x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}

// The underflow product is written through volatile operands so the compiler cannot fold it away: its value (+0)
// is the same either way, only the floating-point flags it raises would differ.
double underflow_to_zero() {
  volatile double tiny = kTwoM1000;
  return tiny * tiny;
}

}  // namespace

double exp_js(double x) {
  const uint64_t bits = bits_of(x);
  uint32_t hx = static_cast<uint32_t>(bits >> 32);
  const int xsb = static_cast<int>(hx >> 31);
  hx &= 0x7fffffffu;

  if (hx >= 0x40862E42u) {  // |x| >= 709.78...: non-finite, overflow or underflow candidates
    if (hx >= 0x7ff00000u) {
      const uint32_t lx = static_cast<uint32_t>(bits);
      if (((hx & 0xfffffu) | lx) != 0) return x + x;  // NaN
      return xsb == 0 ? x : 0.0;                      // exp(+Inf) = +Inf, exp(-Inf) = +0
    }
    if (x > kOverflowThreshold) return __builtin_inf();
    if (x < kUnderflowThreshold) return underflow_to_zero();
  }

  double hi = 0.0;
  double lo = 0.0;
  int32_t k = 0;
  if (hx > 0x3FD62E42u) {    // |x| > 0.5*ln2: reduce
    if (hx < 0x3FF0A2B2u) {  // and |x| < 1.5*ln2: k = +-1
      if (x == 1.0) return kE;
      hi = x - kLn2Hi[xsb];
      lo = kLn2Lo[xsb];
      k = 1 - xsb - xsb;
    } else {
      k = static_cast<int32_t>(kInvLn2 * x + kHalf[xsb]);
      const double t = k;
      hi = x - t * kLn2Hi[0];  // exact: ln2hi has trailing zero bits
      lo = t * kLn2Lo[0];
    }
    x = hi - lo;
  } else if (hx < 0x3E300000u) {  // |x| < 2^-28: 1 + x is already correctly rounded
    if (kHuge + x > 1.0) return 1.0 + x;
  }

  const double t = x * x;
  const int32_t scaleExponent = k >= -1021 ? k : k + 1000;
  const double twoPk = from_high_word(0x3ff00000u + (static_cast<uint32_t>(scaleExponent) << 20));
  const double c = x - t * (kP1 + t * (kP2 + t * (kP3 + t * (kP4 + t * kP5))));
  if (k == 0) return 1.0 - ((x * c) / (c - 2.0) - x);
  const double y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) {
    if (k == 1024) return y * 2.0 * kTwo1023;
    return y * twoPk;
  }
  return y * twoPk * kTwoM1000;
}

float silu(float z) {
  const float e = static_cast<float>(exp_js(-static_cast<double>(z)));
  const float den = 1.0f + e;
  return z / den;
}

}  // namespace litellm::cpu
