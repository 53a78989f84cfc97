// The generation service (SPEC-043, SPEC-046, SPEC-047, SPEC-050) the native and OpenAI-compatible routes share:
// it checks a request in the order of SPEC-002 §4 (runtime state, model, model kind, lengths, token ids), resolves its
// routing (tier set, budgets), charges the tenant's quota, derives the tenant-keyed prefix keys of its prompt pages
// and queues it. Generations are visible only to the tenant that created them (and the admin).

import { randomBytes } from 'node:crypto';
import { RuntimeError } from '../../errors.ts';
import type { DescriptorV2 } from '../../model/manifest-types.ts';
import { isTransformerDescriptor } from '../../model/manifest-types.ts';
import type { RoutingPolicy } from '../../forward/forward-types.ts';
import type { Principal } from '../../server/credentials.ts';
import { descriptorSeed, type RuntimeContext } from '../../server/runtime-context.ts';
import { Generation } from './generation.ts';
import { CONFORMING_GENERATION, type GenerationBehaviour } from './generation-faults.ts';
import { PAGE_TOKENS } from './kv-pool.ts';
import type { Scheduler } from './scheduler.ts';
import type { SequenceRequest } from './sequence.ts';

export const DEFAULT_MAX_TOKENS = 16;
/** Finished generations kept for GET /v1/generations/{id} and stream resumption; older ones are forgotten. */
export const RETAINED_FINISHED = 256;

export interface GenerateInput {
  model: string;
  prompt: number[];
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  seed?: string;
  stop?: number[][];
  deadlineMs?: number;
  tierSet?: number[];
  budget?: { latencyMs?: number; maxCost?: number };
}

export interface ResolvedRouting {
  policy: RoutingPolicy;
  /** Prices executed rows (usage.cost); null for none. */
  meter: SequenceRequest['meter'];
}

export interface ServiceDeps {
  ctx: RuntimeContext;
  scheduler: Scheduler;
  /** Quota check and charge at submission (throws E_TENANT_QUOTA); released when the generation ends. */
  quotas: { admit(tenant: string, request: { promptTokens: number; maxTokens: number }, now: number): void };
  /** Who a principal is as a tenant, and whose generations it may see (SPEC-050). */
  tenants: { tenantOf(principal: Principal): string; canSee(principal: Principal, owner: string): boolean };
  /** HMAC of prefix material under the tenant's secret (SPEC-046, SPEC-050). */
  prefixKey(tenant: string, material: Buffer): string;
  /** Routing limits of the request (SPEC-041, 042, 048); throws their coded errors. */
  resolveRouting(descriptor: DescriptorV2, input: GenerateInput): ResolvedRouting;
  newId?: () => string;
  faults?: GenerationBehaviour;
}

export class InferenceService {
  private readonly deps: ServiceDeps;
  private readonly faults: GenerationBehaviour;
  private readonly generations = new Map<string, Generation>();
  private readonly finishedOrder: string[] = [];

  constructor(deps: ServiceDeps) {
    this.deps = deps;
    this.faults = deps.faults ?? CONFORMING_GENERATION;
  }

  get scheduler(): Scheduler {
    return this.deps.scheduler;
  }

