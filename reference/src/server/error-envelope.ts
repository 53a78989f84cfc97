// One error envelope for every non-2xx response (SPEC-007): our own failures, fastify's routing, parsing and
// validation failures, malformed URLs and even malformed HTTP on the raw socket all leave through here.

import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isRuntimeError, type ErrorCode } from '../errors.ts';
import type { FaultSet } from '../faults.ts';
import type { ErrorRegistry } from './error-registry.ts';

export interface ErrorEnvelope {
  error: { code?: string; domain: string; message: string; retryable: boolean };
}

/** Maps fastify's own failures (by error code, then by HTTP status) to registry codes. */
function codeForFrameworkError(error: FastifyError): ErrorCode {
  if (error.validation !== undefined) return 'E_PROTOCOL_BAD_REQUEST';
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return 'E_PROTOCOL_UNSUPPORTED_MEDIA_TYPE';
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'E_PROTOCOL_PAYLOAD_TOO_LARGE';
  switch (error.statusCode) {
    case 400:
      return 'E_PROTOCOL_BAD_REQUEST';
    case 404:
      return 'E_PROTOCOL_NOT_FOUND';
    case 405:
      return 'E_PROTOCOL_METHOD_NOT_ALLOWED';
    case 413:
      return 'E_PROTOCOL_PAYLOAD_TOO_LARGE';
    case 415:
      return 'E_PROTOCOL_UNSUPPORTED_MEDIA_TYPE';
    default:
      return 'E_INTERNAL';
  }
}

export class ErrorResponder {
  private readonly registry: ErrorRegistry;
  private readonly omitCode: boolean;

  constructor(registry: ErrorRegistry, faults: FaultSet) {
    this.registry = registry;
    // FAULT error.no-code: envelopes leave out their `code` field.
    this.omitCode = faults.has('error.no-code');
  }

  status(code: ErrorCode): number {
    return this.registry.get(code)?.http ?? 500;
  }

  envelope(code: ErrorCode, message: string): ErrorEnvelope {
    const entry = this.registry.get(code);
    const error = { code, domain: entry?.domain ?? 'internal', message: message || code, retryable: entry?.retryable ?? false };
    if (this.omitCode) {
      const { code: _omitted, ...withoutCode } = error;
      return { error: withoutCode };
    }
    return { error };
  }

  send(reply: FastifyReply, code: ErrorCode, message: string): FastifyReply {
    return reply.code(this.status(code)).type('application/json; charset=utf-8').send(this.envelope(code, message));
  }

  /** Installs the error and not-found handlers on the root instance. */
  install(app: FastifyInstance): void {
    const notFound = (request: FastifyRequest, reply: FastifyReply): void => {
      this.send(reply, 'E_PROTOCOL_NOT_FOUND', `no route for ${request.method} ${request.url.split('?')[0] ?? ''}`);
    };
    // An unknown path is the first check of all (SPEC-007 §4.3): answer in onRequest, before fastify would parse
    // the body of a request that no route takes.
    app.addHook('onRequest', (request, reply, done) => {
      if (request.is404) notFound(request, reply);
      else done();
    });
    app.setNotFoundHandler(notFound);
    app.setErrorHandler((error: FastifyError, request, reply) => {
      if (isRuntimeError(error)) {
        if (error.code === 'E_INTERNAL') request.log.error({ err: error }, 'internal error');
        return this.send(reply, error.code, error.message);
      }
      const code = codeForFrameworkError(error);
      if (code === 'E_INTERNAL') {
        request.log.error({ err: error }, 'unexpected error');
        return this.send(reply, code, 'internal error');
      }
      return this.send(reply, code, error.message);
    });
  }

  /** fastify `frameworkErrors`: failures before routing, such as a malformed percent-encoding in the URL. */
  readonly frameworkErrors = (error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void => {
    this.send(reply, codeForFrameworkError(error), error.message);
  };

  /** fastify `clientErrorHandler`: malformed HTTP on the socket, answered with the envelope before closing. */
  readonly clientErrorHandler = (error: Error & { code?: string }, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const body = JSON.stringify(this.envelope('E_PROTOCOL_BAD_REQUEST', 'malformed HTTP request'));
    socket.end(
      `HTTP/1.1 ${this.status('E_PROTOCOL_BAD_REQUEST')} Bad Request\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  };
}
