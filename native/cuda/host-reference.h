// Plain host C++ versions of the native kernels, written loop for loop from the TypeScript forward pass
// (reference/src/forward/kernels.ts, expert-dispatch.ts, attention.ts). gpu-check compares the CUDA kernels with
// these bit for bit. Build with -ffp-contract=off and without fast math: every float operation must round once.
#pragma once

#include <cstdint>

namespace litellm::hostref {

// fdlibm exp (the algorithm of V8's Math.exp), binary64.
double exp_js(double x);

// z / (1 + exp(-z)) with each step rounded to binary32.
float silu(float z);

// u[i] = silu(u[i]) * v[i].
void swiglu(float* u, const float* v, int64_t n);

// Y[p*outDim + o] = sum over ascending i of W[o*inDim + i] * X[p*inDim + i]. Spreads rows and outputs over up to
// `threads` host threads; each output keeps its own ascending reduction, so the result does not depend on it.
void matmul_rows(const float* W, int64_t outDim, int64_t inDim, const float* X, int64_t rows, float* Y,
                 int threads = 1);

// Routed-expert FFN over packed rows, one run at a time (expert-dispatch.ts ffnRows). w1, w3: [E][dFF][d];
// w2: [E][d][dFF]. U and V are scratch of at least (largest start+count) * dFF floats.
void expert_ffn_runs(const float* w1, const float* w3, const float* w2, int64_t d, int64_t dFF, const float* X,
                     const int32_t* runExpert, const int32_t* runStart, const int32_t* runCount, int64_t runs,
                     float* Y, float* U, float* V, int threads = 1);

// kernels.ts rmsNormRows.
void rmsnorm_rows(const float* x, int64_t rows, int64_t d, const float* w, float* out);

// attention.ts attendCausal for one sequence (keys/values [capacity, heads*dHead]).
void attend_causal(const float* q, int64_t firstRow, int64_t count, int64_t firstPos, const float* keys,
                   const float* values, int64_t heads, int64_t dHead, float* out);

}  // namespace litellm::hostref
