// Verified reads off the JavaScript thread (SPEC-024): a small pool of worker threads, one per core, each reading
// whole files and hashing them as they arrive. A worker opens the file, checks its size, reads it in chunks on
// libuv's thread pool and hashes each chunk while the next one is being read; the file's bytes then move to the
// caller with its digest in one message (the buffer is transferred, not copied). Nothing crosses threads per chunk,
// and the buffer is ordinary memory the allocator reuses, so a verified read costs little more than the read. The
// caller compares the digest before it uses a byte. Different files go to different workers, so verification uses
// every core. The workers are unref'd: they never keep the process alive while idle, and a process that never
// verifies a file never starts one.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

// Plain JavaScript run with `eval`, so that the worker needs no TypeScript loader. Open, stat and close are
// synchronous here: they are short system calls, and each would otherwise cost two thread hand-offs per file.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { closeSync, fstatSync, openSync, read } = require('node:fs');

function readAt(fd, bytes, at, length) {
  return new Promise((resolve, reject) => read(fd, bytes, at, length, at, (error, n) => (error ? reject(error) : resolve(n))));
}

async function readAndHash(m) {
  const fd = openSync(m.path, 'r');
  try {
    const observedSize = fstatSync(fd).size;
    if (observedSize !== m.size) return { why: 'size', observedSize };
    // Not zeroed: every byte is overwritten by a read, or the result is a failure that carries no bytes.
    const bytes = Buffer.allocUnsafeSlow(observedSize);
    const hash = createHash('sha256');
    const lengthAt = (k, at) => Math.min(m.chunks[Math.min(k, m.chunks.length - 1)], observedSize - at);
    let at = 0;
    let pending = observedSize > 0 ? readAt(fd, bytes, 0, lengthAt(0, 0)) : null;
    for (let k = 0; pending !== null; k++) {
      const want = lengthAt(k, at);
      const got = await pending;
      if (got !== want) return { why: 'short-read', observedSize };
      const next = at + got;
      pending = next < observedSize ? readAt(fd, bytes, next, lengthAt(k + 1, next)) : null;
      hash.update(bytes.subarray(at, next));
      at = next;
    }
    return { digest: hash.digest('hex'), buffer: bytes.buffer };
  } finally {
    closeSync(fd);
  }
}

parentPort.on('message', (m) => {
  readAndHash(m).then(
    (result) => parentPort.postMessage({ job: m.job, ...result }, result.buffer === undefined ? [] : [result.buffer]),
    (e) => parentPort.postMessage({ job: m.job, error: { message: e.message, code: e.code, errno: e.errno, syscall: e.syscall, path: e.path } }),
  );
});
`;

interface PoolWorker {
  worker: Worker;
  jobs: number;
}

/** A file read whole with its SHA-256 (lower-case hex), or why it could not be: the size differs, or it is short. */
export type HashedRead =
  | { ok: true; bytes: Uint8Array; digest: string }
  | { ok: false; why: 'size' | 'short-read'; observedSize: number };

interface WorkerReply {
  job: number;
  digest?: string;
  buffer?: ArrayBuffer;
  why?: 'size' | 'short-read';
  observedSize?: number;
  error?: { message: string; code?: string; errno?: number; syscall?: string; path?: string };
}

/** An I/O error from a worker, rebuilt with the fields callers test (code, errno, syscall, path). */
function ioError(error: NonNullable<WorkerReply['error']>): NodeJS.ErrnoException {
  const rebuilt: NodeJS.ErrnoException = new Error(error.message);
  for (const key of ['code', 'errno', 'syscall', 'path'] as const) {
    if (error[key] !== undefined) Object.assign(rebuilt, { [key]: error[key] });
  }
  return rebuilt;
}

export class HashPool {
  private readonly size: number;
  private readonly workers: PoolWorker[] = [];
  private readonly pending = new Map<number, { worker: PoolWorker; resolve: (reply: WorkerReply) => void; reject: (error: Error) => void }>();
  private nextJob = 1;

  constructor(size = Math.max(1, Math.min(4, availableParallelism()))) {
    this.size = size;
  }

  /**
   * Reads `path` on the least busy worker (workers start on first use), expecting `size` bytes: the size is checked
   * against the open file before any read. `chunks` are the lengths of the successive reads, the last one
   * repeating. I/O errors (a missing file) reject with the error's code.
   */
  async readAndHash(path: string, size: number, chunks: readonly number[]): Promise<HashedRead> {
    const target = this.pickWorker();
    const job = this.nextJob++;
    // A worker with work keeps the process alive until it answers; an idle one never does.
    if (target.jobs++ === 0) target.worker.ref();
    let reply: WorkerReply;
    try {
      reply = await new Promise<WorkerReply>((resolve, reject) => {
        this.pending.set(job, { worker: target, resolve, reject });
        target.worker.postMessage({ job, path, size, chunks });
      });
    } finally {
      if (--target.jobs === 0) target.worker.unref();
    }
    if (reply.error !== undefined) throw ioError(reply.error);
    if (reply.why !== undefined) return { ok: false, why: reply.why, observedSize: reply.observedSize! };
    return { ok: true, bytes: new Uint8Array(reply.buffer!), digest: reply.digest! };
  }

  private pickWorker(): PoolWorker {
    if (this.workers.length < this.size && this.workers.every((w) => w.jobs > 0)) this.workers.push(this.spawn());
    return this.workers.reduce((best, w) => (w.jobs < best.jobs ? w : best));
  }

  private spawn(): PoolWorker {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    const entry: PoolWorker = { worker, jobs: 0 };
    worker.unref();
    worker.on('message', (reply: WorkerReply) => {
      this.pending.get(reply.job)?.resolve(reply);
      this.pending.delete(reply.job);
    });
    worker.on('error', (error) => this.retire(entry, error));
    worker.on('exit', () => this.retire(entry, new Error('hash pool worker stopped')));
    return entry;
  }

  /** A worker that failed or stopped takes no more files; the reads it had in hand fail. */
  private retire(entry: PoolWorker, error: Error): void {
    const at = this.workers.indexOf(entry);
    if (at >= 0) this.workers.splice(at, 1);
    for (const [job, { worker, reject }] of this.pending) {
      if (worker !== entry) continue;
      this.pending.delete(job);
      reject(error);
    }
  }

  /** Stops the workers (tests); later reads start new ones. */
  async close(): Promise<void> {
    const workers = this.workers.splice(0);
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }
}

let shared: HashPool | undefined;

/** The process's hash pool. */
export function hashPool(): HashPool {
  shared ??= new HashPool();
  return shared;
}
