// Self-test of route_rows, rope_rows, SHA-256 and SplitMix64: FIPS 180-4 test vectors, agreement of route_rows
// across ISAs and row splits, and the routing/RoPE cases computed by TypeScript (ts-cases.mjs, file OUT.router).

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "common/splitmix64.h"
#include "cpu/kernels.h"
#include "cpu/sha256.h"
#include "selftest-support.h"

namespace selftest {

namespace {

using litellm::cpu::Isa;
using litellm::cpu::RouteShape;

const Isa kIsas[] = {Isa::Scalar, Isa::Avx2, Isa::Avx512};
bool isa_available(Isa isa) { return static_cast<int>(isa) <= static_cast<int>(litellm::cpu::best_isa()); }

template <typename T>
bool same_bits(T a, T b) {
  return std::memcmp(&a, &b, sizeof a) == 0 || (a != a && b != b);
}

// Records one comparison of n values (integers or binary64, NaN matching NaN); prints the first mismatch.
template <typename T>
bool compare_values(Tally& tally, const char* what, const T* expected, const T* actual, size_t n) {
  tally.checks++;
  for (size_t k = 0; k < n; k++) {
    if (!same_bits(expected[k], actual[k])) {
      if (tally.failures < 20) {
        std::printf("MISMATCH %s at %zu: expected %.17g, got %.17g\n", what, k, static_cast<double>(expected[k]),
                    static_cast<double>(actual[k]));
      }
      tally.failures++;
      return false;
    }
  }
  return true;
}

std::string hex(const uint8_t* bytes, size_t n) {
  std::string s;
  char two[3];
  for (size_t i = 0; i < n; i++) {
    std::snprintf(two, sizeof two, "%02x", bytes[i]);
    s += two;
  }
  return s;
}

void test_sha256(Tally& tally) {
  struct Vector {
    std::string message;
    const char* digest;
  };
  // FIPS 180-4 example messages (one block, empty, two blocks, 896 bits) and one million 'a'.
  const Vector vectors[] = {
      {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
      {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
       "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
       "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
      {std::string(1000000, 'a'), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
  };
  for (const Vector& v : vectors) {
    uint8_t digest[32];
    litellm::cpu::sha256(reinterpret_cast<const uint8_t*>(v.message.data()), v.message.size(), digest);
    tally.checks++;
    if (hex(digest, 32) != v.digest) {
      tally.fail(("sha256 of a " + std::to_string(v.message.size()) + "-byte message").c_str());
    }
  }
}

void test_splitmix64(Tally& tally) {
  // Output 0 of the stream keyed 0 is the well-known first SplitMix64 value of seed 0; the test-data generator is
  // the same stream read sequentially.
  tally.checks++;
  if (litellm::common::splitmix64_output(0, 0) != 0xe220a8397b1dcdafull) tally.fail("splitmix64 output 0 of key 0");
  SplitMix64 rng(0x0123456789abcdefull);
  for (uint64_t i = 0; i < 100; i++) {
    if (rng.next() != litellm::common::splitmix64_output(0x0123456789abcdefull, i)) {
      tally.fail("splitmix64 stream against the sequential generator");
      break;
    }
  }
}

struct Routing {
  std::vector<int32_t> tier, group, expert;
  std::vector<uint32_t> id;
  std::vector<double> gate;
  explicit Routing(size_t n) : tier(n), group(n), expert(n), id(n), gate(n) {}
};

void compare_routing(Tally& tally, const char* what, const Routing& want, const Routing& got) {
  compare_values(tally, what, want.tier.data(), got.tier.data(), want.tier.size());
  compare_values(tally, what, want.group.data(), got.group.data(), want.group.size());
  compare_values(tally, what, want.expert.data(), got.expert.data(), want.expert.size());
  compare_values(tally, what, want.id.data(), got.id.data(), want.id.size());
  compare_values(tally, what, want.gate.data(), got.gate.data(), want.gate.size());
}

// Every ISA, whole batch (split across threads) and row by row, gives the scalar whole-batch result.
void test_route_consistency(Tally& tally) {
  SplitMix64 rng(0x5eed0011);
  const RouteShape s{24, 4, 6, 9, 2, 3, 4};
  const int64_t rows = 37, slots = s.kTier * s.kGroup * s.kExpert;
  // Coarse weights make equal scores common.
  auto coarse = [&rng](size_t n) {
    std::vector<float> v(n);
    for (float& x : v) x = static_cast<float>(rng.below(5) - 2) * 0.5f;
    return v;
  };
  const std::vector<float> wt = coarse(s.tiers * s.d), wg = coarse(s.tiers * s.groupsPerTier * s.d);
  const std::vector<float> we = coarse(s.tiers * s.groupsPerTier * s.expertsPerGroup * s.d);
  const std::vector<float> a = coarse(rows * s.d);
  Routing want(static_cast<size_t>(rows * slots));
  litellm::cpu::route_rows(Isa::Scalar, s, wt.data(), wg.data(), we.data(), "7004", 3, a.data(), rows,
                           want.tier.data(), want.group.data(), want.expert.data(), want.id.data(), want.gate.data());
  for (Isa isa : kIsas) {
    if (!isa_available(isa)) continue;
    Routing whole(want.tier.size()), single(want.tier.size());
    litellm::cpu::route_rows(isa, s, wt.data(), wg.data(), we.data(), "7004", 3, a.data(), rows, whole.tier.data(),
                             whole.group.data(), whole.expert.data(), whole.id.data(), whole.gate.data());
    compare_routing(tally, "route_rows across ISAs", want, whole);
    for (int64_t r = 0; r < rows; r++) {
      const size_t o = static_cast<size_t>(r * slots);
      litellm::cpu::route_rows(isa, s, wt.data(), wg.data(), we.data(), "7004", 3, a.data() + r * s.d, 1,
                               single.tier.data() + o, single.group.data() + o, single.expert.data() + o,
                               single.id.data() + o, single.gate.data() + o);
    }
    compare_routing(tally, "route_rows row by row", want, single);
  }
}

void test_rope(Tally& tally) {
  SplitMix64 rng(0x5eed0012);
  const int64_t heads = 3, dHead = 10, half = dHead / 2, maxSeq = 9, rows = 6;
  const std::vector<float> cosTable = ordinary_floats(rng, maxSeq * half, 1.0);
  const std::vector<float> sinTable = ordinary_floats(rng, maxSeq * half, 1.0);
  const std::vector<float> x = awkward_floats(rng, rows * heads * dHead);
  std::vector<int32_t> positions(rows);
  for (int32_t& p : positions) p = static_cast<int32_t>(rng.below(maxSeq));
  std::vector<float> want(x), got(x);
  for (int64_t r = 0; r < rows; r++) {
    for (int64_t h = 0; h < heads; h++) {
      for (int64_t j = 0; j < half; j++) {
        const float c = cosTable[positions[r] * half + j], s = sinTable[positions[r] * half + j];
        const size_t i = static_cast<size_t>((r * heads + h) * dHead + 2 * j);
        const float p0 = x[i] * c, p1 = x[i + 1] * s, p2 = x[i] * s, p3 = x[i + 1] * c;
        want[i] = p0 - p1;
        want[i + 1] = p2 + p3;
      }
    }
  }
  litellm::cpu::rope_rows(got.data(), rows, positions.data(), cosTable.data(), sinTable.data(), heads, dHead);
  tally.compare("rope_rows against its definition", want.data(), got.data(), want.size());
}


// Reads the cases written by ts-router-cases.mjs.
struct CaseReader {
  std::FILE* file;
  bool ok = true;
  int32_t int32() {
    int32_t v = 0;
    if (std::fread(&v, sizeof v, 1, file) != 1) ok = false;
    return v;
  }
  template <typename T>
  std::vector<T> values(int64_t n) {
    std::vector<T> v(static_cast<size_t>(n > 0 ? n : 0));
    if (n > 0 && std::fread(v.data(), sizeof(T), v.size(), file) != v.size()) ok = false;
    return v;
  }
  std::string text(int64_t n) {
    const std::vector<char> bytes = values<char>(n);
    return std::string(bytes.begin(), bytes.end());
  }
};

void replay_route(Tally& tally, CaseReader& in) {
  RouteShape s{};
  s.d = in.int32();
  s.tiers = in.int32();
  s.groupsPerTier = in.int32();
  s.expertsPerGroup = in.int32();
  s.kTier = in.int32();
  s.kGroup = in.int32();
  s.kExpert = in.int32();
  const int64_t layer = in.int32(), rows = in.int32();
  const std::string seed = in.text(in.int32());
  const int64_t T = s.tiers, TG = T * s.groupsPerTier, TGE = TG * s.expertsPerGroup;
  const std::vector<float> wt = in.values<float>(T * s.d), wg = in.values<float>(TG * s.d);
  const std::vector<float> we = in.values<float>(TGE * s.d), a = in.values<float>(rows * s.d);
  const int64_t n = rows * s.kTier * s.kGroup * s.kExpert;
  Routing want(static_cast<size_t>(n));
  want.tier = in.values<int32_t>(n);
  want.group = in.values<int32_t>(n);
  want.expert = in.values<int32_t>(n);
  want.id = in.values<uint32_t>(n);
  want.gate = in.values<double>(n);
  if (!in.ok) return;
  for (Isa isa : kIsas) {
    if (!isa_available(isa)) continue;
    Routing got(static_cast<size_t>(n));
    litellm::cpu::route_rows(isa, s, wt.data(), wg.data(), we.data(), seed.c_str(), layer, a.data(), rows,
                             got.tier.data(), got.group.data(), got.expert.data(), got.id.data(), got.gate.data());
    compare_routing(tally, isa == Isa::Scalar ? "ts routeRows (scalar)" : "ts routeRows (simd)", want, got);
  }
}

void replay_rope(Tally& tally, CaseReader& in) {
  const int64_t heads = in.int32(), dHead = in.int32(), maxSeq = in.int32(), rows = in.int32();
  const std::vector<int32_t> positions = in.values<int32_t>(rows);
  const std::vector<float> cosTable = in.values<float>(maxSeq * (dHead / 2));
  const std::vector<float> sinTable = in.values<float>(maxSeq * (dHead / 2));
  std::vector<float> x = in.values<float>(rows * heads * dHead);
  const std::vector<float> out = in.values<float>(rows * heads * dHead);
  if (!in.ok) return;
  litellm::cpu::rope_rows(x.data(), rows, positions.data(), cosTable.data(), sinTable.data(), heads, dHead);
  tally.compare("ts RopeTable.applyRow", out.data(), x.data(), out.size());
}

void replay_splitmix(Tally& tally, CaseReader& in) {
  const uint64_t key = (uint64_t{static_cast<uint32_t>(in.int32())} << 32) | static_cast<uint32_t>(in.int32());
  const int64_t count = in.int32();
  const std::vector<uint32_t> halves = in.values<uint32_t>(2 * count);
  if (!in.ok) return;
  std::vector<uint64_t> want(static_cast<size_t>(count)), got(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; i++) {
    const size_t h = static_cast<size_t>(2 * i);
    want[static_cast<size_t>(i)] = (uint64_t{halves[h]} << 32) | halves[h + 1];
    got[static_cast<size_t>(i)] = litellm::common::splitmix64_output(key, static_cast<uint64_t>(i));
  }
  compare_values(tally, "ts streamOutputInto", want.data(), got.data(), want.size());
}

void replay_stream_key(Tally& tally, CaseReader& in) {
  const std::string label = in.text(in.int32());
  const std::vector<uint32_t> halves = in.values<uint32_t>(2);
  if (!in.ok) return;
  const uint64_t want = (uint64_t{halves[0]} << 32) | halves[1];
  const uint64_t got = litellm::cpu::stream_key(label.data(), label.size());
  compare_values(tally, "ts streamKey", &want, &got, 1);
}

}  // namespace

void test_router(Tally& tally) {
  test_sha256(tally);
  test_splitmix64(tally);
  test_route_consistency(tally);
  test_rope(tally);
}

int check_router_cases(Tally& tally, const char* path) {
  CaseReader in{std::fopen(path, "rb")};
  if (in.file == nullptr || in.int32() != 0x4C4C5231) {
    std::printf("cannot read TypeScript routing cases from %s\n", path);
    if (in.file != nullptr) std::fclose(in.file);
    return -1;
  }
  const long failuresBefore = tally.failures;
  int cases = 0;
  for (;;) {
    const int32_t kind = in.int32();
    if (!in.ok) break;
    cases++;
    if (kind == 5) {
      replay_route(tally, in);
    } else if (kind == 6) {
      replay_rope(tally, in);
    } else if (kind == 7) {
      replay_splitmix(tally, in);
    } else if (kind == 8) {
      replay_stream_key(tally, in);
    } else {
      in.ok = false;
    }
    if (!in.ok) {
      std::printf("malformed TypeScript routing case %d in %s\n", cases, path);
      std::fclose(in.file);
      return -1;
    }
  }
  std::fclose(in.file);
  std::printf("TypeScript routing/RoPE cases: %d replayed, %ld mismatches\n", cases, tally.failures - failuresBefore);
  return static_cast<int>(tally.failures - failuresBefore);
}

}  // namespace selftest
