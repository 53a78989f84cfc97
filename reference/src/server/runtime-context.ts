// Everything the routes share: configuration, mutable runtime state, and the services built from them.

import type { FaultSet } from '../faults.ts';
import type { RuntimeLimits } from '../limits.ts';
import type { ModelStore, LoadedModel } from '../model/model-store.ts';
import type { HserRouter } from '../routing/hser-router.ts';
import type { AccessGuards } from './auth-hooks.ts';
import type { Credentials } from './credentials.ts';
import type { ErrorResponder } from './error-envelope.ts';

export type RuntimeMode = 'conformance' | 'production';

export interface RuntimeState {
  /** Routing seed override set through the control API (SPEC-003 §4.5), or null. */
  seedOverride: string | null;
}

export interface RuntimeContext {
  mode: RuntimeMode;
  version: string;
  limits: RuntimeLimits;
  faults: FaultSet;
  state: RuntimeState;
  models: ModelStore;
  credentials: Credentials;
  /** Route guards of the runtime and control APIs. */
  access: AccessGuards;
  router: HserRouter;
  errors: ErrorResponder;
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
