// Rotary position embedding (contract-core §2c). For head hd and pair j < dHead/2, elements (2j, 2j+1) of the head
// rotate by θ = pos · ropeBase^(-2j/dHead), θ in binary64, cos and sin rounded to binary32 once. The table depends
// only on the model, so it is built once per model and shared by every request.

const fround = Math.fround;

export class RopeTable {
  readonly heads: number;
  readonly dHead: number;
  readonly maxSeq: number;
  private readonly half: number;
  private readonly cos: Float32Array;
  private readonly sin: Float32Array;

  constructor(heads: number, dHead: number, ropeBase: number, maxSeq: number, binary32Angles = false) {
    this.heads = heads;
    this.dHead = dHead;
    this.maxSeq = maxSeq;
    this.half = dHead / 2;
    this.cos = new Float32Array(maxSeq * this.half);
    this.sin = new Float32Array(maxSeq * this.half);
    for (let j = 0; j < this.half; j++) {
      const frequency = Math.pow(ropeBase, (-2 * j) / dHead);
      for (let pos = 0; pos < maxSeq; pos++) {
        // binary32Angles: only the forward.reload-rope-binary32 fault computes θ in binary32.
        const theta = binary32Angles ? fround(pos * fround(frequency)) : pos * frequency;
        this.cos[pos * this.half + j] = fround(Math.cos(theta));
        this.sin[pos * this.half + j] = fround(Math.sin(theta));
      }
    }
  }

  /** The binary32 cos and sin tables, [maxSeq][dHead / 2] (what the native kernel reads). */
  tables(): { cos: Float32Array; sin: Float32Array } {
    return { cos: this.cos, sin: this.sin };
  }

  /** Rotates row `row` of x (heads · dHead wide), at sequence position `pos`, in place. Elementwise, not counted. */
  applyRow(x: Float32Array, row: number, pos: number): void {
    const width = this.heads * this.dHead;
    const table = pos * this.half;
    for (let hd = 0; hd < this.heads; hd++) {
      const base = row * width + hd * this.dHead;
      for (let j = 0; j < this.half; j++) {
        const c = this.cos[table + j]!;
        const s = this.sin[table + j]!;
        const i0 = base + 2 * j;
        const x0 = x[i0]!;
        const x1 = x[i0 + 1]!;
        x[i0] = fround(fround(x0 * c) - fround(x1 * s));
        x[i0 + 1] = fround(fround(x0 * s) + fround(x1 * c));
      }
    }
  }
}