  submit(principal: Principal, input: GenerateInput): Generation {
    const { ctx } = this.deps;
    const admittedAt = ctx.clock.now();
    ctx.lifecycle.admit('generations');
    const model = ctx.models.servable(input.model);
    if (model === undefined || model.status !== 'ready') throw new RuntimeError('E_MODEL_NOT_FOUND', `model ${input.model} is not loaded`);
    const { descriptor, transformer } = model;
    if (!isTransformerDescriptor(descriptor) || transformer === null) {
      throw new RuntimeError('E_FORWARD_UNSUPPORTED', `model ${input.model} is a router-only (formatVersion 1) model`);
    }
    const maxTokens = input.maxTokens ?? DEFAULT_MAX_TOKENS;
    const { prompt } = input;
    // REQ-043: lengths before token ids, as SPEC-002 orders forward checks.
    // Under gen.length-check-off-by-one: one position past maxSeq passes.
    if (prompt.length === 0 || prompt.length + maxTokens > descriptor.maxSeq + (this.faults.lengthCheckOffByOne ? 1 : 0)) {
      throw new RuntimeError('E_GENERATION_LENGTH', `prompt of ${prompt.length} tokens plus maxTokens ${maxTokens} must be 1..${descriptor.maxSeq} positions`);
    }
    // Under gen.token-range-unchecked: the prompt's ids are not checked.
    for (const token of [...(this.faults.tokenRangeUnchecked ? [] : prompt), ...(input.stop ?? []).flat()]) {
      if (!Number.isInteger(token) || token < 0 || token >= descriptor.vocab) {
        throw new RuntimeError('E_FORWARD_TOKEN', `token ${token} is not in 0..${descriptor.vocab - 1}`);
      }
    }
    const routing = this.deps.resolveRouting(descriptor, input);
    const tenant = this.deps.tenants.tenantOf(principal);
    const routingSeed = ctx.state.seedOverride ?? descriptorSeed(ctx, descriptor.seed);
    const policyKey = JSON.stringify([routing.policy.topK.tier, routing.policy.topK.group, routing.policy.topK.expert, routing.policy.allowedTiers]);
    const id = this.deps.newId?.() ?? `gen-${randomBytes(12).toString('hex')}`;
    const generation = new Generation(id, input.model, tenant, prompt.length);
    const request: SequenceRequest = {
      generation,
      model: { id: input.model, descriptor, transformer },
      prompt: [...prompt],
      maxTokens,
      sampling: { temperature: input.temperature ?? 0, topP: input.topP ?? 1, seed: input.seed ?? '0' },
      stop: input.stop ?? [],
      routingSeed,
      policy: routing.policy,
      policyKey,
      deadlineAt: input.deadlineMs === undefined ? null : admittedAt + input.deadlineMs,
      prefixKeys: this.prefixKeys(
        // Under kv.prefix-shared-across-tenants: one secret for everybody.
        this.faults.prefixSharedAcrossTenants ? '@shared' : tenant,
        // Under kv.prefix-key-ignores-seed: the routing seed is not part of the key.
        this.faults.prefixKeyIgnoresSeed ? [input.model, model.manifestDigest, policyKey] : [input.model, model.manifestDigest, routingSeed, policyKey],
        prompt,
      ),
      forwardFaults: ctx.forwardFaults,
      meter: routing.meter,
      queuedAtStep: 0,
    };
    // Pages before quota (SPEC-043 §4.1): a refused request must not be charged (SPEC-050 §4.2).
    this.deps.scheduler.checkFits(prompt.length, maxTokens);
    this.deps.quotas.admit(tenant, { promptTokens: prompt.length, maxTokens }, admittedAt);
    this.deps.scheduler.submit(request);
    this.generations.set(id, generation);
    void generation.done.then(() => this.retire(id));
    return generation;
  }

  /** The caller's generation `id`; another tenant's is as absent as an unknown one. */
  find(principal: Principal, id: string): Generation {
    const generation = this.generations.get(id);
    // Under stream.cross-tenant-visible: whoever asks finds it.
    if (generation === undefined || !(this.faults.crossTenantVisible || this.deps.tenants.canSee(principal, generation.tenant))) {
      throw new RuntimeError('E_GENERATION_NOT_FOUND', `no generation ${id}`);
    }
    return generation;
  }

  /** Key of prompt page j: HMAC under the tenant secret of the routing identity and tokens 0 .. 16(j+1)-1. */
  private prefixKeys(tenant: string, identity: readonly string[], prompt: readonly number[]): string[] {
    const header = Buffer.from(`${JSON.stringify(identity)}\n`, 'utf8');
    const keys: string[] = [];
    const tokens = Buffer.alloc(4 * prompt.length);
    prompt.forEach((token, i) => tokens.writeUInt32LE(token, 4 * i));
    for (let j = 0; (j + 1) * PAGE_TOKENS <= prompt.length; j++) {
      keys.push(this.deps.prefixKey(tenant, Buffer.concat([header, tokens.subarray(0, 4 * PAGE_TOKENS * (j + 1))])));
    }
    return keys;
  }

  private retire(id: string): void {
    this.finishedOrder.push(id);
    while (this.finishedOrder.length > RETAINED_FINISHED) this.generations.delete(this.finishedOrder.shift()!);
  }
}
