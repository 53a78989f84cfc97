// One conformance run: fixtures up, runtime up (embedded or remote), preflight, cucumber-js through its API
// (messages captured as NDJSON), runtime down, reports built from the messages.
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Envelope } from '@cucumber/messages';
import { runCucumber } from '@cucumber/cucumber/api';
import { buildReport, formatSpecSummary, readRequirementsIndex, writeFileAtomic, writeReportFiles, type Report } from '../../reports/src/index.ts';
import { startFixtureServer } from './fixtures/index.ts';
import { startEmbeddedRuntime, type EmbeddedRuntime } from './embedded-runtime.ts';
import { EndpointUnreachableError, HttpClient } from './driver/http-client.ts';
import { SchemaRegistry } from './driver/schemas.ts';
import { featuresDir, harnessSrcDir, repoRoot } from './paths.ts';
import { ProgressPrinter } from './progress.ts';
import { RunSetupError } from './errors.ts';
import type { HarnessParameters } from './support/parameters.ts';
import type { RuntimeInfo } from './support/run-context.ts';

export interface RunOptions {
  readonly endpoint: string | null;
  readonly productionEndpoint: string | null;
  readonly adminToken: string | null;
  readonly profile: string;
  readonly tags: string | null;
  readonly reportDir: string | null;
  readonly faults: readonly string[];
  readonly fixtureHost: string;
  readonly failFast: boolean;
  readonly certification: boolean;
  readonly requestTimeoutMs: number;
  readonly write: (line: string) => void;
  /** Injected clock so report timestamps and run ids can be made reproducible in tests. */
  readonly now: () => Date;
}

export interface RunOutcome {
  readonly exitCode: number;
  readonly runDir: string | null;
  readonly report: Report | null;
}

