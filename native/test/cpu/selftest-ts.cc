// Cases computed by the TypeScript reference kernels (written by ts-cases.mjs), replayed through every ISA path
// and thread count: the direct check that the native kernels agree with TypeScript bit for bit.

#include <cstdio>
#include <vector>

#include "cpu/kernels.h"
#include "selftest-support.h"

namespace selftest {

namespace {

using litellm::cpu::Isa;

struct Reader {
  std::FILE* file;
  bool ok = true;
  int32_t int32() {
    int32_t v = 0;
    if (std::fread(&v, sizeof v, 1, file) != 1) ok = false;
    return v;
  }
  std::vector<float> floats(int64_t n) {
    std::vector<float> v(static_cast<size_t>(n));
    if (n > 0 && std::fread(v.data(), sizeof(float), v.size(), file) != v.size()) ok = false;
    return v;
  }
};

bool isa_available(Isa isa) { return static_cast<int>(isa) <= static_cast<int>(litellm::cpu::best_isa()); }

const Isa kIsas[] = {Isa::Scalar, Isa::Avx2, Isa::Avx512};

void replay_matmul(Tally& tally, Reader& in) {
  const int64_t outDim = in.int32(), inDim = in.int32(), rows = in.int32();
  const std::vector<float> W = in.floats(outDim * inDim), X = in.floats(rows * inDim), Y = in.floats(rows * outDim);
  for (Isa isa : kIsas) {
    if (!isa_available(isa)) continue;
    std::vector<float> actual(Y.size());
    litellm::cpu::matmul_rows(isa, W.data(), outDim, inDim, X.data(), rows, actual.data());
    tally.compare(isa == Isa::Scalar ? "ts matmulRows (scalar)" : "ts matmulRows (simd)", Y.data(), actual.data(),
                  Y.size());
  }
}

void replay_attention(Tally& tally, Reader& in) {
  const int64_t heads = in.int32(), dHead = in.int32(), firstPos = in.int32(), count = in.int32();
  const int64_t firstRow = in.int32();
  const int64_t d = heads * dHead;
  const std::vector<float> q = in.floats((firstRow + count) * d), keys = in.floats((firstPos + count) * d);
  const std::vector<float> values = in.floats((firstPos + count) * d), out = in.floats((firstRow + count) * d);
  std::vector<float> actual(out.size(), 0.0f);
  litellm::cpu::attend_causal(q.data(), firstRow, count, firstPos, keys.data(), values.data(), heads, dHead,
                              actual.data());
  tally.compare("ts attendCausal", out.data(), actual.data(), out.size());
}

void replay_rmsnorm(Tally& tally, Reader& in) {
  const int64_t rows = in.int32(), d = in.int32();
  const std::vector<float> x = in.floats(rows * d), w = in.floats(d), out = in.floats(rows * d);
  std::vector<float> actual(out.size());
  litellm::cpu::rmsnorm_rows(x.data(), rows, d, w.data(), actual.data());
  tally.compare("ts rmsNormRows", out.data(), actual.data(), out.size());
}

// One expert's weights, the rows split into runs of 1, 2, 3, ... rows of that same expert.
void replay_ffn(Tally& tally, Reader& in) {
  const int64_t d = in.int32(), dFF = in.int32(), rows = in.int32();
  const std::vector<float> w1 = in.floats(dFF * d), w3 = in.floats(dFF * d), w2 = in.floats(d * dFF);
  const std::vector<float> X = in.floats(rows * d), Y = in.floats(rows * d);
  std::vector<int32_t> expert, start, count;
  for (int32_t first = 0, n = 1; first < rows; first += n, n++) {
    expert.push_back(0);
    start.push_back(first);
    count.push_back(static_cast<int32_t>(rows - first < n ? rows - first : n));
  }
  for (Isa isa : kIsas) {
    if (!isa_available(isa)) continue;
    for (int threads = 1; threads <= 2; threads++) {
      std::vector<float> actual(Y.size());
      litellm::cpu::expert_ffn_runs(isa, w1.data(), w3.data(), w2.data(), d, dFF, X.data(), expert.data(),
                                    start.data(), count.data(), static_cast<int64_t>(expert.size()), actual.data(),
                                    threads);
      tally.compare("ts ffnRows", Y.data(), actual.data(), Y.size());
    }
  }
}

}  // namespace

int check_ts_cases(Tally& tally, const char* path) {
  Reader in{std::fopen(path, "rb")};
  if (in.file == nullptr || in.int32() != 0x4C4C4331) {
    std::printf("cannot read TypeScript cases from %s\n", path);
    if (in.file != nullptr) std::fclose(in.file);
    return -1;
  }
  const long failuresBefore = tally.failures;
  int cases = 0;
  for (;;) {
    const int32_t kind = in.int32();
    if (!in.ok) break;
    cases++;
    if (kind == 1) {
      replay_matmul(tally, in);
    } else if (kind == 2) {
      replay_attention(tally, in);
    } else if (kind == 3) {
      replay_rmsnorm(tally, in);
    } else if (kind == 4) {
      replay_ffn(tally, in);
    } else {
      in.ok = false;
    }
    if (!in.ok) {
      std::printf("malformed TypeScript case %d in %s\n", cases, path);
      std::fclose(in.file);
      return -1;
    }
  }
  std::fclose(in.file);
  std::printf("TypeScript reference cases: %d replayed, %ld mismatches\n", cases, tally.failures - failuresBefore);
  return static_cast<int>(tally.failures - failuresBefore);
}

}  // namespace selftest
