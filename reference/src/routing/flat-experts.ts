// The routing.flat-experts fault: experts chosen by one flat top-k over every expert of the selected tiers, whatever
// groups were selected, with one softmax over that selection as each expert's gate. SPEC-003 §4.2 selects experts
// only inside selected groups; this is the flat top-k that hierarchical routing replaces.

import { scoreRows, type DotShape } from './row-scores.ts';
import type { ExpertChoice } from './route-types.ts';
import { softmaxInto } from './softmax.ts';
import { selectTopK } from './top-k.ts';

export class FlatExpertSelector {
  private readonly groupsPerTier: number;
  private readonly expertsPerGroup: number;
  private readonly pool: Float64Array;
  private readonly selected: Int32Array;
  private readonly gates: Float64Array;

  /** `tiers` selected tiers, `count` experts to choose among their groupsPerTier * expertsPerGroup experts each. */
  constructor(tiers: number, groupsPerTier: number, expertsPerGroup: number, count: number) {
    this.groupsPerTier = groupsPerTier;
    this.expertsPerGroup = expertsPerGroup;
    this.pool = new Float64Array(tiers * groupsPerTier * expertsPerGroup);
    this.selected = new Int32Array(Math.min(count, this.pool.length));
    this.gates = new Float64Array(this.selected.length);
  }

  /** Appends the chosen experts of one token, in rank order, to `out`. */
  select(
    expertWeights: Float32Array, tierSel: Int32Array, dot: DotShape, hidden: Float64Array, xOffset: number,
    localIds: boolean, out: ExpertChoice[],
  ): void {
    const G = this.groupsPerTier;
    const E = this.expertsPerGroup;
    const perTier = G * E;
    for (let a = 0; a < tierSel.length; a++) {
      scoreRows(expertWeights, (tierSel[a] ?? 0) * perTier, perTier, dot, hidden, xOffset, this.pool, a * perTier);
    }
    const k = this.selected.length;
    selectTopK(this.pool, this.pool.length, k, null, this.selected, 0);
    softmaxInto(this.pool, this.selected, 0, k, this.gates);
    for (let c = 0; c < k; c++) {
      const p = this.selected[c] ?? 0;
      const t = tierSel[Math.floor(p / perTier)] ?? 0;
      const g = Math.floor((p % perTier) / E);
      const e = p % E;
      out.push({ tier: t, group: g, expert: e, id: localIds ? e : (t * G + g) * E + e, score: this.pool[p] ?? 0, gate: this.gates[c] ?? 0 });
    }
  }
}
