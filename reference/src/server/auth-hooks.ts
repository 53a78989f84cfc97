// Route guards: the runtime API accepts a tenant or the admin (SPEC-000 REQ-000-004/005); the control API only
// the admin (REQ-000-006). Guards run in onRequest, before the body is read, so unauthenticated callers learn
// nothing about body parsing or validation.

import type { FastifyReply, FastifyRequest } from 'fastify';
import { RuntimeError } from '../errors.ts';
import type { Credentials } from './credentials.ts';

export type Requirement = 'tenant-or-admin' | 'admin';

export function requireCredential(credentials: Credentials, requirement: Requirement) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    try {
      const principal = credentials.authenticate(request.headers.authorization);
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
