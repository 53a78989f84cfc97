// Child process of cold-tier-crash.test.ts: stages the experts of the built-in model's shape into a cold tier in a
// loop, batch after batch, emptying the tier whenever every expert is in it, until it is killed. It announces its
// first batch so that the parent can kill it at a moment of its choosing.
// Usage: node --import tsx cold-tier-crash-child.ts <cold directory>

import { DEFAULT_MODEL_DESCRIPTOR } from '../../model/builtin-models.ts';
import { ColdTier } from './cold-tier.ts';
import { ProceduralArchive } from './expert-archive.ts';

const [dir] = process.argv.slice(2);
if (dir === undefined) throw new Error('usage: cold-tier-crash-child.ts <cold directory>');
const descriptor = DEFAULT_MODEL_DESCRIPTOR;
const archive = new ProceduralArchive(descriptor);
const cold = new ColdTier(dir, { d: descriptor.dModel, dFF: descriptor.dFF });
const refs = Array.from({ length: 32 }, (_, i) => ({ layer: i >> 4, expert: i & 15 }));

for (let batch = 0; ; batch++) {
  const first = (batch * 4) % refs.length;
  if (first === 0 && batch > 0) await cold.clear();
  await cold.stage(refs.slice(first, first + 4).map((ref) => ({ ref, payload: archive.generate(ref) })));
  if (batch === 0) process.stdout.write('staging\n');
}
