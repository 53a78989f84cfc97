// Route guards: the runtime API accepts a tenant or the admin (SPEC-000 REQ-000-004/005); the control API only
// the admin (REQ-000-006). Guards run in onRequest, before the body is read, so unauthenticated callers learn
// nothing about body parsing or validation (SPEC-007 §4.3, step 3 before steps 4 to 6).

import type { FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { RuntimeError } from '../errors.ts';
import type { FaultSet } from '../faults.ts';
import type { Credentials, Principal } from './credentials.ts';

export type Requirement = 'tenant-or-admin' | 'admin';

/** The principal each guarded request was authenticated as, so that handlers need not authenticate it again. */
const principals = new WeakMap<FastifyRequest, Principal>();

/**
 * Who a guarded request comes from. Only the auth.runtime-open fault lets a request without a credential through a
 * guard; such a request acts as the admin.
 */
export function principalOf(request: FastifyRequest): Principal {
  return principals.get(request) ?? { kind: 'admin' };
}

export interface GuardVariant {
  /** A request without Authorization passes (a fault switch only). */
  allowMissing?: boolean;
  /** Tenant tokens are treated as unknown tokens (a fault switch only). */
  tenantsInvalid?: boolean;
}

export function requireCredential(credentials: Credentials, requirement: Requirement, variant: GuardVariant = {}) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (variant.allowMissing === true && request.headers.authorization === undefined) return;
    try {
      const principal = credentials.authenticate(request.headers.authorization);
      principals.set(request, principal);
      if (variant.tenantsInvalid === true && principal.kind === 'tenant') {
        throw new RuntimeError('E_AUTH_INVALID_CREDENTIAL', 'unknown bearer token');
      }
      if (requirement === 'admin' && principal.kind !== 'admin') {
        throw new RuntimeError('E_AUTH_FORBIDDEN', 'this route needs the admin credential');
      }
    } catch (error) {
      if (error instanceof RuntimeError && error.code !== 'E_AUTH_FORBIDDEN') {
        reply.header('www-authenticate', 'Bearer realm="lite-llm"');
      }
      throw error;
    }
  };
}

/** Route options that install a guard; spread them into a route's options. */
export type GuardOptions = Pick<RouteShorthandOptions, 'onRequest' | 'preHandler'>;

/** The guards of the two APIs, built once per server. */
export class AccessGuards {
  readonly runtime: GuardOptions;
  readonly admin: GuardOptions;

  constructor(credentials: Credentials, faults: FaultSet) {
    // FAULT auth.runtime-open: the runtime API lets requests without a credential through.
    const allowMissing = faults.has('auth.runtime-open');
    // FAULT auth.tenant-rejected: the runtime API answers tenant tokens as invalid credentials.
    const tenantsInvalid = faults.has('auth.tenant-rejected');
    // FAULT error.auth-after-body: guards run as preHandler, after the body was parsed and validated.
    const afterBody = faults.has('error.auth-after-body');
    const install = (guard: ReturnType<typeof requireCredential>): GuardOptions => (afterBody ? { preHandler: guard } : { onRequest: guard });
    this.runtime = install(requireCredential(credentials, 'tenant-or-admin', { allowMissing, tenantsInvalid }));
    this.admin = install(requireCredential(credentials, 'admin'));
  }
}
