// Everything the routes share: configuration, mutable runtime state, and the services built from them.

import type { Clock } from '../clock.ts';
import type { ForwardFaults } from '../forward/forward-behaviour.ts';
import type { CoreBehaviour } from './core-behaviour.ts';
import type { FaultSet } from '../faults.ts';
import type { RuntimeLifecycle } from '../lifecycle/runtime-lifecycle.ts';
import type { RuntimeLimits } from '../limits.ts';
import type { ModelStore, LoadedModel } from '../model/model-store.ts';
import type { HserRouter } from '../routing/hser-router.ts';
import type { StorageRoot } from '../storage/storage-root.ts';
import type { AccessGuards } from './auth-hooks.ts';
import type { Credentials } from './credentials.ts';
import type { ErrorResponder } from './error-envelope.ts';

export type RuntimeMode = 'conformance' | 'production';

export interface RuntimeState {
  /** Routing seed override set through the control API (SPEC-003 §4.5), or null. */
  seedOverride: string | null;
  /** Artificial delay before each forward layer, set through the control API to provoke deadlines; 0 for none. */
  perLayerDelayMs: number;
}

export interface RuntimeContext {
  mode: RuntimeMode;
  version: string;
  /** Directory of the cold tier and snapshots (SPEC-021, SPEC-030). */
  storage: StorageRoot;
  limits: RuntimeLimits;
  faults: FaultSet;
  /** Core-layer fault deviations, read once at start. */
  behaviour: CoreBehaviour;
  /** Forward-pass fault deviations, read once at start. */
  forwardFaults: ForwardFaults;
  state: RuntimeState;
  /** The SPEC-009 state machine. */
  lifecycle: RuntimeLifecycle;
  clock: Clock;
  models: ModelStore;
  credentials: Credentials;
  /** Route guards of the runtime and control APIs. */
  access: AccessGuards;
  router: HserRouter;
  errors: ErrorResponder;
  /** Run by the control reset after the core state is reset (inference-layer controls: scheduler, deployment). */
  resetHooks: (() => void)[];
}

/** The Model message: a loaded model without its weights. */
export function modelView(model: LoadedModel): Record<string, unknown> {
  return {
    id: model.id,
    status: model.status,
    manifestDigest: model.manifestDigest,
    descriptor: model.descriptor,
    parameters: model.parameters,
  };
}

/** The State message of GET /v1/state (SPEC-009): state, loaded model count, and the state-change counter. */
export function stateView(ctx: RuntimeContext): { state: string; models: number; since: number } {
  const state = ctx.behaviour.reportReadyWhenDegraded && ctx.lifecycle.state === 'degraded' ? 'ready' : ctx.lifecycle.state;
  return { state, models: ctx.models.size, since: ctx.lifecycle.since };
}

/** The seed a request uses without an override: the descriptor's (seed 0 in production under a fault, REQ-001-004). */
export function descriptorSeed(ctx: RuntimeContext, seed: string): string {
  return ctx.behaviour.seedZeroInProduction && ctx.mode === 'production' ? '0' : seed;
}
