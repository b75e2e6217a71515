import type { PrismaClient } from '@sentinel/db';
import { DEFAULT_SETTINGS, type Settings, SettingsSchema } from './settings.schema.ts';

/** The current settings: stored values over defaults; a stored value that no longer validates falls back. */
export async function getSettings(prisma: PrismaClient): Promise<Settings> {
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

export async function updateSettings(prisma: PrismaClient, changes: Partial<Settings>): Promise<Settings> {
  await prisma.$transaction(
    Object.entries(changes)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) =>
        prisma.setting.upsert({ where: { key }, create: { key, value: value as never }, update: { value: value as never } }),
      ),
  );
  return getSettings(prisma);
}
