// Server-Sent Events on a raw response (WHATWG HTML §9.2 event stream format): `id:`, `event:` and `data:` fields,
// one blank line after each event. JSON data never holds a raw newline, so one `data:` line carries it. The stream
// is taken over from fastify (reply.hijack), so errors after the first byte travel as events, not as statuses.

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';

export interface SseStream {
  /** Writes one event; a no-op once the client is gone. */
  send(fields: { id?: number; event?: string; data: string }): void;
  end(): void;
  readonly closed: boolean;
}

/** Starts an event stream on `reply`; `onClose` runs once if the client goes away before end(). */
export function openEventStream(request: FastifyRequest, reply: FastifyReply, onClose: () => void): SseStream {
  reply.hijack();
  const raw: ServerResponse = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  // The head goes out in this tick, in one write with the events sent in the same tick (the replayed `start`):
  // the socket is corked until the next tick, as the response's own writes cork it, so the head does not cost a
  // segment and a syscall of its own.
  const socket = raw.socket;
  socket?.cork();
  raw.flushHeaders();
  if (socket !== null) process.nextTick(() => socket.uncork());
  let ended = false;
  let gone = false;
  const closed = (): void => {
    if (ended || gone) return;
    gone = true;
    onClose();
  };
  raw.on('close', closed);
  request.raw.on('aborted', closed);
  return {
    send(fields) {
      if (ended || gone) return;
      let text = '';
      if (fields.id !== undefined) text += `id: ${fields.id}\n`;
      if (fields.event !== undefined) text += `event: ${fields.event}\n`;
      text += `data: ${fields.data}\n\n`;
      raw.write(text);
    },
    end() {
      if (ended) return;
      ended = true;
      if (!gone) raw.end();
    },
    get closed() {
      return gone || ended;
    },
  };
}
