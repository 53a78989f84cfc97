// CUDA kernels of the forward pass with the arithmetic of the TypeScript reference (reference/src/forward/):
// binary32 values, one correctly rounded operation at a time (__fmul_rn / __fadd_rn / __fdiv_rn / __fsqrt_rn,
// never an FMA), and every reduction owned whole by one thread, summed from +0 in ascending index order. Blocks and
// threads divide the work across output elements, rows and heads only, so results are bit-identical to the TS
// kernels for every batch size and tile choice.
//
// All launchers take device pointers, run asynchronously on `stream`, and return a cudaError_t (cudaSuccess, a
// launch error, or cudaErrorInvalidValue for arguments outside the supported range). They never abort.
#pragma once

#include <cstdint>

#include <cuda_runtime.h>

namespace litellm::cuda {

// Block tilings of the matrix kernels. Auto picks one from the shape and the device's multiprocessor count; the
// others exist so tests can check that every tiling gives the same bits and benchmarks can compare them.
enum class Tiling : int { Auto = 0, Large = 1, Medium = 2, Small = 3, Skinny = 4 };
const char* tiling_name(Tiling tiling);

// The tiling that Auto resolves to for a product with `products` weight matrices (2 for W1 and W3 together) of
// outDim outputs over runs of the given row counts, on the current device.
Tiling auto_tiling(const int32_t* runCount, int64_t runs, int64_t outDim, int products);

// Y[p*outDim + o] = sum_i W[o*inDim + i] * X[p*inDim + i] for p < rows, o < outDim (kernels.ts matmulRows).
cudaError_t matmul_rows(const float* W, int64_t outDim, int64_t inDim, const float* X, int64_t rows, float* Y,
                        cudaStream_t stream = nullptr, Tiling tiling = Tiling::Auto);

// Routed-expert FFN over packed rows (expert-dispatch.ts ffnRows, once per run). Run r sends rows
// runStart[r] .. runStart[r]+runCount[r]-1 of X ([rows, d]) through expert runExpert[r]:
//   U = W1_e x, V = W3_e x (dFF outputs each), H = silu(U) * V, Y = W2_e H (d outputs).
// w1 and w3 are stacked [E][dFF][d], w2 is [E][d][dFF]. The run arrays live in HOST memory (they size the grid).
// U and V are device scratch of at least (max over runs of runStart+runCount) * dFF floats each; on return U holds
// H. Rows of Y that no run covers are left untouched.
cudaError_t expert_ffn_runs(const float* w1, const float* w3, const float* w2, int64_t d, int64_t dFF, const float* X,
                            const int32_t* runExpert, const int32_t* runStart, const int32_t* runCount, int64_t runs,
                            float* Y, float* U, float* V, cudaStream_t stream = nullptr,
                            Tiling tiling = Tiling::Auto);

// u[i] = silu(u[i]) * v[i] for i < n (kernels.ts swiGluInPlace).
cudaError_t swiglu(float* u, const float* v, int64_t n, cudaStream_t stream = nullptr);

// out[p] = RMSNorm(x[p]) * w for p < rows, rows d wide (kernels.ts rmsNormRows, epsilon 2^-20).
cudaError_t rmsnorm_rows(const float* x, int64_t rows, int64_t d, const float* w, float* out,
                         cudaStream_t stream = nullptr);

// attention.ts attendCausal for one sequence: query rows firstRow..firstRow+count-1 of q (row width heads*dHead) at
// positions firstPos.., over keys/values [capacity, heads*dHead] holding positions 0..firstPos+count-1. Writes the
// same rows of out. Scores live in shared memory; when a context is too long for it (or forceGlobalScratch is set,
// for tests) they go to a stream-ordered device allocation instead.
cudaError_t attend_causal(const float* q, int64_t firstRow, int64_t count, int64_t firstPos, const float* keys,
                          const float* values, int64_t heads, int64_t dHead, float* out,
                          cudaStream_t stream = nullptr, bool forceGlobalScratch = false);

// y[i] = exp_js(x[i]) for i < n: exposes the device exp for bit-for-bit tests against V8's Math.exp.
cudaError_t exp_js_batch(const double* x, double* y, int64_t n, cudaStream_t stream = nullptr);

}  // namespace litellm::cuda
