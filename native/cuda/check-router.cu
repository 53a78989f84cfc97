// Equivalence suites of route_rows and rope_rows: the CUDA kernels against the CPU backend (litellm::cpu, scalar
// path), bit for bit. Router weights carry duplicated rows and some hidden rows are zero or drive scores to +inf, so
// equal scores occur at every level and the tie keys (SHA-256 labels, SplitMix64 streams) decide the order. This
// file has no kernel launches, so the CPU-only emulation (native/scripts/cuda-emulate-check.sh) runs it too.
#include <string>
#include <vector>

#include "check-suites.h"
#include "check-support.h"
#include "cpu/kernels.h"
#include "router.cuh"

namespace litellm::check {
namespace {

namespace lc = litellm::cuda;
namespace cpu = litellm::cpu;

// Exact comparison of integer outputs, recorded like compare().
template <class T>
void compare_exact(Report& report, const std::string& kernel, const std::string& name, const std::vector<T>& got,
                   const std::vector<T>& want) {
  Equivalence e{kernel, name, static_cast<int64_t>(want.size()), 0, ""};
  for (size_t i = 0; i < want.size(); i++) {
    if (got[i] == want[i]) continue;
    if (e.mismatches++ == 0) {
      e.firstMismatch = "index " + std::to_string(i) + ": got " + std::to_string(got[i]) + " want " +
                        std::to_string(want[i]);
    }
  }
  if (e.mismatches != 0) {
    std::printf("MISMATCH %s %s: %lld of %zu (%s)\n", kernel.c_str(), name.c_str(),
                static_cast<long long>(e.mismatches), want.size(), e.firstMismatch.c_str());
  }
  report.equivalence.push_back(e);
}

struct RouteCase {
  int64_t d, T, G, E, kT, kG, kE, rows, layer;
  const char* seed;
  bool infinities;  // tier rows 0 and 1 of huge weights: scores of +-inf (ties at infinity, NaN gates)
  bool gpuOnly;  // too large for the emulation's one-std::thread-per-CUDA-thread runtime
};

// Copies about a third of the rows of w [n][d] from the row before, so candidates under one parent tie.
void duplicate_rows(std::vector<float>& w, int64_t n, int64_t d, SplitMix64& rng) {
  for (int64_t i = 1; i < n; i++) {
    if (rng.below(3) != 0) continue;
    for (int64_t j = 0; j < d; j++) w[static_cast<size_t>(i * d + j)] = w[static_cast<size_t>((i - 1) * d + j)];
  }
}

void route_case(Report& report, const RouteCase& c, uint64_t seed) {
  SplitMix64 rng(seed);
  const int64_t groups = c.T * c.G;
  const int64_t experts = groups * c.E;
  std::vector<float> tierW = random_floats(static_cast<size_t>(c.T * c.d), seed + 1, false);
  std::vector<float> groupW = random_floats(static_cast<size_t>(groups * c.d), seed + 2, false);
  std::vector<float> expertW = random_floats(static_cast<size_t>(experts * c.d), seed + 3, false);
  std::vector<float> a = random_floats(static_cast<size_t>(c.rows * c.d), seed + 4, false);
  duplicate_rows(tierW, c.T, c.d, rng);
  duplicate_rows(groupW, groups, c.d, rng);
  duplicate_rows(expertW, experts, c.d, rng);
  // Tier rows 0 and 1 of huge positive weights: a hidden row of ones scores +inf on both.
  if (c.infinities && c.T >= 2) {
    for (int64_t j = 0; j < 2 * c.d; j++) tierW[static_cast<size_t>(j)] = 1e38f;
  }
  for (int64_t r = 0; r < c.rows; r++) {
    float* row = a.data() + r * c.d;
    if (r % 5 == 2) std::fill(row, row + c.d, 0.0f);  // every score +0: the tie keys alone rank the candidates
    if (r % 7 == 3) std::fill(row, row + c.d, 1.0f);
  }
  const int64_t slots = c.kT * c.kG * c.kE;
  const size_t n = static_cast<size_t>(c.rows * slots);
  std::vector<int32_t> wantTier(n), wantGroup(n), wantExpert(n);
  std::vector<uint32_t> wantId(n);
  std::vector<double> wantGate(n);
  const cpu::RouteShape cpuShape{c.d, c.T, c.G, c.E, c.kT, c.kG, c.kE};
  cpu::route_rows(cpu::Isa::Scalar, cpuShape, tierW.data(), groupW.data(), expertW.data(), c.seed, c.layer, a.data(),
                  c.rows, wantTier.data(), wantGroup.data(), wantExpert.data(), wantId.data(), wantGate.data());

  DeviceBuffer<float> dTier(tierW.size()), dGroup(groupW.size()), dExpert(expertW.size()), dA(a.size());
  dTier.upload(tierW);
  dGroup.upload(groupW);
  dExpert.upload(expertW);
  dA.upload(a);
  DeviceBuffer<int32_t> oTier(n), oGroup(n), oExpert(n);
  DeviceBuffer<uint32_t> oId(n);
  DeviceBuffer<double> oGate(n);
  oTier.poison();
  oGroup.poison();
  oExpert.poison();
  oId.poison();
  oGate.poison();
  const lc::RouteShape shape{c.d, c.T, c.G, c.E, c.kT, c.kG, c.kE};
  cuda_ok(lc::route_rows(shape, dTier.get(), dGroup.get(), dExpert.get(), c.seed, c.layer, dA.get(), c.rows,
                         oTier.get(), oGroup.get(), oExpert.get(), oId.get(), oGate.get()),
          "route_rows");
  const std::string name = "T=" + std::to_string(c.T) + " G=" + std::to_string(c.G) + " E=" + std::to_string(c.E) +
                           " k=" + std::to_string(c.kT) + "/" + std::to_string(c.kG) + "/" + std::to_string(c.kE) +
                           " d=" + std::to_string(c.d) + " rows=" + std::to_string(c.rows) + " seed=" + c.seed +
                           " layer=" + std::to_string(c.layer);
  compare_exact(report, "route_rows", name + " tier", oTier.download(n), wantTier);
  compare_exact(report, "route_rows", name + " group", oGroup.download(n), wantGroup);
  compare_exact(report, "route_rows", name + " expert", oExpert.download(n), wantExpert);
  compare_exact(report, "route_rows", name + " id", oId.download(n), wantId);
  const std::vector<double> gotGate = oGate.download(n);
  compare(report, "route_rows", name + " gate", gotGate.data(), wantGate.data(), n);
}

struct RopeCase {
  int64_t heads, dHead, rows, maxSeq;
  bool extreme, gpuOnly;
};

void rope_case(Report& report, const RopeCase& c, uint64_t seed) {
  const int64_t half = c.dHead / 2;
  const size_t n = static_cast<size_t>(c.rows * c.heads * c.dHead);
  const std::vector<float> x = random_floats(n, seed, c.extreme);
  const std::vector<float> cosTable = random_floats(static_cast<size_t>(c.maxSeq * half), seed + 1, c.extreme);
  const std::vector<float> sinTable = random_floats(static_cast<size_t>(c.maxSeq * half), seed + 2, c.extreme);
  SplitMix64 rng(seed + 3);
  std::vector<int32_t> positions(static_cast<size_t>(c.rows));
  for (auto& p : positions) p = static_cast<int32_t>(rng.below(c.maxSeq));
  if (c.rows > 1) positions[1] = static_cast<int32_t>(c.maxSeq - 1);
  std::vector<float> want = x;
  cpu::rope_rows(want.data(), c.rows, positions.data(), cosTable.data(), sinTable.data(), c.heads, c.dHead);

  DeviceBuffer<float> dx(n), dCos(cosTable.size()), dSin(sinTable.size());
  DeviceBuffer<int32_t> dPos(positions.size());
  dx.upload(x);
  dCos.upload(cosTable);
  dSin.upload(sinTable);
  dPos.upload(positions);
  cuda_ok(lc::rope_rows(dx.get(), c.rows, dPos.get(), dCos.get(), dSin.get(), c.heads, c.dHead), "rope_rows");
  const std::vector<float> got = dx.download(n);
  const std::string name = "heads=" + std::to_string(c.heads) + " dHead=" + std::to_string(c.dHead) +
                           " rows=" + std::to_string(c.rows) + (c.extreme ? " extreme" : "");
  compare(report, "rope_rows", name, got.data(), want.data(), n);
}

}  // namespace

void check_route(Report& report, bool emulated) {
  const RouteCase cases[] = {
      {32, 2, 2, 4, 1, 2, 2, 7, 0, "0", false, false},                     // the builtin model's hierarchy
      {64, 4, 4, 8, 2, 2, 3, 65, 3, "12345678901234567890", false, false},  // two blocks of threads
      {40, 4, 3, 5, 2, 2, 2, 15, 6, "5", true, false},                      // scores of +-inf
      {33, 3, 5, 7, 3, 5, 7, 13, 17, "42", false, false},                   // k = count at every level
      {16, 8, 16, 64, 2, 3, 48, 9, 1, "7", false, false},                   // k sum 53: the device-scratch path
      {1, 1, 1, 1, 1, 1, 1, 3, 2, "1", false, false},
      {1024, 16, 8, 8, 4, 2, 2, 512, 11, "18446744073709551615", false, true},
      {256, 4, 16, 32, 2, 4, 8, 1000, 5, "99", false, true},
  };
  uint64_t seed = 0x7007e;
  for (const RouteCase& c : cases) {
    if (emulated && c.gpuOnly) continue;
    route_case(report, c, seed);
    seed += 16;
  }
  // Every ranking decided by tie keys alone, for several seeds and layers: all hidden rows zero is covered above; a
  // device that hashed a label differently would reorder these.
  for (const char* routingSeed : {"3", "1000000007", "2718281828"}) {
    route_case(report, RouteCase{8, 4, 4, 4, 2, 2, 2, 10, 9, routingSeed, false, false}, seed);
    seed += 16;
  }
}

void check_rope(Report& report, bool emulated) {
  const RopeCase cases[] = {
      {4, 16, 7, 32, false, false}, {3, 2, 5, 3, false, false},   {1, 130, 33, 100, true, false},
      {2, 8, 1, 1, false, false},   {8, 64, 512, 4096, false, true}, {32, 128, 64, 8192, true, true},
  };
  uint64_t seed = 0x2095e;
  for (const RopeCase& c : cases) {
    if (emulated && c.gpuOnly) continue;
    rope_case(report, c, seed);
    seed += 8;
  }
}

}  // namespace litellm::check
