// Hooks: fetch and validate the runtime's info once, skip scenarios whose capability is not claimed (with the
// reason recorded for the report), reset the runtime before each scenario, and attach the HTTP transcript after.
import { After, Before, BeforeAll, setDefaultTimeout } from '@cucumber/cucumber';
import { SKIP_REASON_MEDIA_TYPE } from '../../../reports/src/index.ts';
import { HttpClient } from '../driver/http-client.ts';
import { readParameters } from './parameters.ts';
import { runtimeInfoOrNull, schemaRegistry, setRuntimeInfo, setRuntimeInfoProblem, type RuntimeInfo } from './run-context.ts';
import type { ConformanceWorld } from './world.ts';

/** Media type of the per-scenario HTTP transcript attachment (evidence for reports). */
export const TRANSCRIPT_MEDIA_TYPE = 'application/x.lite-llm.transcript+json';

setDefaultTimeout(30_000);

BeforeAll(async function () {
  // BeforeAll has no world; the parameters arrive through the environment the CLI sets for this process.
  const raw = process.env.LITELLM_HARNESS_PARAMETERS;
  if (raw === undefined) throw new Error('LITELLM_HARNESS_PARAMETERS is not set (run through npm run conformance)');
  const params = readParameters(JSON.parse(raw));
  const client = new HttpClient(params.endpoint, schemaRegistry(), params.requestTimeoutMs);
  const response = await client.request({ method: 'GET', path: '/v1/info' });
  // An unusable info document is a failure of the info requirements (SPEC-000), not a reason to abort the run:
  // those scenarios fail, scenarios needing a capability are skipped with the reason, the rest still run.
  try {
    if (response.status !== 200) throw new Error(`GET /v1/info answered ${response.status}`);
    setRuntimeInfo(client.validate<RuntimeInfo>(response, 'protocol/info', 'GET /v1/info'));
  } catch (err) {
    setRuntimeInfoProblem((err as Error).message);
  }
});

Before(async function (this: ConformanceWorld, { pickle }) {
  const info = runtimeInfoOrNull();
  const claimed = new Set(info?.capabilities ?? []);
  for (const tag of pickle.tags) {
    const capability = tag.name.startsWith('@capability:') ? tag.name.slice('@capability:'.length) : null;
    if (capability !== null && !claimed.has(capability)) {
      const why = info === null ? 'cannot be confirmed: GET /v1/info is unavailable or invalid' : 'is not claimed by the runtime';
      this.attach(`capability "${capability}" ${why}`, SKIP_REASON_MEDIA_TYPE);
      return 'skipped';
    }
  }
  if (pickle.tags.some((t) => t.name === '@production') && this.production === null) {
    this.attach('no production-mode endpoint was supplied (--production-endpoint)', SKIP_REASON_MEDIA_TYPE);
    return 'skipped';
  }
  // Every scenario starts from a reset runtime so scenarios are independent and order-free.
  const response = await this.api.request({ method: 'POST', path: '/v1/conformance/reset', token: this.token('admin') });
  this.api.validate(response, 'protocol/reset-response', 'POST /v1/conformance/reset');
  return undefined;
});

After(function (this: ConformanceWorld) {
  const exchanges = [...this.api.transcript, ...(this.production?.transcript ?? [])];
  this.attach(JSON.stringify(exchanges), TRANSCRIPT_MEDIA_TYPE);
});
