/**
 * Atomic file replacement: a reader sees either the previous file or the complete new one, never a partial
 * write, even if the process dies mid-way. Write a temporary file in the same directory, fsync it, rename it over
 * the target, then fsync the directory so the rename itself survives a crash.
 */
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

// Unique within this process; the pid separates concurrent processes. No randomness needed.
let sequence = 0;

async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Some platforms (Windows) cannot open or fsync a directory; the rename is still atomic there.
  } finally {
    await handle?.close();
  }
}

export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  sequence += 1;
  const temporary = join(dir, `.${basename(path)}.${process.pid}.${sequence}.tmp`);
  const handle = await open(temporary, 'wx');
  try {
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dir);
}
