// A small fastify server for tests of the tenancy routes and of how a quota refusal reaches the wire: the tenancy
// control routes, a control reset, and a stand-in for a generation request that only passes the tenant's quota.
// It carries the real error envelope, request validation and guards, nothing else of the runtime.

import Fastify, { type FastifyInstance } from 'fastify';
import { VirtualClock } from '../../clock.ts';
import type { FaultSet } from '../../faults.ts';
import { DEFAULT_SCHEMAS_DIR, loadSchemaDocuments } from '../../schema-store.ts';
import { AccessGuards } from '../../server/auth-hooks.ts';
import { Credentials } from '../../server/credentials.ts';
import { ErrorResponder } from '../../server/error-envelope.ts';
import { loadErrorRegistry } from '../../server/error-registry.ts';
import { schemaControllerOptions } from '../../server/request-validation.ts';
import { registerTenancyRoutes } from '../../server/routes-tenancy.ts';
import type { RuntimeContext } from '../../server/runtime-context.ts';
import { ADMIN } from '../../test-support/inject.ts';
import { createTenancy, type Tenancy } from './index.ts';

export const TEST_SERVER_SECRET = Buffer.alloc(32, 0x5a);

/** Path of the stand-in: POST {promptTokens, maxTokens} is admitted by the caller's quota or refused. */
export const ADMIT_PATH = '/test/admit';

export interface TenancyTestServer {
  app: FastifyInstance;
  tenancy: Tenancy;
  clock: VirtualClock;
  /** Creates a tenant and returns its token. */
  tenant: (name: string) => string;
}

export function buildTenancyTestServer(faults: FaultSet): TenancyTestServer {
  const clock = new VirtualClock();
  const tenancy = createTenancy({ clock, faults, serverSecret: TEST_SERVER_SECRET });
  const credentials = new Credentials(ADMIN);
  const access = new AccessGuards(credentials, faults);
  // Only what the tenancy routes read from the context.
  const ctx = { mode: 'conformance', faults, access, credentials, clock, resetHooks: [] } as unknown as RuntimeContext;
  const errors = new ErrorResponder(loadErrorRegistry(), faults);
  const app = Fastify({ logger: false, schemaController: schemaControllerOptions(), frameworkErrors: errors.frameworkErrors });
  for (const document of loadSchemaDocuments(DEFAULT_SCHEMAS_DIR)) app.addSchema(document);
  errors.install(app);
  registerTenancyRoutes(app, ctx, tenancy);
  app.post('/v1/conformance/reset', { ...access.admin }, () => {
    credentials.clearTenants();
    for (const hook of ctx.resetHooks) hook();
    return { reset: true };
  });
  app.post<{ Body: { promptTokens: number; maxTokens: number } }>(ADMIT_PATH, { ...access.runtime }, (request, reply) => {
    const tenant = tenancy.tenantOf(credentials.authenticate(request.headers.authorization));
    tenancy.policy.admit(tenant, request.body, clock.now());
    return reply.code(202).send({ tenant });
  });
  return { app, tenancy, clock, tenant: (name) => credentials.createTenant(name) };
}
