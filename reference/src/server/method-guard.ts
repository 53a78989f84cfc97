// 405 for known paths asked with a method they do not serve (SPEC-007 E_PROTOCOL_METHOD_NOT_ALLOWED). fastify on
// its own answers those with 404; here each path registered on the app gets a companion route for the other
// methods. It answers in onRequest so that the body of a wrong-method request is never parsed.

import type { FastifyInstance, HTTPMethods } from 'fastify';
import type { ErrorResponder } from './error-envelope.ts';

const GUARDED_METHODS: readonly HTTPMethods[] = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

export class MethodGuard {
  private readonly methodsByUrl = new Map<string, Set<string>>();

  /** Starts recording routes; call before any route is registered. */
  watch(app: FastifyInstance): void {
    app.addHook('onRoute', (route) => {
      const methods = this.methodsByUrl.get(route.url) ?? new Set<string>();
      for (const method of [route.method].flat()) methods.add(method);
      if (methods.has('GET')) methods.add('HEAD');
      this.methodsByUrl.set(route.url, methods);
    });
  }

  /** Adds the 405 companions for every route recorded so far. */
  install(app: FastifyInstance, errors: ErrorResponder): void {
    const recorded = [...this.methodsByUrl.entries()].map(([url, methods]) => [url, [...methods].sort()] as const);
    for (const [url, allowed] of recorded) {
      const others = GUARDED_METHODS.filter((method) => !allowed.includes(method));
      if (others.length === 0) continue;
      const allowHeader = allowed.join(', ');
      app.route({
        method: others,
        url,
        // Replying in the hook without calling `done` ends the request here.
        onRequest: (request, reply, _done) => {
          reply.header('allow', allowHeader);
          errors.send(reply, 'E_PROTOCOL_METHOD_NOT_ALLOWED', `${request.method} is not allowed here; allowed: ${allowHeader}`);
        },
        handler: (_request, reply) => reply,
      });
    }
  }
}
