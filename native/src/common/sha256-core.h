// SHA-256 (FIPS 180-4 §6.2) for the routing tie-break stream keys, one implementation for the CPU backend and the
// CUDA kernels (host and device). A stream key is the first 8 bytes of the digest read big-endian
// (numeric/stream-key.ts). Labels are short and hashed one at a time by whichever thread meets a tie, so the message
// is padded on the fly (FIPS 180-4 §5.1.1) instead of being copied into a padded buffer.
#pragma once

#include <cstdint>

#include "common/host-device.h"

namespace litellm::common {

// FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
LITELLM_HOST_DEVICE inline uint32_t sha256_round_constant(int i) {
  constexpr uint32_t kRound[64] = {
      0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u, 0x923f82a4u, 0xab1c5ed5u,
      0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u,
      0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
      0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u, 0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u,
      0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u, 0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u,
      0xa2bfe8a1u, 0xa81a664bu, 0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
      0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
      0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u, 0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u};
  return kRound[i];
}

LITELLM_HOST_DEVICE inline uint32_t sha256_rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

// The length of the padded message (FIPS 180-4 §5.1.1): room for the 0x80 marker and the 64-bit length, rounded up
// to whole 64-byte blocks.
LITELLM_HOST_DEVICE inline uint64_t sha256_padded_bytes(uint64_t n) { return ((n + 8u) / 64u + 1u) * 64u; }

// Byte i of the padded message: the message, then 0x80, zeros, and the bit length as a 64-bit big-endian integer.
LITELLM_HOST_DEVICE inline uint32_t sha256_padded_byte(const unsigned char* msg, uint64_t n, uint64_t i,
                                                       uint64_t paddedBytes) {
  if (i < n) return msg[i];
  if (i == n) return 0x80u;
  const uint64_t fromEnd = paddedBytes - 1 - i;  // 0 is the last byte
  if (fromEnd < 8) return static_cast<uint32_t>((n * 8u) >> (8 * fromEnd)) & 0xffu;
  return 0u;
}

// FIPS 180-4 §6.2.2: the message schedule of one block (w[0..16) its big-endian words) and the 64 rounds, added
// into the hash value h.
LITELLM_HOST_DEVICE inline void sha256_compress(uint32_t h[8], uint32_t w[64]) {
  LITELLM_UNROLL
  for (int t = 16; t < 64; t++) {
    const uint32_t s0 = sha256_rotr(w[t - 15], 7) ^ sha256_rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
    const uint32_t s1 = sha256_rotr(w[t - 2], 17) ^ sha256_rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
    w[t] = w[t - 16] + s0 + w[t - 7] + s1;
  }
  uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
  LITELLM_UNROLL
  for (int t = 0; t < 64; t++) {
    const uint32_t sum1 = sha256_rotr(e, 6) ^ sha256_rotr(e, 11) ^ sha256_rotr(e, 25);
    const uint32_t choose = (e & f) ^ (~e & g);
    const uint32_t t1 = hh + sum1 + choose + sha256_round_constant(t) + w[t];
    const uint32_t sum0 = sha256_rotr(a, 2) ^ sha256_rotr(a, 13) ^ sha256_rotr(a, 22);
    const uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
    const uint32_t t2 = sum0 + majority;
    hh = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  h[0] += a;
  h[1] += b;
  h[2] += c;
  h[3] += d;
  h[4] += e;
  h[5] += f;
  h[6] += g;
  h[7] += hh;
}

// The final hash value H(N) of SHA-256(msg[0..n)) as eight words; the digest is their big-endian bytes.
LITELLM_HOST_DEVICE inline void sha256_words(const unsigned char* msg, uint64_t n, uint32_t h[8]) {
  // FIPS 180-4 §5.3.3: the initial hash value.
  h[0] = 0x6a09e667u;
  h[1] = 0xbb67ae85u;
  h[2] = 0x3c6ef372u;
  h[3] = 0xa54ff53au;
  h[4] = 0x510e527fu;
  h[5] = 0x9b05688cu;
  h[6] = 0x1f83d9abu;
  h[7] = 0x5be0cd19u;
  const uint64_t paddedBytes = sha256_padded_bytes(n);
  for (uint64_t block = 0; block < paddedBytes; block += 64) {
    uint32_t w[64];
    for (int t = 0; t < 16; t++) {
      uint32_t word = 0;
      for (int b = 0; b < 4; b++) {
        word = (word << 8) | sha256_padded_byte(msg, n, block + static_cast<uint64_t>(4 * t + b), paddedBytes);
      }
      w[t] = word;
    }
    sha256_compress(h, w);
  }
}

// The first 64 bits (big-endian) of SHA-256(msg[0..n)): the stream key of the label msg.
LITELLM_HOST_DEVICE inline uint64_t sha256_first64(const unsigned char* msg, uint64_t n) {
  uint32_t h[8];
  sha256_words(msg, n, h);
  return (static_cast<uint64_t>(h[0]) << 32) | h[1];
}

}  // namespace litellm::common
