// Working buffers of forward passes. A layer needs a dozen [rows, d] buffers that are dead once the layer has added
// its output to the residual stream; allocating them afresh for every layer of every step makes the garbage
// collector reclaim megabytes of array memory per step. A pass takes them from a ForwardScratch instead: every
// layer reuses the previous layer's buffers, and a caller that runs one pass at a time (the scheduler) hands the
// same scratch to each of its passes.

export class ForwardScratch {
  private readonly buffers = new Map<string, Float32Array>();

  /**
   * `length` zeroed floats, the buffer named `name`. What was handed out under that name before is overwritten, so
   * one name serves one purpose: a buffer lives until its name is asked for again by a later layer or pass.
   */
  floats(name: string, length: number): Float32Array {
    const buffer = this.buffers.get(name);
    if (buffer === undefined || buffer.length < length) {
      // Grows by doubling at least, so that batches of slowly rising size do not reallocate every step.
      const grown = new Float32Array(Math.max(length, 2 * (buffer?.length ?? 0)));
      this.buffers.set(name, grown);
      return grown.subarray(0, length);
    }
    const view = buffer.subarray(0, length);
    view.fill(0);
    return view;
  }
}
