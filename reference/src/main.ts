// Entry point of the reference runtime: parse the command line, build the server, listen, announce the URL as
// one JSON line on stdout (the only thing written to stdout), and close gracefully on SIGTERM or SIGINT.

import pino from 'pino';
import { CliError, parseCliOptions, USAGE } from './cli-options.ts';
import { isRuntimeError } from './errors.ts';
import { kernelBackend } from './native/native-kernels.ts';
import { buildServer } from './server/app.ts';

async function main(): Promise<void> {
  let options;
  try {
    options = parseCliOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    process.stderr.write(`lite-llm-reference: ${error.message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (options === null) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  try {
    // LITELLM_KERNELS is settled before anything listens: a bad value, or `native` without the addon, stops here.
    kernelBackend();
  } catch (error) {
    if (!isRuntimeError(error)) throw error;
    process.stderr.write(`lite-llm-reference: ${error.message}\n`);
    process.exitCode = 2;
    return;
  }
  const logger = pino({ name: 'lite-llm-reference', level: options.logLevel }, pino.destination(2));
  const app = buildServer({
    adminToken: options.adminToken, mode: options.mode, faults: options.faults, logger,
    ...(options.storageDir === null ? {} : { storageDir: options.storageDir }),
    inference: { kvPages: options.kvPages, maxBatch: options.maxBatch, metricsOpen: options.metricsOpen },
  });
  if (options.faults.size > 0) logger.warn({ faults: [...options.faults] }, 'fault switches are on');
  await app.listen({ port: options.port, host: options.host });

  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('server is not bound to a TCP port');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  process.stdout.write(`${JSON.stringify({ event: 'listening', url: `http://${host}:${address.port}`, mode: options.mode })}\n`);

  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) {
      // A second signal while draining: stop now.
      process.exit(1);
    }
    closing = true;
    logger.info({ signal }, 'closing');
    app.close().then(
      () => logger.flush(),
      (error: unknown) => {
        logger.error({ err: error }, 'close failed');
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`lite-llm-reference: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