export async function runConformance(options: RunOptions): Promise<RunOutcome> {
  if (options.certification && options.tags !== null) {
    throw new RunSetupError('H_CERTIFICATION_TAGS', 'a certification run must not filter scenarios with --tags');
  }
  const started = options.now();
  const runId = `${started.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(3).toString('hex')}`;
  const runDir = path.resolve(options.reportDir ?? path.join(repoRoot, 'reports', 'out'), runId);
  const fixtures = await startFixtureServer({ host: options.fixtureHost, port: 0 });
  const runtimes: EmbeddedRuntime[] = [];
  try {
    let endpoint = options.endpoint;
    let productionEndpoint = options.productionEndpoint;
    let adminToken = options.adminToken;
    if (endpoint === null) {
      adminToken = randomBytes(24).toString('hex');
      options.write('starting the embedded reference runtime (conformance and production mode) ...');
      // A mutant switch breaks one behaviour of one mode: production-mode faults go to the production instance.
      const isProductionFault = (f: string): boolean => f.startsWith('protocol.production-');
      const [conformance, production] = await Promise.all([
        startEmbeddedRuntime({ mode: 'conformance', adminToken, faults: options.faults.filter((f) => !isProductionFault(f)) }),
        startEmbeddedRuntime({ mode: 'production', adminToken, faults: options.faults.filter(isProductionFault) }),
      ]);
      runtimes.push(conformance, production);
      endpoint = conformance.url;
      productionEndpoint = production.url;
    }
    const { info, problem } = await preflight(endpoint, options.requestTimeoutMs);
    if (info !== null) {
      options.write(`runtime ${info.runtime.name} ${info.runtime.version} at ${endpoint} (mode ${info.mode}, profiles ${info.profiles.join(', ')})`);
    }
    // Not a setup failure: the run goes on so the report shows which requirements this breaks.
    if (problem !== null) options.write(`warning: ${problem}; the info scenarios will fail and capability-dependent ones are skipped`);
    if (info !== null && !info.profiles.includes(options.profile)) {
      options.write(`warning: the runtime does not claim profile "${options.profile}" (claims: ${info.profiles.join(', ') || 'none'})`);
    }
    if (adminToken === null) {
      throw new RunSetupError('H_ADMIN_TOKEN_REQUIRED', 'an admin credential is needed for the control API: pass --admin-token or set LITELLM_ADMIN_TOKEN');
    }
    const parameters: HarnessParameters = {
      endpoint,
      productionEndpoint,
      adminToken,
      fixtureBaseUrl: fixtures.baseUrl,
      requestTimeoutMs: options.requestTimeoutMs,
    };
    const envelopes = await runScenarios(parameters, options);
    await mkdir(runDir, { recursive: true });
    await writeFileAtomic(path.join(runDir, 'messages.ndjson'), envelopes.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const report = buildReport({
      envelopes,
      requirements: await readRequirementsIndex(path.join(repoRoot, 'specs', 'requirements.json')),
      // Without a usable info document the runtime is recorded as unidentified; its info scenarios have failed.
      info: info ?? { runtime: { name: 'unidentified', version: 'unknown' }, protocolVersion: 'unknown', mode: 'unknown', profiles: [], capabilities: [] },
      endpoint,
      run: { runId, profile: options.profile, tags: options.tags, certification: options.certification },
      createdAt: started.toISOString(),
      suiteRoot: repoRoot,
    });
    await writeReportFiles(report, runDir);
    options.write('');
    options.write(formatSpecSummary(report));
    options.write(`verdict: ${report.verdict.toUpperCase()}   reports: ${path.relative(process.cwd(), runDir) || runDir}`);
    return { exitCode: report.verdict === 'pass' ? 0 : 1, runDir, report };
  } finally {
    await Promise.all(runtimes.map((r) => r.stop()));
    await fixtures.close();
  }
}

/**
 * Only an unreachable endpoint stops a run (exit 2). An info document that is refused or invalid is reported as a
 * problem and left for the scenarios to fail on.
 */
async function preflight(endpoint: string, timeoutMs: number): Promise<{ info: RuntimeInfo | null; problem: string | null }> {
  const client = new HttpClient(endpoint, new SchemaRegistry(), Math.min(timeoutMs, 5_000));
  let response;
  try {
    response = await client.request({ method: 'GET', path: '/v1/info' });
  } catch (err) {
    if (err instanceof EndpointUnreachableError) {
      throw new RunSetupError('H_ENDPOINT_UNREACHABLE', `${err.message}\nIs the runtime running and listening at ${endpoint}?`);
    }
    throw err;
  }
  if (response.status !== 200) return { info: null, problem: `GET /v1/info answered ${response.status} (it must be 200 without credentials)` };
  try {
    return { info: client.validate<RuntimeInfo>(response, 'protocol/info', 'GET /v1/info'), problem: null };
  } catch (err) {
    return { info: null, problem: (err as Error).message };
  }
}

async function runScenarios(parameters: HarnessParameters, options: RunOptions): Promise<Envelope[]> {
  // BeforeAll hooks have no world: they read the same parameters from the environment.
  process.env.LITELLM_HARNESS_PARAMETERS = JSON.stringify(parameters);
  const envelopes: Envelope[] = [];
  const progress = new ProgressPrinter(options.write);
  // Cucumber's own formatter output is not needed: progress comes from the messages, results from the report.
  const sink = new Writable({ write: (_c, _e, cb) => cb() });
  await runCucumber(
    {
      sources: {
        defaultDialect: 'en',
        paths: [path.join(featuresDir, '**', '*.feature')],
        names: [],
        tagExpression: options.tags ?? '',
        order: 'defined',
      },
      support: {
        requireModules: [],
        requirePaths: [],
        importPaths: [path.join(harnessSrcDir, 'support', '*.ts'), path.join(harnessSrcDir, 'steps', '*.ts')],
        loaders: [],
      },
      runtime: {
        dryRun: false,
        failFast: options.failFast,
        filterStacktraces: true,
        parallel: 0,
        retry: 0,
        retryTagFilter: '',
        strict: true,
        worldParameters: { ...parameters },
      },
      formats: { stdout: 'summary', files: {}, publish: false, options: {} },
    },
    { cwd: repoRoot, stdout: sink, stderr: process.stderr, env: process.env },
    (envelope) => {
      envelopes.push(envelope);
      progress.onMessage(envelope);
    },
  );
  return envelopes;
}
