// The admin token guards every route that changes state or shows private data. When the
// user sets none, the first start generates one and keeps it where only the owner can read it.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const ADMIN_TOKEN_FILE = 'admin-token';

export interface AdminToken {
  token: string;
  source: 'environment' | 'file' | 'generated';
  /** Where the token is stored, when it came from a file. */
  path?: string;
}

export async function resolveAdminToken(configured: string | undefined, dataDir: string): Promise<AdminToken> {
  if (configured) return { token: configured, source: 'environment' };
  const path = join(dataDir, ADMIN_TOKEN_FILE);
  let stored: string | null = null;
  try {
    stored = (await readFile(path, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (stored !== null && stored.length >= 16) return { token: stored, source: 'file', path };

  const token = randomBytes(32).toString('base64url');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  try {
    // With no file, `wx` refuses to overwrite a token another instance wrote a moment ago;
    // an unusable stored token (too short to be safe) is replaced.
    await writeFile(path, `${token}\n`, { mode: 0o600, flag: stored === null ? 'wx' : 'w' });
  } catch (error) {
    if (stored === null && (error as NodeJS.ErrnoException).code === 'EEXIST') return resolveAdminToken(undefined, dataDir);
    throw error;
  }
  await chmod(path, 0o600);
  return { token, source: 'generated', path };
}
