// Who sends a request in a scenario: the admin, a provisioned tenant, nobody, or a stranger with a credential the
// runtime never issued (an unknown bearer token, or an Authorization header of another scheme).
import { defineParameterType } from '@cucumber/cucumber';
import type { ConformanceWorld } from './world.ts';

export type Principal =
  | { readonly kind: 'admin' }
  | { readonly kind: 'admin-lower-case-scheme' }
  | { readonly kind: 'tenant'; readonly name: string }
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'unknown-token' }
  | { readonly kind: 'non-bearer' };

defineParameterType({
  name: 'principal',
  regexp: /the admin with a lower-case scheme|the admin|an anonymous client|a client with an unknown token|a client with a non-bearer credential|tenant "[^"]*"/,
  transformer(text: string): Principal {
    if (text === 'the admin') return { kind: 'admin' };
    if (text === 'the admin with a lower-case scheme') return { kind: 'admin-lower-case-scheme' };
    if (text === 'an anonymous client') return { kind: 'anonymous' };
    if (text === 'a client with an unknown token') return { kind: 'unknown-token' };
    if (text === 'a client with a non-bearer credential') return { kind: 'non-bearer' };
    return { kind: 'tenant', name: text.slice('tenant "'.length, -1) };
  },
});

/** Well-formed but issued by nobody: the runtime must reject it, never treat it as anonymous. */
export const UNKNOWN_TOKEN = 'not-a-real-token-0000000000000000';

/** What a principal puts on the wire: a bearer token, an explicit Authorization header, or nothing. */
export interface Credential {
  readonly token: string | null;
  readonly headers?: Record<string, string>;
}

export function credentialOf(world: ConformanceWorld, principal: Principal): Credential {
  switch (principal.kind) {
    case 'admin':
      return { token: world.token('admin') };
    case 'admin-lower-case-scheme':
      // SPEC-000 §4.1: the scheme name is case-insensitive (RFC 6750 via RFC 9110 §11.1).
      return { token: null, headers: { authorization: `bearer ${world.token('admin')}` } };
    case 'tenant':
      return { token: world.token(principal.name) };
    case 'anonymous':
      return { token: null };
    case 'unknown-token':
      return { token: UNKNOWN_TOKEN };
    case 'non-bearer':
      // A header that is not a bearer token is an invalid credential, not a missing one (SPEC-000 §4.1).
      return { token: null, headers: { authorization: 'Basic YWRtaW46YWRtaW4=' } };
  }
}

/** Every secret a scenario knows: error messages must never echo one (REQ-007-012). */
export function knownSecrets(world: ConformanceWorld): string[] {
  return [...world.tokens.values(), UNKNOWN_TOKEN];
}
