// Launchers of the matrix kernels (matmul_rows, expert_ffn_runs) and the elementwise ones (swiglu, exp_js_batch).
// The tile kernel itself is in matmul-tile.cuh; this file picks a tiling, groups runs into launches and checks
// every launch. RMSNorm and attention are in norm-attention.cu.
#include <algorithm>
#include <utility>
#include <vector>

#include "exp-js.cuh"
#include "kernels.cuh"
#include "matmul-tile.cuh"

namespace litellm::cuda {
namespace {

using detail::ProductPair;
using detail::RunTable;

struct Run {
  int32_t expert;
  int32_t start;
  int32_t count;
};

struct TileDims {
  int rows;     // BM
  int outputs;  // BN
};

constexpr int64_t kIntLimit = 2147483647;

TileDims tile_dims(Tiling tiling) {
  switch (tiling) {
    case Tiling::Large: return {64, 128};
    case Tiling::Medium: return {32, 64};
    case Tiling::Small: return {16, 32};
    default: return {8, 8};
  }
}

int multiprocessors() {
  int device = 0;
  int count = 0;
  if (cudaGetDevice(&device) != cudaSuccess ||
      cudaDeviceGetAttribute(&count, cudaDevAttrMultiProcessorCount, device) != cudaSuccess) {
    cudaGetLastError();  // a failed query only affects the tiling choice
    return 132;
  }
  return count;
}

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

int64_t blocks_for(Tiling tiling, const std::vector<Run>& runs, int64_t outDim, int products) {
  const TileDims dims = tile_dims(tiling);
  int64_t rowTiles = 0;
  for (const Run& run : runs) rowTiles += ceil_div(run.count, dims.rows);
  return rowTiles * ceil_div(outDim, dims.outputs) * products;
}

// Largest tiles that still give the device about one block per multiprocessor; one-row-per-token decode shapes
// take the skinny tiling, whose blocks hold 8 rows.
Tiling choose_tiling(const std::vector<Run>& runs, int64_t outDim, int products) {
  int32_t maxRows = 0;
  for (const Run& run : runs) maxRows = std::max(maxRows, run.count);
  if (maxRows <= 8) return Tiling::Skinny;
  const int64_t enough = multiprocessors() * 3 / 4;
  for (Tiling t : {Tiling::Large, Tiling::Medium, Tiling::Small}) {
    if (blocks_for(t, runs, outDim, products) >= enough) return t;
  }
  return maxRows <= 16 ? Tiling::Skinny : Tiling::Small;
}

template <int BM, int BN, int TM, int TN, int BK, int STAGES>
cudaError_t launch_shape(bool vec, dim3 grid, cudaStream_t stream, const ProductPair& pair, int64_t expertStride,
                         int outDim, int inDim, const float* X, const RunTable& table) {
  const dim3 block((BM / TM) * (BN / TN));
  if (vec) {
    detail::grouped_product_kernel<BM, BN, TM, TN, BK, STAGES, true>
        <<<grid, block, 0, stream>>>(pair, expertStride, outDim, inDim, X, table);
  } else {
    detail::grouped_product_kernel<BM, BN, TM, TN, BK, STAGES, false>
        <<<grid, block, 0, stream>>>(pair, expertStride, outDim, inDim, X, table);
  }
  return cudaGetLastError();
}

cudaError_t launch_table(Tiling tiling, bool vec, dim3 grid, cudaStream_t stream, const ProductPair& pair,
                         int64_t expertStride, int outDim, int inDim, const float* X, const RunTable& table) {
  switch (tiling) {
    case Tiling::Large:
      return launch_shape<64, 128, 8, 8, 16, 3>(vec, grid, stream, pair, expertStride, outDim, inDim, X, table);
    case Tiling::Medium:
      return launch_shape<32, 64, 4, 4, 32, 3>(vec, grid, stream, pair, expertStride, outDim, inDim, X, table);
    case Tiling::Small:
      return launch_shape<16, 32, 2, 2, 64, 3>(vec, grid, stream, pair, expertStride, outDim, inDim, X, table);
    default:
      return launch_shape<8, 8, 1, 1, 128, 4>(vec, grid, stream, pair, expertStride, outDim, inDim, X, table);
  }
}

bool aligned16(const void* p) { return (reinterpret_cast<uintptr_t>(p) & 15u) == 0; }

// Y_z[rows of run r] = W_z[expert r] . X[rows of run r] for z < products, every non-empty run, in as few launches
// as the run table and the grid's y limit allow.
cudaError_t grouped_product(const ProductPair& pair, int products, int64_t expertStride, int64_t outDim,
                            int64_t inDim, const float* X, const std::vector<Run>& runs, Tiling tiling,
                            cudaStream_t stream) {
  if (runs.empty() || outDim == 0) return cudaSuccess;
  if (tiling == Tiling::Auto) tiling = choose_tiling(runs, outDim, products);
  const TileDims dims = tile_dims(tiling);
  bool vec = inDim % 4 == 0 && aligned16(X);
  for (int z = 0; z < products; z++) vec = vec && aligned16(pair.W[z]);
  const auto gridX = static_cast<unsigned>(ceil_div(outDim, dims.outputs));

  RunTable table{};
  size_t next = 0;
  while (next < runs.size()) {
    table.runs = 0;
    int32_t tiles = 0;
    table.firstTile[0] = 0;
    while (next < runs.size() && table.runs < detail::kMaxRunsPerLaunch) {
      const auto runTiles = static_cast<int32_t>(ceil_div(runs[next].count, dims.rows));
      if (tiles + runTiles > detail::kMaxRowTilesPerLaunch) break;
      const int i = table.runs++;
      table.expert[i] = runs[next].expert;
      table.start[i] = runs[next].start;
      table.count[i] = runs[next].count;
      tiles += runTiles;
      table.firstTile[i + 1] = tiles;
      next++;
    }
    const dim3 grid(gridX, static_cast<unsigned>(tiles), static_cast<unsigned>(products));
    const cudaError_t err = launch_table(tiling, vec, grid, stream, pair, expertStride, static_cast<int>(outDim),
                                         static_cast<int>(inDim), X, table);
    if (err != cudaSuccess) return err;
  }
  return cudaSuccess;
}

// Splits each run into pieces small enough that one piece never exceeds a launch's row tiles at any tiling.
void append_run(std::vector<Run>& runs, int32_t expert, int64_t start, int64_t count) {
  constexpr int64_t kPieceRows = int64_t{1} << 18;
  for (int64_t at = 0; at < count; at += kPieceRows) {
    runs.push_back({expert, static_cast<int32_t>(start + at), static_cast<int32_t>(std::min(kPieceRows, count - at))});
  }
}

__global__ void swiglu_kernel(float* __restrict__ u, const float* __restrict__ v, int64_t n) {
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += stride) {
    u[i] = __fmul_rn(silu_js(u[i]), v[i]);
  }
}

__global__ void exp_js_kernel(const double* __restrict__ x, double* __restrict__ y, int64_t n) {
  const int64_t stride = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += stride) {
    y[i] = exp_js(x[i]);
  }
}

