// SPEC-044 §4.3: an expert's packed run split into batches of at most `capacity` rows, in packed order, so that the
// expert FFN never sees more rows at once than the capacity. Every output row has its own fixed reduction, so the
// split changes no bit of any result; it only bounds the working set of one kernel call.

import type { DispatchBehaviour } from './dispatch-faults.ts';
import type { ExpertBatch } from './dispatch-recorder.ts';

/** Runs of a packed layout: run r is packed positions start[r] .. start[r] + count[r] - 1, all routed to expert[r]. */
export interface ExpertRuns {
  expert: Int32Array;
  start: Int32Array;
  count: Int32Array;
}

/** Batch b covers packed positions start[b] .. start[b] + count[b] - 1 of run run[b]. */
export interface BatchPlan {
  run: Int32Array;
  start: Int32Array;
  count: Int32Array;
}

/** The batches of every run, run by run; `capacity` null: one batch per run. */
export function planBatches(runs: ExpertRuns, capacity: number | null, behaviour: DispatchBehaviour): BatchPlan {
  const size = capacity === null || behaviour.capacityIgnored ? Infinity : capacity;
  const run: number[] = [];
  const start: number[] = [];
  const count: number[] = [];
  for (let r = 0; r < runs.expert.length; r++) {
    const first = runs.start[r]!;
    const rows = runs.count[r]!;
    for (let offset = 0; offset < rows; offset += size) {
      run.push(r);
      start.push(first + offset);
      count.push(Math.min(size, rows - offset));
      if (behaviour.capacityDropsOverflow) break;
    }
  }
  return { run: Int32Array.from(run), start: Int32Array.from(start), count: Int32Array.from(count) };
}

/** The batches [from, to) of the plan whose runs lie in [firstRun, endRun): a wave's share. */
export function batchRange(plan: BatchPlan, firstRun: number, endRun: number): { from: number; to: number } {
  let from = 0;
  while (from < plan.run.length && plan.run[from]! < firstRun) from++;
  let to = from;
  while (to < plan.run.length && plan.run[to]! < endRun) to++;
  return { from, to };
}

/** The trace entries of a plan: each batch's expert and the batch rows of its packed positions. */
export function traceBatches(plan: BatchPlan, runs: ExpertRuns, rowOfPosition: (position: number) => number): ExpertBatch[] {
  return Array.from(plan.run, (r, b) => ({
    expert: runs.expert[r]!,
    rows: Array.from({ length: plan.count[b]! }, (_, i) => rowOfPosition(plan.start[b]! + i)),
  }));
}
