// exp_js against Math.exp results of V8 (recorded from Node 20) for hand-picked arguments: both reduction branches,
// |x| < 2^-28, exp(1), the overflow threshold 709.78..., the subnormal range below -708.39 and the underflow
// threshold -745.13..., and the non-finite inputs. check_exp_file compares against a file of further pairs.

#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "cpu/kernels.h"
#include "selftest-support.h"

namespace selftest {

namespace {

struct ExpCase {
  uint64_t x;
  uint64_t expected;
};

const ExpCase kExpCases[] = {
    {0x0000000000000000ull, 0x3ff0000000000000ull},  // 0
    {0x8000000000000000ull, 0x3ff0000000000000ull},  // -0
    {0x3ff0000000000000ull, 0x4005bf0a8b145769ull},  // 1 (V8 returns E itself)
    {0xbff0000000000000ull, 0x3fd78b56362cef38ull},  // -1
    {0x3fe0000000000000ull, 0x3ffa61298e1e069cull},  // 0.5
    {0xbfe0000000000000ull, 0x3fe368b2fc6f960aull},  // -0.5
    {0x4000000000000000ull, 0x401d8e64b8d4ddaeull},  // 2
    {0xc000000000000000ull, 0x3fc152aaa3bf81ccull},  // -2
    {0x4024000000000000ull, 0x40d5829dcf950560ull},  // 10
    {0xc024000000000000ull, 0x3f07cd79b5647c9aull},  // -10
    {0x3fb999999999999aull, 0x3ff1aec7b35a00d4ull},  // 0.1
    {0x3fd62d0e56041893ull, 0x3ff6a03146cf6eadull},  // 0.3465, just below 0.5*ln2
    {0x3fd62e42fefa39efull, 0x3ff6a09e667f3bccull},  // 0.5*ln2
    {0x3fd6666666666666ull, 0x3ff6b4802c805decull},  // 0.35
    {0x3ff0a29c779a6b51ull, 0x4006a07f99728ef9ull},  // 1.0397, just below 1.5*ln2
    {0x3ff0a3d70a3d70a4ull, 0x4006a23c87af69e8ull},  // 1.04
    {0xbff0a3d70a3d70a4ull, 0x3fd69f0062e862feull},  // -1.04
    {0xbff0a2b23f3bab73ull, 0x3fd6a09e667f3bcdull},  // -1.0397207708399179
    {0x400c000000000000ull, 0x40408ec721396bdbull},  // 3.5
    {0x4034000000000000ull, 0x41bceb088b68e804ull},  // 20
    {0x40562e4300000000ull, 0x47f00000417184b8ull},  // 88.72283935546875
    {0x4059000000000000ull, 0x48f3494a9b171bf5ull},  // 100
    {0xc059000000000000ull, 0x36ea8c1f14e2af5dull},  // -100
    {0x4085e00000000000ull, 0x7f0d945df4f8ec8eull},  // 700
    {0x40862e3d70a3d70aull, 0x7fefe9ce5c4c52b4ull},  // 709.78
    {0x40862e42fefa39efull, 0x7fefffffffffff2aull},  // 709.782712893384, the overflow threshold
    {0x40862e42fefa39f0ull, 0x7ff0000000000000ull},  // next double up: +Infinity
    {0xc086231eb851eb85ull, 0x00101a5ff6ed496bull},  // -708.39
    {0xc086233333333333ull, 0x000ff15b469edf89ull},  // -708.4: first subnormal results
    {0xc086280000000000ull, 0x0008bfe55de02338ull},  // -709
    {0xc086800000000000ull, 0x0000000993b4dc95ull},  // -720
    {0xc087200000000000ull, 0x0000000000000055ull},  // -740
    {0xc08748cccccccccdull, 0x0000000000000001ull},  // -745.1
    {0xc0874910d52d3051ull, 0x0000000000000001ull},  // -745.1332191019411, the underflow threshold
    {0xc0874910d52d3052ull, 0x0000000000000000ull},  // next double down: +0
    {0xc087500000000000ull, 0x0000000000000000ull},  // -746
    {0x01a56e1fc2f8f359ull, 0x3ff0000000000000ull},  // 1e-300
    {0x81a56e1fc2f8f359ull, 0x3ff0000000000000ull},  // -1e-300
    {0x0000000000000001ull, 0x3ff0000000000000ull},  // 5e-324
    {0x3e112e0be826d695ull, 0x3ff000000044b830ull},  // 1e-9
    {0xbe112e0be826d695ull, 0x3fefffffff768fa1ull},  // -1e-9
    {0x3e30000000000000ull, 0x3ff0000001000000ull},  // 2^-28
    {0x3e40000000000000ull, 0x3ff0000002000000ull},  // 2^-27
    {0x3cb0000000000000ull, 0x3ff0000000000001ull},  // 2^-52
    {0x3eb0c6f7a0b5ed8dull, 0x3ff000010c6f82d7ull},  // 1e-6
    {0xbfe62e42fefa39efull, 0x3fe0000000000000ull},  // -ln2
    {0x3fe62e42fefa39efull, 0x4000000000000000ull},  // ln2
    {0x3ff62e42fefa39efull, 0x4010000000000000ull},  // 2*ln2
    {0x7ff8000000000000ull, 0x7ff8000000000000ull},  // NaN
    {0x7ff0000000000000ull, 0x7ff0000000000000ull},  // +Infinity
    {0xfff0000000000000ull, 0x0000000000000000ull},  // -Infinity
    {0x7fe1ccf385ebc8a0ull, 0x7ff0000000000000ull},  // 1e308
    {0xffe1ccf385ebc8a0ull, 0x0000000000000000ull},  // -1e308
};

double double_from_bits(uint64_t u) {
  double x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}

uint64_t bits_of_double(double x) {
  uint64_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}

// NaN results compare as a class (any NaN), everything else bit for bit.
bool same_double(uint64_t expected, double actual) {
  const double e = double_from_bits(expected);
  return bits_of_double(actual) == expected || (e != e && actual != actual);
}

}  // namespace

void test_exp(Tally& tally) {
  for (const ExpCase& c : kExpCases) {
    const double actual = litellm::cpu::exp_js(double_from_bits(c.x));
    tally.checks++;
    if (!same_double(c.expected, actual)) {
      tally.failures++;
      std::printf("MISMATCH exp_js(%a): expected 0x%016" PRIx64 ", got 0x%016" PRIx64 "\n", double_from_bits(c.x),
                  c.expected, bits_of_double(actual));
    }
  }
  // silu at its special points: exp(-0) = 1 so silu(+-0) = +-0 / 2; silu(-inf) = -inf / inf = NaN;
  // silu(+inf) = inf / 1; silu(1) = 1 / (1 + binary32(Math.exp(-1))).
  using litellm::cpu::silu;
  const float inf = __builtin_inff();
  const float expMinusOne = static_cast<float>(0.36787944117144233);
  const bool specialsHold = bits_of(silu(0.0f)) == 0u && bits_of(silu(-0.0f)) == 0x80000000u && silu(inf) == inf &&
                            silu(-inf) != silu(-inf) && silu(1.0f) == 1.0f / (1.0f + expMinusOne);
  if (specialsHold) {
    tally.checks++;
  } else {
    tally.fail("silu special values");
  }
}

// Lines "XXXXXXXXXXXXXXXX YYYYYYYYYYYYYYYY": the bits of x and of Math.exp(x), in hex. Returns mismatches, or -1.
int check_exp_file(const char* path) {
  std::FILE* file = std::fopen(path, "r");
  if (file == nullptr) {
    std::printf("cannot open %s\n", path);
    return -1;
  }
  long lines = 0;
  int mismatches = 0;
  unsigned long long x = 0;
  unsigned long long expected = 0;
  while (std::fscanf(file, "%llx %llx", &x, &expected) == 2) {
    lines++;
    const double actual = litellm::cpu::exp_js(double_from_bits(x));
    if (!same_double(expected, actual)) {
      if (mismatches < 20) {
        std::printf("MISMATCH exp_js(%a = 0x%016llx): expected 0x%016llx, got 0x%016" PRIx64 "\n",
                    double_from_bits(x), x, expected, bits_of_double(actual));
      }
      mismatches++;
    }
  }
  std::fclose(file);
  std::printf("exp_js vs Math.exp: %ld values, %d mismatches\n", lines, mismatches);
  return lines == 0 ? -1 : mismatches;
}

}  // namespace selftest
