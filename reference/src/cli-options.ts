// Command line of the reference runtime (`npm run serve -- ...`). Parsing is separate from main.ts so that every
// refusal can be tested without starting a server.

import { parseArgs } from 'node:util';
import { checkFaultsAllowed, parseFaults, type FaultSet } from './faults.ts';
import { DEFAULT_KV_PAGES, DEFAULT_MAX_BATCH } from './limits.ts';
import type { RuntimeMode } from './server/runtime-context.ts';

export const USAGE = `usage: npm run serve -- [options]
  --port N              TCP port, 0 for an ephemeral one (default 0)
  --host H              interface to bind (default 127.0.0.1)
  --mode M              conformance | production (default production)
  --admin-token T       admin bearer token (or env LITELLM_ADMIN_TOKEN); required
  --fault NAME          switch on a named fault (repeatable); production mode takes only protocol.production-*
  --log-level L         pino level: fatal, error, warn, info, debug, trace, silent (default info)
  --storage-dir DIR     directory of the cold tier and snapshots (default: a fresh directory under the OS temp dir)
  --kv-pages N          pages of the KV cache pool, 16 positions each (default 1024)
  --max-batch N         most sequences one generation step runs (default 64)
  --metrics-open        serve GET /metrics without a credential (default: admin only)
  --help                print this text
environment: LITELLM_KERNELS auto | typescript | native (default auto: the native kernels when built)`;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface CliOptions {
  port: number;
  host: string;
  mode: RuntimeMode;
  adminToken: string;
  faults: FaultSet;
  logLevel: string;
  /** Directory of the cold tier and snapshots; null for a fresh temporary one. */
  storageDir: string | null;
  kvPages: number;
  maxBatch: number;
  metricsOpen: boolean;
}

function positiveInteger(name: string, text: string | undefined, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const value = /^[1-9][0-9]{0,8}$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= 1 && value <= max)) throw new CliError(`--${name} must be an integer in 1..${max}, got "${text}"`);
  return value;
}

export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** Returns the options, or null when --help was asked for; throws CliError with a readable reason otherwise. */
export function parseCliOptions(argv: readonly string[], env: NodeJS.ProcessEnv): CliOptions | null {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        mode: { type: 'string' },
        'admin-token': { type: 'string' },
        fault: { type: 'string', multiple: true },
        'log-level': { type: 'string' },
        'storage-dir': { type: 'string' },
        'kv-pages': { type: 'string' },
        'max-batch': { type: 'string' },
        'metrics-open': { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  if (values.help === true) return null;

  const portText = values.port ?? '0';
  const port = /^[0-9]{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) throw new CliError(`--port must be an integer in 0..65535, got "${portText}"`);

  const mode = values.mode ?? 'production';
  if (mode !== 'conformance' && mode !== 'production') {
    throw new CliError(`--mode must be conformance or production, got "${mode}"`);
  }

  const adminToken = values['admin-token'] ?? env['LITELLM_ADMIN_TOKEN'] ?? '';
  if (adminToken === '') throw new CliError('an admin token is required: pass --admin-token T or set LITELLM_ADMIN_TOKEN');
  if (!/^[\x21-\x7e]+$/.test(adminToken)) throw new CliError('the admin token must be visible ASCII without spaces');

  let faults: FaultSet;
  try {
    faults = parseFaults(values.fault ?? []);
    checkFaultsAllowed(mode, faults);
  } catch (error) {
    throw new CliError((error as Error).message);
  }

  const logLevel = values['log-level'] ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new CliError(`--log-level must be one of ${LOG_LEVELS.join(', ')}`);

  const storageDir = values['storage-dir'] ?? null;
  if (storageDir === '') throw new CliError('--storage-dir must name a directory');

  const kvPages = positiveInteger('kv-pages', values['kv-pages'], DEFAULT_KV_PAGES, 1_048_576);
  const maxBatch = positiveInteger('max-batch', values['max-batch'], DEFAULT_MAX_BATCH, 4096);
  return {
    port, host: values.host ?? '127.0.0.1', mode, adminToken, faults, logLevel, storageDir, kvPages, maxBatch,
    metricsOpen: values['metrics-open'] === true,
  };
}
