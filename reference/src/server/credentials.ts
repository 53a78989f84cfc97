// Bearer credentials (SPEC-000 §4.1, RFC 6750): the admin token given at startup and tenant tokens issued by the
// control API. Tokens are compared through their SHA-256 digests: the admin digest with timingSafeEqual, tenant
// tokens by digest lookup, so response timing does not reveal how much of a guessed token was right.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { RuntimeError } from '../errors.ts';

export type Principal = { kind: 'admin' } | { kind: 'tenant'; tenant: string };

// Scheme name case-insensitive; one or more spaces; the token is any run of visible characters.
const BEARER = /^bearer +([\x21-\x7e]+) *$/i;

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export type TokenGenerator = () => string;

export const randomToken: TokenGenerator = () => randomBytes(32).toString('base64url');

export class Credentials {
  private readonly adminDigest: Buffer;
  private readonly tenantsByDigest = new Map<string, string>();
  private readonly tenantNames = new Set<string>();
  private readonly generateToken: TokenGenerator;

  constructor(adminToken: string, generateToken: TokenGenerator = randomToken) {
    if (adminToken.length === 0) throw new Error('the admin token must not be empty');
    this.adminDigest = digest(adminToken);
    this.generateToken = generateToken;
  }

  /** Resolves an Authorization header to a principal; throws E_AUTH_MISSING_CREDENTIAL or E_AUTH_INVALID_CREDENTIAL. */
  authenticate(authorization: string | undefined): Principal {
    if (authorization === undefined) throw new RuntimeError('E_AUTH_MISSING_CREDENTIAL', 'this route needs a bearer token');
    const token = BEARER.exec(authorization)?.[1];
    if (token === undefined) throw new RuntimeError('E_AUTH_INVALID_CREDENTIAL', 'Authorization is not a bearer token');
    const presented = digest(token);
    if (timingSafeEqual(presented, this.adminDigest)) return { kind: 'admin' };
    const tenant = this.tenantsByDigest.get(presented.toString('hex'));
    if (tenant === undefined) throw new RuntimeError('E_AUTH_INVALID_CREDENTIAL', 'unknown bearer token');
    return { kind: 'tenant', tenant };
  }

  /** Creates a tenant and returns its token; an existing name leaves that tenant and its token untouched. */
  createTenant(name: string): string {
    if (this.tenantNames.has(name)) throw new RuntimeError('E_CONTROL_TENANT_EXISTS', `tenant ${name} already exists`);
    let token = this.generateToken();
    // A generator collision with the admin or a live token would merge two principals; draw again.
    while (timingSafeEqual(digest(token), this.adminDigest) || this.tenantsByDigest.has(digest(token).toString('hex'))) {
      token = this.generateToken();
    }
    this.tenantsByDigest.set(digest(token).toString('hex'), name);
    this.tenantNames.add(name);
    return token;
  }

  /** Deletes a tenant and revokes its token; an unknown name is a no-op. */
  deleteTenant(name: string): void {
    if (!this.tenantNames.delete(name)) return;
    for (const [tokenDigest, tenant] of this.tenantsByDigest) {
      if (tenant === name) this.tenantsByDigest.delete(tokenDigest);
    }
  }

  clearTenants(): void {
    this.tenantsByDigest.clear();
    this.tenantNames.clear();
  }
}
