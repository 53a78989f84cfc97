// Command-line options of `npm run conformance`, parsed and checked before anything starts.
import { parseArgs } from 'node:util';
import { RunSetupError } from './errors.ts';
import type { RunOptions } from './run.ts';

export const USAGE = `usage: npm run conformance -- [options]

  --endpoint URL             runtime under test (conformance mode); omitted: start the embedded reference
  --production-endpoint URL  the same runtime in production mode (checks the control API is absent there)
  --admin-token TOKEN        admin credential of the runtime (or env LITELLM_ADMIN_TOKEN)
  --profile NAME             profile to certify (default: core)
  --tags EXPR                cucumber tag expression to select scenarios (not allowed with --certify)
  --report-dir DIR           where run folders are written (default: reports/out)
  --fixture-host HOST        address the fixture server binds and advertises (default: 127.0.0.1)
  --fault NAME               embedded reference only: start it with a mutant switch (repeatable)
  --certify                  certification run: no tag filter, every MUST of the profile must pass
  --fail-fast                stop at the first failing scenario
  --timeout MS               per-request timeout (default: 15000)
  --help                     this text`;

export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv): Omit<RunOptions, 'write' | 'now'> | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      endpoint: { type: 'string' },
      'production-endpoint': { type: 'string' },
      'admin-token': { type: 'string' },
      profile: { type: 'string', default: 'core' },
      tags: { type: 'string' },
      'report-dir': { type: 'string' },
      'fixture-host': { type: 'string', default: '127.0.0.1' },
      fault: { type: 'string', multiple: true, default: [] },
      certify: { type: 'boolean', default: false },
      'fail-fast': { type: 'boolean', default: false },
      timeout: { type: 'string', default: '15000' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  const endpoint = values.endpoint ?? null;
  if (endpoint !== null) checkUrl('--endpoint', endpoint);
  if (values['production-endpoint'] !== undefined) checkUrl('--production-endpoint', values['production-endpoint']);
  if (endpoint !== null && values.fault.length > 0) {
    throw new RunSetupError('H_OPTION_INVALID', '--fault applies to the embedded reference only; it cannot be combined with --endpoint');
  }
  const timeout = Number(values.timeout);
  if (!Number.isInteger(timeout) || timeout < 100 || timeout > 600_000) {
    throw new RunSetupError('H_OPTION_INVALID', '--timeout must be an integer number of milliseconds between 100 and 600000');
  }
  return {
    endpoint,
    productionEndpoint: values['production-endpoint'] ?? null,
    adminToken: values['admin-token'] ?? env.LITELLM_ADMIN_TOKEN ?? null,
    profile: values.profile,
    tags: values.tags ?? null,
    reportDir: values['report-dir'] ?? null,
    faults: values.fault,
    fixtureHost: values['fixture-host'],
    failFast: values['fail-fast'],
    certification: values.certify,
    requestTimeoutMs: timeout,
  };
}

function checkUrl(flag: string, value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RunSetupError('H_OPTION_INVALID', `${flag} must be an absolute http(s) URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new RunSetupError('H_OPTION_INVALID', `${flag} must use http or https, got "${url.protocol}"`);
  }
}

