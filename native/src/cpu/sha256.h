// SHA-256 (FIPS 180-4 §6.2) over a byte string: the hash behind the stream keys of the routing tie-break streams.
#pragma once

#include <cstddef>
#include <cstdint>

namespace litellm::cpu {

// digest = SHA-256(data[0 .. size)), 32 bytes.
void sha256(const uint8_t* data, size_t size, uint8_t digest[32]);

// The key of the stream named `label` (UTF-8 bytes): the first 8 bytes of SHA-256(label), big-endian.
uint64_t stream_key(const char* label, size_t size);

}  // namespace litellm::cpu
