// Who sends a request in a scenario: the admin, a provisioned tenant, nobody, or a stranger with a made-up token.
import { defineParameterType } from '@cucumber/cucumber';
import type { ConformanceWorld } from './world.ts';

export type Principal =
  | { readonly kind: 'admin' }
  | { readonly kind: 'tenant'; readonly name: string }
  | { readonly kind: 'anonymous' }
  | { readonly kind: 'unknown-token' };

defineParameterType({
  name: 'principal',
  regexp: /the admin|an anonymous client|a client with an unknown token|tenant "[^"]*"/,
  transformer(text: string): Principal {
    if (text === 'the admin') return { kind: 'admin' };
    if (text === 'an anonymous client') return { kind: 'anonymous' };
    if (text === 'a client with an unknown token') return { kind: 'unknown-token' };
    return { kind: 'tenant', name: text.slice('tenant "'.length, -1) };
  },
});

/** The bearer token a principal presents (null: no Authorization header at all). */
export function tokenOf(world: ConformanceWorld, principal: Principal): string | null {
  switch (principal.kind) {
    case 'admin':
      return world.token('admin');
    case 'tenant':
      return world.token(principal.name);
    case 'anonymous':
      return null;
    case 'unknown-token':
      // Well-formed but issued by nobody: the runtime must reject it, never treat it as anonymous.
      return 'not-a-real-token-0000000000000000';
  }
}
