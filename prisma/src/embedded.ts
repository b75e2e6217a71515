// PostgreSQL with nothing installed: PGlite (Postgres compiled to WASM) served on a
// loopback TCP port, so the app talks to it through the same pg driver as to a real server.
//
// PGlite answers any user and any password, and a loopback port is reachable by every
// process on the machine. So PGlite itself listens only on a Unix socket inside a private
// directory (0700, readable by this OS user alone), and the TCP port is a small gate in
// front of it that speaks PostgreSQL's MD5 password exchange: only a client that knows the
// random password (kept in DATA_DIR with mode 0600) gets its startup message passed through.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { type Server, type Socket, connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /**
   * Where the connection password lives (generated once, mode 0600). Without it a fresh
   * random password is used for this process only (tests).
   */
  passwordFile?: string;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;
/** A client that has not authenticated within this time is dropped. */
const AUTH_TIMEOUT_MS = 10_000;
/** Connections still in the password exchange; more are refused (a local flood stays cheap). */
const MAX_PENDING = 16;

/** `dataDir` persists the database; omit it for a throwaway in-memory one (tests). */
export async function startEmbeddedPostgres(dataDir?: string, options: EmbeddedOptions = {}): Promise<EmbeddedPostgres> {
  if (dataDir) await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const password = options.passwordFile ? await readOrCreatePassword(options.passwordFile) : randomBytes(24).toString('base64url');
  const db = await PGlite.create(dataDir ?? 'memory://');
  // PGlite sets its files' modes itself (0666, past the process umask): take group and other
  // access away now, every minute for files it adds, and when it stops.
  const tighten = () => (dataDir ? tightenPermissions(dataDir).catch(() => {}) : Promise.resolve());
  await tighten();
  const sweep = dataDir ? setInterval(() => void tighten(), 60_000) : null;
  sweep?.unref();
  // mkdtemp creates the directory with mode 0700: no other OS user can reach the socket in it.
  const socketDir = await mkdtemp(join(tmpdir(), 'sentinel-pg-'));
  await chmod(socketDir, 0o700);
  const socketPath = process.platform === 'win32' ? `\\\\.\\pipe\\sentinel-pglite-${randomBytes(12).toString('hex')}` : join(socketDir, 'pglite.sock');
  // Clients use one connection at a time, but pg drops a connection after a failed query and
  // dials a new one before the server has noticed the old one closing: leave room for that.
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 4 });
  let gate: Server | null = null;
  try {
    await server.start();
    if (process.platform !== 'win32') await chmod(socketPath, 0o600);
    gate = await startGate(socketPath, password);
  } catch (error) {
    if (sweep) clearInterval(sweep);
    await server.stop().catch(() => {});
    await db.close().catch(() => {});
    await tighten();
    await rm(socketDir, { recursive: true, force: true });
    throw error;
  }
  const { port } = gate.address() as { port: number };
  const running = gate;
  return {
    url: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres?sslmode=disable`,
    async stop() {
      await new Promise<void>((resolve) => running.close(() => resolve()));
      if (sweep) clearInterval(sweep);
      await server.stop();
      await db.close();
      await tighten();
      await rm(socketDir, { recursive: true, force: true });
    },
  };
}

/** Removes group and other permission bits from `path` and everything under it. */
export async function tightenPermissions(path: string): Promise<void> {
  let info;
  try {
    info = await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (info.isSymbolicLink()) return;
  if (info.mode & 0o077) await chmod(path, info.mode & 0o700);
  if (info.isDirectory()) for (const name of await readdir(path)) await tightenPermissions(join(path, name));
}

async function readOrCreatePassword(path: string): Promise<string> {
  try {
    const stored = (await readFile(path, 'utf8')).trim();
    if (stored.length >= 24) {
      await chmod(path, 0o600);
      return stored;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const password = randomBytes(24).toString('base64url');
  await writeFile(path, `${password}\n`, { mode: 0o600 });
  await chmod(path, 0o600);
  return password;
}

function startGate(backendPath: string, password: string): Promise<Server> {
  const connections = new Set<Socket>();
  let pending = 0;
  const gate = createServer((client) => {
    connections.add(client);
    client.on('close', () => connections.delete(client));
    client.on('error', () => client.destroy());
    if (pending >= MAX_PENDING) {
      client.end(errorResponse('53300', 'too many connections waiting to authenticate'));
      return;
    }
    pending++;
    let counted = true;
    const done = () => {
      if (counted) pending--;
      counted = false;
    };
    client.on('close', done);
    authenticate(client, password)
      .then((startup) => {
        done();
        if (!startup) return;
        const backend = connect(backendPath);
        backend.on('error', () => client.destroy());
        client.on('close', () => backend.destroy());
        backend.on('close', () => client.destroy());
        backend.write(startup.message);
        if (startup.rest.length > 0) backend.write(startup.rest);
        client.pipe(backend);
        backend.pipe(client);
        client.resume();
      })
      .catch(() => {
        done();
        client.destroy();
      });
  });
  const close = gate.close.bind(gate);
  // Closing the gate also drops the connections through it, so stop() never waits on a pool.
  gate.close = ((callback?: (error?: Error) => void) => {
    for (const socket of connections) socket.destroy();
    return close(callback);
  }) as Server['close'];
  return new Promise((resolve, reject) => {
    gate.once('error', reject);
    gate.listen(0, '127.0.0.1', () => resolve(gate));
  });
}

/**
 * Runs the startup and MD5 password exchange. Resolves with the client's startup message (to
 * replay to PGlite) and any bytes after the password, or null when the client was refused.
 */
function authenticate(client: Socket, password: string): Promise<{ message: Buffer; rest: Buffer } | null> {
  return new Promise((resolve, reject) => {
    let buffer = Buffer.alloc(0);
    let startup: Buffer | null = null;
    let user = '';
    const salt = randomBytes(4);
    const timer = setTimeout(() => finish(null, errorResponse('08006', 'authentication timed out')), AUTH_TIMEOUT_MS);
    const finish = (result: { message: Buffer; rest: Buffer } | null, reply?: Buffer) => {
      clearTimeout(timer);
      client.off('data', onData);
      client.off('close', onClose);
      if (result) {
        client.pause();
      } else {
        if (reply && client.writable) client.end(reply);
        else client.destroy();
      }
      resolve(result);
    };
    const onClose = () => finish(null);
    const onData = (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      try {
        step();
      } catch (error) {
        clearTimeout(timer);
        reject(error);
      }
    };
    const step = () => {
      while (!startup) {
        if (buffer.length < 8) return;
        const length = buffer.readInt32BE(0);
        const code = buffer.readInt32BE(4);
        if (length < 8 || length > 10_000) return finish(null, errorResponse('08P01', 'invalid startup packet'));
        if (buffer.length < length) return;
        const packet = buffer.subarray(0, length);
        buffer = buffer.subarray(length);
        if ((code === SSL_REQUEST || code === GSSENC_REQUEST) && length === 8) {
          client.write('N');
          continue;
        }
        if (code === CANCEL_REQUEST) return finish(null);
        if (code !== PROTOCOL_3) return finish(null, errorResponse('08P01', 'unsupported protocol'));
        startup = Buffer.from(packet);
        user = startupParameter(startup, 'user') ?? '';
        const request = Buffer.alloc(13);
        request.write('R', 0);
        request.writeInt32BE(12, 1);
        request.writeInt32BE(5, 5); // AuthenticationMD5Password
        salt.copy(request, 9);
        client.write(request);
      }
      if (buffer.length < 5) return;
      if (buffer[0] !== 0x70 /* 'p' */) return finish(null, errorResponse('08P01', 'expected a password message'));
      const length = buffer.readInt32BE(1);
      if (length < 4 || length > 1_000) return finish(null, errorResponse('08P01', 'invalid password message'));
      if (buffer.length < 1 + length) return;
      const answer = buffer.subarray(5, 1 + length).toString('utf8').replace(/\0+$/, '');
      const rest = Buffer.from(buffer.subarray(1 + length));
      const expected = md5Answer(user, password, salt);
      const ok = answer.length === expected.length && timingSafeEqual(Buffer.from(answer), Buffer.from(expected));
      if (!ok) return finish(null, errorResponse('28P01', `password authentication failed for user "${user}"`));
      finish({ message: startup, rest });
    };
    client.on('data', onData);
    client.on('close', onClose);
  });
}

function md5Answer(user: string, password: string, salt: Buffer): string {
  const inner = createHash('md5').update(password + user).digest('hex');
  return `md5${createHash('md5').update(Buffer.concat([Buffer.from(inner), salt])).digest('hex')}`;
}

function startupParameter(startup: Buffer, name: string): string | undefined {
  const fields = startup.subarray(8).toString('utf8').split('\0');
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}

function errorResponse(code: string, message: string): Buffer {
  const body = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`, 'utf8');
  const out = Buffer.alloc(5 + body.length);
  out.write('E', 0);
  out.writeInt32BE(4 + body.length, 1);
  body.copy(out, 5);
  return out;
}
