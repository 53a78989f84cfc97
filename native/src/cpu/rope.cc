// rope_rows: rope.ts RopeTable.applyRow over several rows. The cos/sin tables come from TypeScript (binary64 angles
// rounded to binary32 once), so only the rotation itself is computed here, one rounding per product and per sum.

#include "kernels.h"

namespace litellm::cpu {

void rope_rows(float* x, int64_t rows, const int32_t* positions, const float* cosTable, const float* sinTable,
               int64_t heads, int64_t dHead) {
  const int64_t half = dHead / 2;
  const int64_t width = heads * dHead;
  for (int64_t row = 0; row < rows; row++) {
    const float* c = cosTable + static_cast<int64_t>(positions[row]) * half;
    const float* s = sinTable + static_cast<int64_t>(positions[row]) * half;
    for (int64_t hd = 0; hd < heads; hd++) {
      float* v = x + row * width + hd * dHead;
      for (int64_t j = 0; j < half; j++) {
        const float x0 = v[2 * j];
        const float x1 = v[2 * j + 1];
        v[2 * j] = x0 * c[j] - x1 * s[j];
        v[2 * j + 1] = x0 * s[j] + x1 * c[j];
      }
    }
  }
}

}  // namespace litellm::cpu
