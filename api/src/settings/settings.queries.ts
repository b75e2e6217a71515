import type { PrismaClient } from '@sentinel/db';
import { ProblemError } from '../lib/problem.ts';
import { LOOSER_THAN_SPEC_CONFIRMATION } from '../trader/constants.ts';
import { looserThanSpec } from '../trader/settings-fields.ts';
import { DEFAULT_SETTINGS, type Settings, SettingsSchema, settingsConflicts } from './settings.schema.ts';

/** The current settings: stored values over defaults; a stored value that no longer validates falls back. */
export async function getSettings(prisma: Pick<PrismaClient, 'setting'>): Promise<Settings> {
  const rows = await prisma.setting.findMany();
  const stored: Record<string, unknown> = {};
  for (const row of rows) stored[row.key] = row.value;
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
    if (!(key in stored)) continue;
    const field = SettingsSchema.shape[key].safeParse(stored[key]);
    if (field.success) merged[key] = field.data;
  }
  return merged as Settings;
}

/**
 * Applies a change in one transaction. Rules across fields (a minimum above its maximum) are
 * checked on the result, so a change is refused whole, with each offending field named.
 */
export async function updateSettings(prisma: PrismaClient, changes: Partial<Settings>, opts: { confirmLooserThanSpec?: string } = {}): Promise<Settings> {
  const entries = Object.entries(changes).filter(([, value]) => value !== undefined);

  await prisma.$transaction(async (tx) => {
    // Serialises concurrent changes: two PUTs that are each fine alone cannot combine into a conflict.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('settings'))`;
    const before = await getSettings(tx);
    const after = { ...before, ...Object.fromEntries(entries) } as Settings;
    const conflicts = settingsConflicts(after, changes);
    if (conflicts.length > 0) throw new ProblemError('validation', 400, 'The settings would contradict each other; nothing was changed.', conflicts);
    // Loosening a spec limit is a second, explicit decision: the phrase must come with the change.
    // A value sent again unchanged (confirmed before) is not a new decision.
    const moved = Object.fromEntries(entries.filter(([key, value]) => JSON.stringify(before[key as keyof Settings]) !== JSON.stringify(value)));
    const looser = looserThanSpec(moved);
    if (looser.length > 0 && opts.confirmLooserThanSpec !== LOOSER_THAN_SPEC_CONFIRMATION) {
      throw new ProblemError('conflict', 409, `Looser than the spec's limits: send confirmLooserThanSpec "${LOOSER_THAN_SPEC_CONFIRMATION}" to apply. Nothing was changed.`, looser);
    }
    for (const [key, value] of entries) {
      await tx.setting.upsert({ where: { key }, create: { key, value: value as never }, update: { value: value as never } });
    }
  });
  return getSettings(prisma);
}
