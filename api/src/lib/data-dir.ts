// DATA_DIR holds the embedded database, its password and the admin token: only the OS user
// running the app may read it. The process umask makes every file created from here on
// private (PGlite writes its files with the default mode 0666, minus the umask), and start-up
// refuses a directory that group or others can already reach.
import { lstat, mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tightenPermissions } from '@sentinel/db';

/** How many exposed entries the start-up message lists before "and N more". */
const SHOWN = 5;

export class DataDirError extends Error {}

/** Sets a private umask and creates DATA_DIR 0700; throws DataDirError naming the fix when it is exposed. */
export async function secureDataDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return; // POSIX modes mean nothing there; NTFS ACLs apply.
  process.umask(0o077);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  // PGlite sets its own files' modes (0666) and the app takes group and other access away
  // while it runs and when it stops; after a crash some may be left open, inside a directory
  // nobody else can enter. Those are ours to fix, as long as the directory itself was private.
  if (!((await lstat(dir)).mode & 0o077)) await tightenPermissions(join(dir, 'pglite'));
  const exposed = await findExposed(dir);
  if (exposed.length > 0) {
    const list = exposed.slice(0, SHOWN).join(', ') + (exposed.length > SHOWN ? ` and ${exposed.length - SHOWN} more` : '');
    throw new DataDirError(
      `DATA_DIR ${dir} is readable or writable by other users (${list}). Fix it with: chmod -R go-rwx '${dir}' — then start again.`,
    );
  }
}

/** Every path under `dir` (itself included) with any group or other permission bit. */
export async function findExposed(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (path: string) => {
    const info = await lstat(path);
    if (info.isSymbolicLink()) return; // a link's own mode is meaningless; its target is checked where it lives
    if (info.mode & 0o077) out.push(path);
    if (info.isDirectory()) for (const name of await readdir(path)) await walk(join(path, name));
  };
  await walk(dir);
  return out;
}
