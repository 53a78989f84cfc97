// REQ-007-012: what an error message must not carry. A heuristic by nature: it looks for the shapes stack frames,
// absolute file-system paths and known credentials take, not for every possible leak.
const STACK_FRAME = /(^|\n)\s*at\s+\S.*[(:]\d+(:\d+)?\)?/;
const SOURCE_POSITION = /\.(?:[cm]?[jt]s|tsx?|py|go|rs|java|cc?|cpp):\d+/;
const FILE_URL = /file:\/\//i;
// An absolute POSIX path with two or more segments starting at a usual root, or a Windows drive path.
const POSIX_PATH = /(^|[\s'"(=:])\/(?:home|Users|usr|etc|var|tmp|opt|srv|root|proc|mnt|workspace|work|app|src|node_modules)\/[^\s'")]+/;
const WINDOWS_PATH = /\b[A-Za-z]:\\[^\s'")]+/;

/** The reasons `message` reveals internals; empty when it reveals none. */
export function messageLeaks(message: string, secrets: readonly string[], localPaths: readonly string[] = []): string[] {
  const leaks: string[] = [];
  if (STACK_FRAME.test(message) || SOURCE_POSITION.test(message)) leaks.push('a stack trace or source position');
  if (FILE_URL.test(message) || POSIX_PATH.test(message) || WINDOWS_PATH.test(message)) leaks.push('a file-system path');
  if (localPaths.some((p) => p.length > 1 && message.includes(p))) leaks.push('a path of the machine running the suite');
  if (secrets.some((s) => s.length >= 8 && message.includes(s))) leaks.push('a credential');
  return leaks;
}
