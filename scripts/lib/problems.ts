// Findings of the repository tools are data, not exceptions: every check collects problems and the command
// decides how to print them and which exit code to return.

/** One finding, located at a repository-relative file and a 1-based line (1 when no better line exists). */
export interface Problem {
  readonly file: string;
  readonly line: number;
  /** Stable rule name, e.g. `spec.keyword-count`; lets tests and users filter without matching prose. */
  readonly code: string;
  readonly message: string;
}

export function problem(file: string, line: number, code: string, message: string): Problem {
  return { file, line, code, message };
}

/** `file:line: message [code]`, the shape editors and CI annotations turn into links. */
export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}: ${p.message} [${p.code}]`;
}

/** Sorted by file, then line, then code, so output is the same on every run and every machine. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      compareText(a.file, b.file) || a.line - b.line || compareText(a.code, b.code) || compareText(a.message, b.message),
  );
}

/** Code-unit order, independent of the locale of the machine that runs the tool. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Thrown only on misuse of a tool API (a caller skipped a required check); findings are Problems instead. */
export class ToolError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'ToolError';
    this.code = code;
  }
}
