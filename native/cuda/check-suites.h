// Equivalence suites of gpu-check that live outside gpu-check.cu (check-matmul.cu).
#pragma once

#include "check-support.h"

namespace litellm::check {

// matmul_rows over many shapes (rows 1..64 and 512, odd sizes, misaligned pointers), every tiling.
void check_matmul(Report& report, int hostThreads);

// expert_ffn_runs over run layouts (empty runs, gaps, 1..64 and 512 rows), d 32/64/1024, dFF 64/4096, every tiling.
void check_expert_ffn(Report& report, int hostThreads);

}  // namespace litellm::check
