// Per-tenant secrets (SPEC-050 §4.5): each tenant's secret is HMAC-SHA256 under the server secret of the label
// `litellm/v1/tenant/<tenant>`, and prefix-cache keys are HMAC-SHA256 under the tenant's secret. Two tenants never
// share a key for the same pages, so one tenant can neither hit nor time another's cached prefixes, and the keys
// reveal nothing of the tokens they index to anyone without the server secret.

import { createHmac } from 'node:crypto';
import type { FaultSet } from '../../faults.ts';

export const TENANT_SECRET_LABEL = 'litellm/v1/tenant/';

export class TenantSecrets {
  private readonly serverSecret: Buffer;
  private readonly secrets = new Map<string, Buffer>();
  private readonly labelOf: (tenant: string) => string;

  constructor(serverSecret: Buffer, faults: FaultSet) {
    if (serverSecret.length < 16) throw new RangeError('the server secret must hold at least 16 bytes');
    this.serverSecret = Buffer.from(serverSecret);
    // FAULT tenant.shared-prefix-secret: the tenant name is left out of the label, so every tenant has one secret.
    this.labelOf = faults.has('tenant.shared-prefix-secret') ? () => TENANT_SECRET_LABEL : (tenant) => TENANT_SECRET_LABEL + tenant;
  }

  /** HMAC-SHA256(server secret, UTF-8 of `litellm/v1/tenant/` + tenant). */
  secretOf(tenant: string): Buffer {
    let secret = this.secrets.get(tenant);
    if (secret === undefined) {
      secret = createHmac('sha256', this.serverSecret).update(this.labelOf(tenant), 'utf8').digest();
      this.secrets.set(tenant, secret);
    }
    return secret;
  }

  /** Lower-case hex HMAC-SHA256 of `material` under the tenant's secret: the key of a cached prefix page (REQ-050-007). */
  prefixKey(tenant: string, material: Buffer): string {
    return createHmac('sha256', this.secretOf(tenant)).update(material).digest('hex');
  }
}
