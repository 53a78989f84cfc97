// Active compute (SPEC-005): per-token FLOPs and parameter bytes against the exact formulas, independence of expert
// FLOPs from the hierarchy's size, and the declared bounds maxK and maxActiveFlopsPerToken.
import assert from 'node:assert/strict';
import { Then, When, type DataTable } from '@cucumber/cucumber';
import { heavyDescriptor } from '../fixtures/index.ts';
import { maxTokenFlops, tokenParameterBytes } from '../oracle/index.ts';
import { checkFlops, checkParameterBytes } from '../support/checks/forward-result-checks.ts';
import { declaredMaxK, maxActiveFlopsLimit, maxDModelLimit, maxSeqLimit } from '../support/declared-limits.ts';
import { forward, forwardAgain, lastForward, lastForwardCall, sequencesFromWords, type ForwardResult } from '../support/forward-calls.ts';
import { forwardModelNamed } from '../support/forward-models.ts';
import type { Principal } from '../support/principals.ts';
import type { ConformanceWorld } from '../support/world.ts';

function none(problems: readonly string[], what: string): void {
  assert.deepEqual(problems, [], `${what}:\n${problems.slice(0, 20).join('\n')}`);
}

const modelOfLast = (world: ConformanceWorld) => forwardModelNamed(lastForwardCall(world).model).descriptor;

Then('every forward token reports the FLOPs of SPEC-005 for its position', function (this: ConformanceWorld) {
  const result = lastForward(this);
  const d = modelOfLast(this);
  // The positions must reach maxSeq - 1, where the attention term is largest.
  assert.ok(result.sequences.some((s) => s.tokens.length === d.maxSeq), `no sequence of maxSeq ${d.maxSeq} tokens was sent`);
  none(checkFlops(result, d), 'FLOPs');
});

Then(
  'the token at position {int} reports {int} attention, {int} router, {int} expert and {int} FLOPs',
  function (this: ConformanceWorld, position: number, attention: number, router: number, experts: number, total: number) {
    const token = lastForward(this).sequences[0]?.tokens[position];
    assert.ok(token !== undefined, `the first sequence has no position ${position}`);
    const { flops } = token;
    assert.deepEqual([flops.attention, flops.router, flops.experts, flops.total], [attention, router, experts, total]);
    assert.equal(flops.total, flops.attention + flops.router + flops.experts + flops.output, 'total is not the sum of the terms');
  },
);

Then('every forward token reports {int} parameter bytes, as the formula of SPEC-005 §4.2 gives', function (this: ConformanceWorld, bytes: number) {
  const d = modelOfLast(this);
  // The example value of the scenario must itself be the formula's: a wrong example is a defect of the suite.
  assert.equal(tokenParameterBytes(d), bytes, `the formula gives ${tokenParameterBytes(d)} for ${d.name}`);
  none(checkParameterBytes(lastForward(this), d), 'parameterBytes');
});

const PAIR = 'forward results of the model pair';

When(
  '{principal} forwards the sequences {string} through {string} and through {string}',
  async function (this: ConformanceWorld, who: Principal, words: string, a: string, b: string) {
    // The same token ids through both models: their positions, hence their attention terms, coincide.
    const sequences = sequencesFromWords(words, a);
    await forward(this, who, { model: a, sequences });
    const first = lastForward(this);
    const second = await forwardAgain(this, { model: b, sequences }, `POST /v1/forward (${b})`);
    this.remembered.set(PAIR, [first, second]);
  },
);

Then('both report equal expert and attention FLOPs at every position', function (this: ConformanceWorld) {
  const [a, b] = this.recall<[ForwardResult, ForwardResult]>(PAIR);
  const problems = a.sequences.flatMap((s, i) =>
    s.tokens.flatMap((t, p) => {
      const u = b.sequences[i]?.tokens[p];
      if (u === undefined) return [`sequence ${i} position ${p} is missing from the second result`];
      return t.flops.experts === u.flops.experts && t.flops.attention === u.flops.attention
        ? []
        : [`sequence ${i} position ${p}: experts ${t.flops.experts} vs ${u.flops.experts}, attention ${t.flops.attention} vs ${u.flops.attention}`];
    }),
  );
  none(problems, 'expert or attention FLOPs differ between the models');
});

Then('every token of both reports {int} expert FLOPs', function (this: ConformanceWorld, experts: number) {
  const pair = this.recall<[ForwardResult, ForwardResult]>(PAIR);
  const wrong = pair.flatMap((r) => r.sequences.flatMap((s) => s.tokens.filter((t) => t.flops.experts !== experts).map((t) => `${r.model}: ${t.flops.experts}`)));
  none(wrong, `expert FLOPs other than ${experts}`);
});

Then('the info document declares limits.maxK within these bounds:', function (this: ConformanceWorld, table: DataTable) {
  const maxK = declaredMaxK();
  const problems = table.hashes().flatMap((row) => {
    const level = row.level as keyof typeof maxK;
    const value = maxK[level];
    return value >= Number(row.minimum) && value <= Number(row.maximum) ? [] : [`limits.maxK.${level} = ${value}, expected ${row.minimum}..${row.maximum}`];
  });
  none(problems, 'maxK');
});

Then(
  'the info document declares maxActiveFlopsPerToken of at least 1048576 and below the FLOPs of cm-fwd-heavy',
  function (this: ConformanceWorld) {
    const bound = maxActiveFlopsLimit();
    // SPEC-005 §4.4: C_H(maxSeq - 1) of the heavy descriptor built from the declared maxDModel and maxSeq.
    const heavy = maxTokenFlops(heavyDescriptor(maxDModelLimit(), maxSeqLimit()));
    assert.ok(bound >= 1048576, `maxActiveFlopsPerToken ${bound} is below 1048576`);
    assert.ok(bound < heavy, `maxActiveFlopsPerToken ${bound} is not below ${heavy}, the FLOPs of cm-fwd-heavy`);
  },
);