unsigned elementwise_blocks(int64_t n) {
  return static_cast<unsigned>(std::min<int64_t>(ceil_div(n, 256), 65535));
}

}  // namespace

const char* tiling_name(Tiling tiling) {
  switch (tiling) {
    case Tiling::Auto: return "auto";
    case Tiling::Large: return "large";
    case Tiling::Medium: return "medium";
    case Tiling::Small: return "small";
    case Tiling::Skinny: return "skinny";
  }
  return "unknown";
}

Tiling auto_tiling(const int32_t* runCount, int64_t runs, int64_t outDim, int products) {
  std::vector<Run> list;
  for (int64_t r = 0; r < runs; r++) {
    if (runCount[r] > 0) append_run(list, 0, 0, runCount[r]);
  }
  return list.empty() ? Tiling::Skinny : choose_tiling(list, outDim, products);
}

cudaError_t matmul_rows(const float* W, int64_t outDim, int64_t inDim, const float* X, int64_t rows, float* Y,
                        cudaStream_t stream, Tiling tiling) {
  if (outDim < 0 || inDim < 0 || rows < 0 || outDim > kIntLimit || inDim > kIntLimit || rows > kIntLimit) {
    return cudaErrorInvalidValue;
  }
  std::vector<Run> runs;
  append_run(runs, 0, 0, rows);
  const ProductPair pair{{W, nullptr}, {Y, nullptr}};
  return grouped_product(pair, 1, 0, outDim, inDim, X, runs, tiling, stream);
}

cudaError_t expert_ffn_runs(const float* w1, const float* w3, const float* w2, int64_t d, int64_t dFF, const float* X,
                            const int32_t* runExpert, const int32_t* runStart, const int32_t* runCount, int64_t runs,
                            float* Y, float* U, float* V, cudaStream_t stream, Tiling tiling) {
  if (d < 0 || dFF < 0 || d > kIntLimit || dFF > kIntLimit || runs < 0) return cudaErrorInvalidValue;
  std::vector<Run> list;
  std::vector<std::pair<int64_t, int64_t>> spans;  // [start, end) of each run, to check overlap and merge
  for (int64_t r = 0; r < runs; r++) {
    const int64_t start = runStart[r];
    const int64_t count = runCount[r];
    if (runExpert[r] < 0 || start < 0 || count < 0 || start + count > kIntLimit) return cudaErrorInvalidValue;
    if (count == 0) continue;
    append_run(list, runExpert[r], start, count);
    spans.emplace_back(start, start + count);
  }
  std::sort(spans.begin(), spans.end());
  for (size_t i = 1; i < spans.size(); i++) {
    if (spans[i].first < spans[i - 1].second) return cudaErrorInvalidValue;  // runs must not share rows
  }

  // U = W1 x and V = W3 x in one grid, then H = silu(U) * V in place, then Y = W2 H.
  const ProductPair up{{w1, w3}, {U, V}};
  cudaError_t err = grouped_product(up, 2, dFF * d, dFF, d, X, list, tiling, stream);
  if (err != cudaSuccess) return err;
  for (size_t i = 0; i < spans.size();) {
    size_t j = i + 1;
    while (j < spans.size() && spans[j].first == spans[j - 1].second) j++;
    const int64_t from = spans[i].first * dFF;
    err = swiglu(U + from, V + from, spans[j - 1].second * dFF - from, stream);
    if (err != cudaSuccess) return err;
    i = j;
  }
  const ProductPair down{{w2, nullptr}, {Y, nullptr}};
  return grouped_product(down, 1, d * dFF, d, dFF, U, list, tiling, stream);
}

cudaError_t swiglu(float* u, const float* v, int64_t n, cudaStream_t stream) {
  if (n < 0) return cudaErrorInvalidValue;
  if (n == 0) return cudaSuccess;
  swiglu_kernel<<<elementwise_blocks(n), 256, 0, stream>>>(u, v, n);
  return cudaGetLastError();
}

cudaError_t exp_js_batch(const double* x, double* y, int64_t n, cudaStream_t stream) {
  if (n < 0) return cudaErrorInvalidValue;
  if (n == 0) return cudaSuccess;
  exp_js_kernel<<<elementwise_blocks(n), 256, 0, stream>>>(x, y, n);
  return cudaGetLastError();
}

}  // namespace litellm::cuda
