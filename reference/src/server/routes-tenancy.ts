// Tenant quota controls (SPEC-050 §4.6): set and read a tenant's quota and usage. Conformance mode only, admin only,
// like the rest of /v1/conformance/; the server registers them with the other control routes. Control-API reset
// also returns every quota to its default (REQ-050-008).

import type { FastifyInstance } from 'fastify';
import { RuntimeError } from '../errors.ts';
import { ADMIN_TENANT, type QuotaChange, type Tenancy } from '../inference/tenants/index.ts';
import { controlGuard } from './routes-control.ts';
import { bodySchema } from './request-validation.ts';
import type { RuntimeContext } from './runtime-context.ts';

// A tenant name (schemas/protocol/common.schema.json#/$defs/tenantName) or the admin's own tenant.
const QUOTA_TENANT = /^(@admin|[a-z0-9][a-z0-9-]{0,62})$/;

interface QuotaParams {
  name: string;
}

function checkedTenant(name: string): string {
  if (!QUOTA_TENANT.test(name)) throw new RuntimeError('E_PROTOCOL_BAD_REQUEST', `a quota belongs to a tenant name or ${ADMIN_TENANT}`);
  return name;
}

/** The Tenant quota message (schemas/protocol/tenant-quota.schema.json). */
export function quotaView(tenancy: Tenancy, tenant: string): Record<string, unknown> {
  const now = tenancy.clock.now();
  return { tenant, quota: tenancy.policy.quotaOf(tenant, now), usage: tenancy.policy.usageOf(tenant, now) };
}

export function registerTenancyRoutes(app: FastifyInstance, ctx: RuntimeContext, tenancy: Tenancy): void {
  const guard = controlGuard(ctx);

  app.put<{ Params: QuotaParams; Body: QuotaChange }>(
    '/v1/conformance/tenants/:name/quota',
    { ...guard, schema: bodySchema('tenant-quota-request') },
    (request) => {
      const tenant = checkedTenant(request.params.name);
      tenancy.policy.setQuota(tenant, request.body, tenancy.clock.now());
      return quotaView(tenancy, tenant);
    },
  );

  app.get<{ Params: QuotaParams }>('/v1/conformance/tenants/:name/quota', { ...guard }, (request) => quotaView(tenancy, checkedTenant(request.params.name)));

  // REQ-050-008: the control reset also returns every quota to its default.
  ctx.resetHooks.push(() => tenancy.reset());
}
