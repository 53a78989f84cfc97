// Multi-tenant isolation (SPEC-050): who a caller is as a tenant, what it may see, its quotas, its place in the
// fair queue and the secret that keys its prefix cache. The server builds one Tenancy and the scheduler uses it.

import type { Clock } from '../../clock.ts';
import type { FaultSet } from '../../faults.ts';
import type { Principal } from '../../server/credentials.ts';
import { FairQueue } from './fair-queue.ts';
import { TenantPolicy, UNLIMITED, type TenantQuota } from './tenant-policy.ts';
import { TenantSecrets } from './tenant-secrets.ts';

export { FairQueue, type FairQueueOptions } from './fair-queue.ts';
export { TenantPolicy, UNLIMITED, type AdmissionRequest, type QuotaChange, type TenantQuota, type TenantUsage } from './tenant-policy.ts';
export { TenantSecrets, TENANT_SECRET_LABEL } from './tenant-secrets.ts';
export { TokenBucket } from './token-bucket.ts';

/** The tenant the admin credential acts as: not a valid tenant name, so it never clashes with one. */
export const ADMIN_TENANT = '@admin';

export interface TenancyOptions {
  clock: Clock;
  faults: FaultSet;
  /** At least 16 bytes, secret, fixed for the process (prefix keys derive from it). */
  serverSecret: Buffer;
  /** Quota of a tenant nobody has set one for; unlimited when absent. */
  defaultQuota?: TenantQuota;
}

export interface Tenancy {
  clock: Clock;
  policy: TenantPolicy;
  secrets: TenantSecrets;
  /**
   * A fair queue whose tenants count as active while the policy has generations of theirs running. The scheduler
   * passes the virtual tokens an admission costs (the request's prompt tokens) and calls `charge(tenant, 1)` for
   * each completion token.
   */
  newQueue<T>(admissionTokens?: (item: T) => number): FairQueue<T>;
  /** The tenant a principal acts as (REQ-050-001). */
  tenantOf(principal: Principal): string;
  /**
   * Whether a principal may see a generation owned by `owner` (its own, or any for the admin); the service answers
   * E_GENERATION_NOT_FOUND otherwise.
   */
  canSee(principal: Principal, owner: string): boolean;
  /** Control-API reset: quotas back to their defaults (REQ-050-008). */
  reset(): void;
}

export function tenantOf(principal: Principal): string {
  return principal.kind === 'admin' ? ADMIN_TENANT : principal.tenant;
}

export function createTenancy(options: TenancyOptions): Tenancy {
  const { clock, faults } = options;
  const policy = new TenantPolicy(faults, options.defaultQuota ?? UNLIMITED);
  const secrets = new TenantSecrets(options.serverSecret, faults);
  // FAULT tenant.generations-shared: every principal sees every tenant's generations.
  const shareGenerations = faults.has('tenant.generations-shared');
  return {
    clock,
    policy,
    secrets,
    newQueue: <T>(admissionTokens?: (item: T) => number) =>
      new FairQueue<T>(faults, { isRunning: (tenant) => policy.isRunning(tenant), ...(admissionTokens === undefined ? {} : { admissionTokens }) }),
    tenantOf,
    // REQ-050-001: a tenant sees its own generations; the admin, who operates the runtime, sees every one.
    canSee: (principal, owner) => shareGenerations || principal.kind === 'admin' || principal.tenant === owner,
    reset: () => policy.reset(clock.now()),
  };
}
