// One error envelope for every non-2xx response (SPEC-007): our own failures, fastify's routing, parsing and
// validation failures, malformed URLs and even malformed HTTP on the raw socket all leave through here.

import type { IncomingMessage } from 'node:http';
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

// An oversized body is read and discarded before the 413 is sent, so that a client still uploading receives the
// envelope rather than a reset connection; past this many bytes the connection is closed instead.
const MAX_DRAIN_BYTES = 256 * 1024 * 1024;

function drainRequest(raw: IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    if (raw.complete) {
      resolve();
      return;
    }
    let seen = 0;
    const finish = (): void => {
      raw.off('data', onData);
      raw.off('end', finish);
      raw.off('error', finish);
      raw.off('close', finish);
      resolve();
    };
    const onData = (chunk: Buffer): void => {
      seen += chunk.length;
      if (seen > MAX_DRAIN_BYTES) finish();
    };
    raw.on('data', onData);
    raw.once('end', finish);
    raw.once('error', finish);
    raw.once('close', finish);
    raw.resume();
  });
}

// The schema's bound on `message`; a stack trace (only under a fault) is cut to it so the envelope stays valid.
const MAX_MESSAGE_LENGTH = 4096;

/** The error.unregistered-code fault: E_ROUTING_SHAPE renamed to a code the registry does not hold. */
function unregisteredName(code: ErrorCode): string {
  return code === 'E_ROUTING_SHAPE' ? code.replace('_SHAPE', '_BAD_SHAPE') : code;
}

export class ErrorResponder {
  private readonly registry: ErrorRegistry;
  private readonly omitCode: boolean;
  private readonly renameCode: (code: ErrorCode) => string;
  private readonly unprocessableAs400: boolean;
  private readonly fetchFailureFinal: boolean;
  private readonly flipRetryable: boolean;
  private readonly notFoundCode: ErrorCode;
  private readonly stackInMessage: boolean;

  constructor(registry: ErrorRegistry, faults: FaultSet) {
    this.registry = registry;
    // FAULT error.no-code: envelopes leave out their `code` field.
    this.omitCode = faults.has('error.no-code');
    // FAULT error.unregistered-code: E_ROUTING_SHAPE is sent as E_ROUTING_BAD_SHAPE.
    this.renameCode = faults.has('error.unregistered-code') ? unregisteredName : (code) => code;
    // FAULT error.wrong-status: codes registered with 422 are sent with HTTP 400.
    this.unprocessableAs400 = faults.has('error.wrong-status');
    // FAULT model.fetch-error-not-retryable: E_MODEL_FETCH_FAILED says retryable false.
    this.fetchFailureFinal = faults.has('model.fetch-error-not-retryable');
    // FAULT error.retryable-flip: `retryable` is the negation of the registry flag.
    this.flipRetryable = faults.has('error.retryable-flip');
    // FAULT protocol.unknown-route-500: unknown paths are answered as internal errors.
    this.notFoundCode = faults.has('protocol.unknown-route-500') ? 'E_INTERNAL' : 'E_PROTOCOL_NOT_FOUND';
    // FAULT error.stack-in-message: messages of thrown errors carry their stack trace.
    this.stackInMessage = faults.has('error.stack-in-message');
  }

  status(code: ErrorCode): number {
    const http = this.registry.get(code)?.http ?? 500;
    return this.unprocessableAs400 && http === 422 ? 400 : http;
  }

  private retryable(code: ErrorCode): boolean {
    const registered = this.registry.get(code)?.retryable ?? false;
    if (this.fetchFailureFinal && code === 'E_MODEL_FETCH_FAILED') return false;
    return this.flipRetryable ? !registered : registered;
  }

  private messageOf(error: Error): string {
    return this.stackInMessage ? (error.stack ?? error.message).slice(0, MAX_MESSAGE_LENGTH) : error.message;
  }

  envelope(code: ErrorCode, message: string): ErrorEnvelope {
    const entry = this.registry.get(code);
    const error = { code: this.renameCode(code), domain: entry?.domain ?? 'internal', message: message || code, retryable: this.retryable(code) };
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
      this.send(reply, this.notFoundCode, `no route for ${request.method} ${request.url.split('?')[0] ?? ''}`);
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
        if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
        return this.send(reply, error.code, this.messageOf(error));
      }
      const code = codeForFrameworkError(error);
      if (code === 'E_PROTOCOL_PAYLOAD_TOO_LARGE') {
        return drainRequest(request.raw).then(() => this.send(reply, code, this.messageOf(error)));
      }
      if (code === 'E_INTERNAL') {
        request.log.error({ err: error }, 'unexpected error');
        return this.send(reply, code, this.stackInMessage ? this.messageOf(error) : 'internal error');
      }
      return this.send(reply, code, this.messageOf(error));
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
