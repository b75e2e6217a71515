// Server-side sessions for the web app. The cookie carries `<id>.<secret>` (256 random bits);
// the database keeps only the secret's SHA-256 and a binding of the id to the admin token, so
// a copy of the table signs nobody in, logout deletes the row (the cookie is dead at once),
// and rotating ADMIN_TOKEN ends every session.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PrismaClient } from '@sentinel/db';

export const SESSION_COOKIE = 'sentinel_session';
export const SESSION_TTL_SECONDS = 30 * 24 * 3600;
/** How stale `lastSeenAt` may get before a request writes it again (one write per session per interval). */
const TOUCH_INTERVAL_MS = 5 * 60_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function sha256(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** The stored form of a session secret. */
function secretHash(secret: string): string {
  return sha256(secret).toString('base64url');
}

function bindingOf(adminToken: string, id: string): string {
  return createHmac('sha256', adminToken).update(`session:${id}`).digest('base64url');
}

/**
 * Constant-time equality that leaks neither content nor length: both sides are hashed to
 * fixed-length digests first, and the digests are compared.
 */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

export interface SessionMeta {
  userAgent?: string;
  address?: string;
}

export async function createSession(prisma: PrismaClient, adminToken: string, meta: SessionMeta, now = new Date()) {
  const secret = randomBytes(32).toString('base64url');
  const id = crypto.randomUUID();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_SECONDS * 1000);
  await prisma.session.create({
    data: {
      id,
      secretHash: secretHash(secret),
      binding: bindingOf(adminToken, id),
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
      address: meta.address?.slice(0, 100) ?? null,
    },
  });
  return { id, cookie: `${id}.${secret}`, expiresAt };
}

/** The session's id when the cookie names a live session made with this admin token, else null. */
export async function verifySession(prisma: PrismaClient, adminToken: string, cookie: string | undefined, now = new Date()): Promise<string | null> {
  if (!cookie || cookie.length > 200) return null;
  const dot = cookie.indexOf('.');
  const id = cookie.slice(0, dot);
  const secret = cookie.slice(dot + 1);
  if (dot < 0 || !UUID.test(id) || secret.length < 32) return null;
  const row = await prisma.session.findUnique({ where: { secretHash: secretHash(secret) } });
  if (!row || row.id !== id || row.expiresAt <= now) return null;
  if (!safeEqual(row.binding, bindingOf(adminToken, id))) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await prisma.session.update({ where: { id }, data: { lastSeenAt: now } }).catch(() => {});
  }
  return id;
}

/** Deletes one session; false when there was none. */
export async function revokeSession(prisma: PrismaClient, id: string): Promise<boolean> {
  if (!UUID.test(id)) return false;
  const { count } = await prisma.session.deleteMany({ where: { id } });
  return count > 0;
}

/**
 * Live sessions of this admin token, newest first. Expired rows and rows made with another
 * admin token (before a rotation) are deleted on the way.
 */
export async function listSessions(prisma: PrismaClient, adminToken: string, now = new Date()) {
  await prisma.session.deleteMany({ where: { expiresAt: { lte: now } } });
  const rows = await prisma.session.findMany({ orderBy: { createdAt: 'desc' }, take: 500 });
  const stale = rows.filter((r) => !safeEqual(r.binding, bindingOf(adminToken, r.id))).map((r) => r.id);
  if (stale.length > 0) await prisma.session.deleteMany({ where: { id: { in: stale } } });
  return rows.filter((r) => !stale.includes(r.id));
}

/** Start-up: sessions made with a previous admin token can never verify again; drop them. */
export async function pruneSessions(prisma: PrismaClient, adminToken: string, now = new Date()): Promise<number> {
  const before = await prisma.session.count();
  await listSessions(prisma, adminToken, now);
  return before - (await prisma.session.count());
}
