// The models tier scenarios use and the figures SPEC-021 derives from a descriptor: the procedural built-ins of
// SPEC-021 §4.5 (pinned here as the spec's canonical JSON), expert sizes, slot counts, the resident charge, and tier
// budgets written in words ("hot 3, warm 2, cold all"). Pure: no runtime, no world.
import { createHash } from 'node:crypto';
import { modelParameterCount, type ForwardDescriptor } from '../../oracle/index.ts';

/** SPEC-021 §4.5, verbatim: the procedural descriptors in RFC 8785 canonical JSON. */
export const PROCEDURAL_DESCRIPTOR_TEXTS: Readonly<Record<string, string>> = Object.freeze({
  'procedural-1e8':
    '{"dFF":2048,"dModel":64,"family":"litellm-conformance","formatVersion":2,"heads":4,' +
    '"hierarchy":{"expertsPerGroup":8,"groupsPerTier":4,"tiers":4},"layers":2,"maxSeq":64,"name":"procedural-1e8",' +
    '"ropeBase":10000,"seed":"0","sharedExpert":false,"topK":{"expert":2,"group":2,"tier":1},"vocab":256}',
  'procedural-1e12':
    '{"dFF":2048,"dModel":64,"family":"litellm-conformance","formatVersion":2,"heads":4,' +
    '"hierarchy":{"expertsPerGroup":156,"groupsPerTier":128,"tiers":64},"layers":2,"maxSeq":64,"name":"procedural-1e12",' +
    '"ropeBase":10000,"seed":"0","sharedExpert":false,"topK":{"expert":2,"group":2,"tier":1},"vocab":256}',
});

/** SPEC-021 §4.5: the parameters each procedural Model reports. */
export const PROCEDURAL_PARAMETERS: Readonly<Record<string, number>> = Object.freeze({ 'procedural-1e8': 100748096, 'procedural-1e12': 1005187047744 });

/** SPEC-021 §4.5: budgets of a procedural model loaded without `tiers`. */
export const PROCEDURAL_DEFAULT_BUDGETS: Readonly<TierBudgets> = Object.freeze({ hotBytes: 268435456, warmBytes: 268435456, coldBytes: 1073741824 });

/** Cold budget of "cold all": 1 GiB, more than every expert file a scenario's model stages. */
export const COLD_ALL_BYTES = 1073741824;

export interface TierBudgets {
  readonly hotBytes: number;
  readonly warmBytes: number;
  readonly coldBytes: number;
}

export function isProceduralName(name: string): boolean {
  return Object.hasOwn(PROCEDURAL_DESCRIPTOR_TEXTS, name);
}

export function proceduralDescriptor(name: string): ForwardDescriptor {
  const text = PROCEDURAL_DESCRIPTOR_TEXTS[name];
  if (text === undefined) throw new Error(`"${name}" is not a procedural model of SPEC-021 §4.5`);
  return JSON.parse(text) as ForwardDescriptor;
}

/** SPEC-021 §4.5: the manifestDigest of a procedural model, SHA-256 of its canonical descriptor. */
export function proceduralDigest(name: string): string {
  return createHash('sha256').update(PROCEDURAL_DESCRIPTOR_TEXTS[name] ?? '', 'utf8').digest('hex');
}

/** Routed experts per layer: N = T·G·E. */
export function expertsPerLayer(d: ForwardDescriptor): number {
  return d.hierarchy.tiers * d.hierarchy.groupsPerTier * d.hierarchy.expertsPerGroup;
}

/** SPEC-021 §3: bytes of one payload, 12·d·dFF. */
export function expertBytesOf(d: ForwardDescriptor): number {
  return 12 * d.dModel * d.dFF;
}

/** SPEC-021 §4.3: 4·(parameters − L·N·3·d·dFF) + slots·expertBytes + warmBytes. */
export function tieredCharge(d: ForwardDescriptor, budgets: TierBudgets): number {
  const expertBytes = expertBytesOf(d);
  const expertParameters = d.layers * expertsPerLayer(d) * 3 * d.dModel * d.dFF;
  return 4 * (modelParameterCount(d) - expertParameters) + Math.floor(budgets.hotBytes / expertBytes) * expertBytes + budgets.warmBytes;
}

/** What budgets in words ask for: the byte budgets and whether the cold one is counted in expert files. */
export interface BudgetWords {
  /** Hot and warm in experts (fractions allowed: "hot 2.5" is floor(2.5·expertBytes) bytes). */
  readonly hot: number;
  readonly warm: number;
  /** "all" (COLD_ALL_BYTES), "none" (0), or a number of expert files. */
  readonly cold: 'all' | 'none' | { readonly files: number };
}

/** "hot 3, warm 2, cold all" / "hot 1, warm 0, cold 4 files" / "hot 0.5, warm 0, cold none". */
export function parseBudgetWords(text: string): BudgetWords {
  const parts = new Map<string, string>();
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p.length > 0)) {
    const match = /^(hot|warm|cold) (.+)$/.exec(part);
    if (match === null) throw new Error(`"${part}" is not "hot N", "warm N" or "cold all|none|N files"`);
    parts.set(match[1]!, match[2]!);
  }
  const experts = (tier: string): number => {
    const value = Number(parts.get(tier));
    if (!Number.isFinite(value) || value < 0) throw new Error(`"${tier} ${parts.get(tier) ?? ''}" needs a non-negative number of experts`);
    return value;
  };
  const coldText = parts.get('cold') ?? '';
  const files = /^(\d+) files?$/.exec(coldText);
  if (coldText !== 'all' && coldText !== 'none' && files === null) throw new Error(`"cold ${coldText}" is not "cold all", "cold none" or "cold N files"`);
  return { hot: experts('hot'), warm: experts('warm'), cold: files !== null ? { files: Number(files[1]) } : (coldText as 'all' | 'none') };
}

/** Byte budgets for words; `fileBytes` is needed only for a cold budget in files. */
export function budgetsFor(words: BudgetWords, d: ForwardDescriptor, fileBytes?: number): TierBudgets {
  const expertBytes = expertBytesOf(d);
  let coldBytes = 0;
  if (words.cold === 'all') coldBytes = COLD_ALL_BYTES;
  else if (words.cold !== 'none') {
    if (fileBytes === undefined) throw new Error('a cold budget in files needs the expert file size');
    coldBytes = words.cold.files * fileBytes;
  }
  return { hotBytes: Math.floor(words.hot * expertBytes), warmBytes: Math.floor(words.warm * expertBytes), coldBytes };
}

/** The cold tier's capacity in files: floor(coldBytes / fileBytes); every file when the size is not known yet. */
export function coldFilesFor(budgets: TierBudgets, fileBytes: number | undefined): number {
  if (budgets.coldBytes === 0) return 0;
  return fileBytes === undefined ? Infinity : Math.floor(budgets.coldBytes / fileBytes);
}
