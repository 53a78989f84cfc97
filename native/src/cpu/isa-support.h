// Internal: what the running CPU can execute, and the per-ISA matmul entry points behind matmul_rows.
#pragma once

#include <cstdint>

#include "kernels.h"

namespace litellm::cpu {

// The widest ISA the CPU and OS support, ignoring LITELLM_NATIVE_ISA.
Isa hardware_isa();

// isa, lowered to hardware_isa() when the CPU lacks it, so a caller's request can never fault.
Isa usable_isa(Isa isa);

// matmul_rows per ISA, writing output row p at Y + p*ldY (ldY >= outDim), so a caller can compute a block of
// outputs of every row.
void matmul_rows_scalar(const float* W, int64_t outDim, int64_t inDim, const float* X, int64_t rows, float* Y,
                        int64_t ldY);
void matmul_rows_avx2(const float* W, int64_t outDim, int64_t inDim, const float* X, int64_t rows, float* Y,
                      int64_t ldY);
void matmul_rows_avx512(const float* W, int64_t outDim, int64_t inDim, const float* X, int64_t rows, float* Y,
                        int64_t ldY);

// matmul_rows with an output row stride, dispatched like matmul_rows.
void matmul_rows_strided(Isa isa, const float* W, int64_t outDim, int64_t inDim, const float* X, int64_t rows,
                         float* Y, int64_t ldY);

}  // namespace litellm::cpu
