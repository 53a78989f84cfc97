// SPEC-044 expert packing, in plain loops: from each row's routed experts of one layer (the routing oracle's, or a
// trace's), the expert batches a runtime runs: experts by ascending global id, each expert's rows ascending, split
// into consecutive batches of at most `capacity` rows (all of them in one batch when there is no capacity).

export interface ExpectedBatch {
  readonly expert: number;
  readonly rows: readonly number[];
}

/**
 * `expertsOfRow[row]` holds the global ids row `row` of the packed batch (sequences concatenated in request order)
 * is routed to at one layer; rows are numbered from 0.
 */
export function expectedBatches(expertsOfRow: readonly (readonly number[])[], capacity: number | null): ExpectedBatch[] {
  const rowsOf = new Map<number, number[]>();
  expertsOfRow.forEach((experts, row) => {
    for (const expert of experts) {
      const rows = rowsOf.get(expert) ?? [];
      if (!rows.includes(row)) rows.push(row);
      rowsOf.set(expert, rows);
    }
  });
  const batches: ExpectedBatch[] = [];
  for (const expert of [...rowsOf.keys()].sort((a, b) => a - b)) {
    const rows = rowsOf.get(expert)!.sort((a, b) => a - b);
    const size = capacity ?? rows.length;
    for (let first = 0; first < rows.length; first += size) batches.push({ expert, rows: rows.slice(first, first + size) });
  }
  return batches;
}

/** Per layer, per packed row, the global ids of that row's routes (routes[layer].experts[].id). */
export function expertsOfRows(
  sequences: readonly { readonly tokens: readonly { readonly routes: readonly { readonly layer: number; readonly experts: readonly { readonly id: number }[] }[] }[] }[],
  layers: number,
): number[][][] {
  const byLayer: number[][][] = Array.from({ length: layers }, () => []);
  for (const sequence of sequences) {
    for (const token of sequence.tokens) {
      for (let layer = 0; layer < layers; layer++) {
        const route = token.routes.find((r) => r.layer === layer);
        byLayer[layer]!.push(route === undefined ? [] : route.experts.map((e) => e.id));
      }
    }
  }
  return byLayer;
}
