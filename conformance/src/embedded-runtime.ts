// Starts the embedded reference runtime as a child process on an ephemeral loopback port.
// The harness only knows the reference's command line and its `listening` line: it never imports its code.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { referenceMain } from './paths.ts';

export interface EmbeddedRuntimeOptions {
  readonly mode: 'conformance' | 'production';
  readonly adminToken: string;
  /** Mutant switches: each breaks one behaviour on purpose so the suite can prove it catches it. */
  readonly faults?: readonly string[];
  readonly startupTimeoutMs?: number;
  /** The runtime's storage directory (cold tier, snapshots); kept across a restart when the same one is passed. */
  readonly storageDir?: string;
}

export interface EmbeddedRuntime {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

export class EmbeddedRuntimeError extends Error {
  readonly code = 'H_EMBEDDED_RUNTIME_FAILED';
}

const STDERR_TAIL_BYTES = 4000;

export async function startEmbeddedRuntime(options: EmbeddedRuntimeOptions): Promise<EmbeddedRuntime> {
  const args = ['--import', 'tsx', referenceMain, '--port', '0', '--host', '127.0.0.1', '--mode', options.mode];
  for (const fault of options.faults ?? []) args.push('--fault', fault);
  if (options.storageDir !== undefined) args.push('--storage-dir', options.storageDir);
  // The admin credential travels in the environment, not argv, so it does not show in process listings.
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LITELLM_ADMIN_TOKEN: options.adminToken },
  });
  let stderrTail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL_BYTES);
  });
  const url = await waitForListening(child, options.startupTimeoutMs ?? 30_000, () => stderrTail);
  return { url, pid: child.pid ?? -1, stop: () => stopChild(child) };
}

function waitForListening(child: ChildProcess, timeoutMs: number, stderrTail: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const fail = (why: string): void => {
      clearTimeout(timer);
      lines.close();
      child.kill('SIGKILL');
      reject(new EmbeddedRuntimeError(`embedded reference runtime ${why}\n${stderrTail()}`.trimEnd()));
    };
    const timer = setTimeout(() => fail(`did not report listening within ${timeoutMs} ms`), timeoutMs);
    child.once('exit', (code, signal) => fail(`exited before listening (code ${code}, signal ${signal})`));
    child.once('error', (err) => fail(`could not start: ${err.message}`));
    lines.on('line', (line) => {
      let event: unknown;
      try {
        event = JSON.parse(line);
      } catch {
        return;
      }
      const e = event as { event?: unknown; url?: unknown };
      if (e.event === 'listening' && typeof e.url === 'string') {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        child.removeAllListeners('error');
        // Keep draining stdout so the child never blocks on a full pipe.
        child.stdout?.resume();
        resolve(e.url);
      }
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
