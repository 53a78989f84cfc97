// Equivalence suites of gpu-check that live outside gpu-check.cu (check-matmul.cu, check-router.cu).
#pragma once

#include "check-support.h"

namespace litellm::check {

// matmul_rows over many shapes (rows 1..64 and 512, odd sizes, misaligned pointers), every tiling.
void check_matmul(Report& report, int hostThreads);

// expert_ffn_runs over run layouts (empty runs, gaps, 1..64 and 512 rows), d 32/64/1024, dFF 64/4096, every tiling.
void check_expert_ffn(Report& report, int hostThreads);

// route_rows over hierarchies with tied candidates at every level (duplicated router rows, zero hidden rows, scores
// of +-inf), k up to the whole level and past the thread-local selection arrays. `emulated` skips the large shapes.
void check_route(Report& report, bool emulated);

// rope_rows over head shapes, positions up to maxSeq - 1 and tables with extreme values. `emulated` as above.
void check_rope(Report& report, bool emulated);

}  // namespace litellm::check
