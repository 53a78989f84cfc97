// Self-test of the CPU kernels (native/src/cpu): bit-identical results across ISA paths, thread counts and
// tilings, each checked against a direct evaluation of its definition, and exp_js against V8's Math.exp.
// Usage: selftest [--no-bench] [--exp-file PATH] [--ts-cases PATH]. Exits 1 on any mismatch.

#include <cstdio>
#include <cstring>
#include <string>

#include "cpu/kernels.h"
#include "selftest-support.h"

namespace selftest {
// selftest-router.cc: route_rows, rope_rows, SHA-256, SplitMix64; and the TypeScript cases in ts-cases.mjs's
// second file (PATH.router).
void test_router(Tally& tally);
int check_router_cases(Tally& tally, const char* path);
}  // namespace selftest

int main(int argc, char** argv) {
  bool bench = true;
  const char* expFile = nullptr;
  const char* tsCases = nullptr;
  for (int a = 1; a < argc; a++) {
    if (std::strcmp(argv[a], "--no-bench") == 0) {
      bench = false;
    } else if (std::strcmp(argv[a], "--exp-file") == 0 && a + 1 < argc) {
      expFile = argv[++a];
    } else if (std::strcmp(argv[a], "--ts-cases") == 0 && a + 1 < argc) {
      tsCases = argv[++a];
    } else {
      std::fprintf(stderr, "usage: selftest [--no-bench] [--exp-file PATH] [--ts-cases PATH]\n");
      return 2;
    }
  }
  const litellm::cpu::Isa best = litellm::cpu::best_isa();
  std::printf("best ISA: %s\n", litellm::cpu::isa_name(best));

  selftest::Tally tally;
  selftest::test_exp(tally);
  selftest::test_matmul(tally);
  selftest::test_expert_ffn(tally);
  selftest::test_attention_and_norm(tally);
  selftest::test_router(tally);
  if (expFile != nullptr) {
    const int mismatches = selftest::check_exp_file(expFile);
    tally.checks++;
    if (mismatches != 0) tally.failures++;
  }
  if (tsCases != nullptr && selftest::check_ts_cases(tally, tsCases) < 0) tally.fail("TypeScript cases unreadable");
  if (tsCases != nullptr && selftest::check_router_cases(tally, (std::string(tsCases) + ".router").c_str()) < 0) {
    tally.fail("TypeScript routing cases unreadable");
  }
  std::printf("selftest: %ld checks, %ld failures, ISAs up to %s\n", tally.checks, tally.failures,
              litellm::cpu::isa_name(best));
  if (bench) selftest::bench_matmul();
  return tally.failures == 0 ? 0 : 1;
}
