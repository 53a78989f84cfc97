// SHA-256 off the JavaScript thread, for verified reads (SPEC-024): a small pool of worker threads, one per core,
// hashing chunks of files as they arrive in shared memory. Each file is hashed by one worker, chunk after chunk in
// order, so the digest is the plain SHA-256 of the file; different files go to different workers, so verification
// uses every core while libuv's threads read the next chunks. The workers are unref'd: they never keep the process
// alive while idle, and a process that never verifies a file never starts one.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

// Plain JavaScript run with `eval`, so that the worker needs no TypeScript loader.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hashes = new Map();
parentPort.on('message', (m) => {
  if (m.kind === 'chunk') {
    let hash = hashes.get(m.job);
    if (hash === undefined) hashes.set(m.job, (hash = createHash('sha256')));
    hash.update(new Uint8Array(m.buffer, m.offset, m.length));
  } else {
    const hash = hashes.get(m.job) ?? createHash('sha256');
    hashes.delete(m.job);
    parentPort.postMessage({ job: m.job, digest: hash.digest('hex') });
  }
});
`;

interface PoolWorker {
  worker: Worker;
  jobs: number;
}

/** One file's hashing on one worker: feed chunks of a shared buffer in order, then ask for the digest. */
export interface HashJob {
  update(buffer: SharedArrayBuffer, offset: number, length: number): void;
  digest(): Promise<string>;
}

export class HashPool {
  private readonly size: number;
  private readonly workers: PoolWorker[] = [];
  private readonly pending = new Map<number, { resolve: (digest: string) => void; reject: (error: Error) => void }>();
  private nextJob = 1;

  constructor(size = Math.max(1, Math.min(4, availableParallelism()))) {
    this.size = size;
  }

  /** Starts hashing a file on the least busy worker (workers start on first use). */
  start(): HashJob {
    const target = this.pickWorker();
    const job = this.nextJob++;
    // A worker with work keeps the process alive until it answers; an idle one never does.
    if (target.jobs++ === 0) target.worker.ref();
    return {
      update: (buffer, offset, length) => target.worker.postMessage({ kind: 'chunk', job, buffer, offset, length }),
      digest: () => new Promise<string>((resolve, reject) => {
        this.pending.set(job, { resolve, reject });
        target.worker.postMessage({ kind: 'digest', job });
      }).finally(() => {
        if (--target.jobs === 0) target.worker.unref();
      }),
    };
  }

  private pickWorker(): PoolWorker {
    if (this.workers.length < this.size && this.workers.every((w) => w.jobs > 0)) this.workers.push(this.spawn());
    return this.workers.reduce((best, w) => (w.jobs < best.jobs ? w : best));
  }

  private spawn(): PoolWorker {
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    worker.unref();
    worker.on('message', (m: { job: number; digest: string }) => {
      this.pending.get(m.job)?.resolve(m.digest);
      this.pending.delete(m.job);
    });
    worker.on('error', (error) => this.failAll(error));
    return { worker, jobs: 0 };
  }

  private failAll(error: Error): void {
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }

  /** Stops the workers (tests); later jobs start new ones. */
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
