// The command-line frame shared by the benchmarks: positive integer options, and a runner that answers a bad
// option with its message and exit status 2, and a failed run with the error and exit status 1.
import { pathToFileURL } from 'node:url';

/** The integer value of --name, or `fallback` when it is absent; anything but a positive integer is refused. */
export function positive(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

/** Whether the module at `moduleUrl` is the script node was started with. */
export function isMain(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && moduleUrl === pathToFileURL(process.argv[1]).href;
}

/** Reads the options with `parse` (throwing on a bad one) and runs the benchmark they describe. */
export function runBenchCli<T>(parse: () => T, run: (options: T) => Promise<unknown>): void {
  let options: T;
  try {
    options = parse();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
    return;
  }
  run(options).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
