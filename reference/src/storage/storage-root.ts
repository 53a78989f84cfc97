// The runtime's storage directory: the cold tier's expert files and the snapshots live under it (SPEC-021,
// SPEC-030). A directory named on the command line persists across restarts; without one the runtime makes a fresh
// directory under the OS temp directory the first time something is stored, and removes it when the server closes.

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class StorageRoot {
  private readonly named: string | undefined;
  private made: string | null = null;

  constructor(dir?: string) {
    this.named = dir;
  }

  /** The directory, created when first asked for. */
  get path(): string {
    if (this.named !== undefined) {
      if (this.made === null) this.made = (mkdirSync(this.named, { recursive: true }), this.named);
      return this.named;
    }
    this.made ??= mkdtempSync(join(tmpdir(), 'litellm-storage-'));
    return this.made;
  }

  /** `path` joined with `parts`, the directory created on first use. */
  resolve(...parts: string[]): string {
    return join(this.path, ...parts);
  }

  /** Whether the directory is temporary (removed at close) rather than named by the operator. */
  get temporary(): boolean {
    return this.named === undefined;
  }

  /** Removes a temporary directory; a named one is left in place. */
  dispose(): void {
    if (this.named === undefined && this.made !== null) rmSync(this.made, { recursive: true, force: true });
    this.made = this.named === undefined ? null : this.made;
  }
}
