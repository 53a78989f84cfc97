// The memory document of SPEC-006 §4.1 against the models the runtime lists: one entry per loaded model, sorted by
// id in code-point order, bytes = 4 × the Model's parameters, usedBytes their sum, never above the budget.
export interface MemoryDocument {
  readonly budgetBytes: number;
  readonly usedBytes: number;
  readonly models: readonly { readonly id: string; readonly bytes: number }[];
}

export interface ListedModel {
  readonly id: string;
  readonly parameters: number;
}

/** Code-point order of ids (SPEC-000 §4.5): not locale order, so "cm-cap-10" sorts before "cm-cap-9". */
export function codePointOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** REQ-006-001: problems of `memory` given the models GET /v1/models lists (empty: consistent). */
export function checkMemoryDocument(memory: MemoryDocument, listed: readonly ListedModel[]): string[] {
  const problems: string[] = [];
  const ids = memory.models.map((m) => m.id);
  const sorted = [...ids].sort(codePointOrder);
  if (ids.join(' ') !== sorted.join(' ')) problems.push(`models are not sorted by id: ${ids.join(', ')}`);
  const listedIds = listed.map((m) => m.id).sort(codePointOrder);
  if (sorted.join(' ') !== listedIds.join(' ')) problems.push(`memory lists [${sorted.join(', ')}], GET /v1/models lists [${listedIds.join(', ')}]`);
  for (const entry of memory.models) {
    const model = listed.find((m) => m.id === entry.id);
    if (model !== undefined && entry.bytes !== 4 * model.parameters) {
      problems.push(`${entry.id}: ${entry.bytes} bytes, 4 × ${model.parameters} parameters is ${4 * model.parameters}`);
    }
  }
  const sum = memory.models.reduce((acc, m) => acc + m.bytes, 0);
  if (memory.usedBytes !== sum) problems.push(`usedBytes ${memory.usedBytes}, the models' bytes sum to ${sum}`);
  if (memory.usedBytes > memory.budgetBytes) problems.push(`usedBytes ${memory.usedBytes} exceeds budgetBytes ${memory.budgetBytes}`);
  return problems;
}
