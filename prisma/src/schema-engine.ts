// Prisma's schema engine as WebAssembly: the native engine cannot be downloaded here, but
// this one computes the same migration SQL. Used to write new migrations and to prove the
// migrated database matches schema.prisma. Never loaded by the running app.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';

type DiffTarget =
  | { tag: 'empty' }
  | { tag: 'schemaDatamodel'; files: { path: string; content: string }[] }
  | { tag: 'url'; url: string }
  | {
      tag: 'migrations';
      baseDir: string;
      lockfile: { path: string; content: string | null };
      shadowDbInitScript: string;
      migrationDirectories: { path: string; migrationFile: { path: string; content: { tag: 'ok'; value: string } } }[];
    };

export interface SchemaEngineHandle {
  /** SQL that turns `from` into `to`; an empty string when they already match. */
  diff(from: DiffTarget, to: DiffTarget): Promise<string>;
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);

// The slice of the WebAssembly API used here (the ES lib has no WebAssembly types).
interface WasmExports {
  __wbindgen_start(): void;
  [name: string]: unknown;
}
declare const WebAssembly: {
  instantiate(bytes: Uint8Array, imports: Record<string, unknown>): Promise<{ instance: { exports: WasmExports } }>;
};

export async function openSchemaEngine(connectionString: string): Promise<SchemaEngineHandle> {
  const packageDir = dirname(require.resolve('@prisma/schema-engine-wasm'));
  const bindings = (await import(join(packageDir, 'schema_engine_bg.js'))) as Record<string, unknown> & {
    __wbg_set_wasm(exports: WasmExports): void;
    SchemaEngine: { new: (options: unknown, log: (line: string) => void, adapter: object) => Promise<EngineInstance> };
  };
  const bytes = await readFile(join(packageDir, 'schema_engine_bg.wasm'));
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': bindings });
  bindings.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();

  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString, max: 2 }));
  const engine = await bindings.SchemaEngine.new({ datamodels: undefined }, () => {}, adapter);
  return {
    async diff(from, to) {
      const result = await engine.diff({
        from,
        to,
        script: true,
        exitCode: null,
        filters: { externalTables: [], externalEnums: [] },
      });
      return (result.stdout ?? '').replace(/^-- This is an empty migration\.\s*$/m, '').trim();
    },
    async close() {
      engine.free();
    },
  };
}

interface EngineInstance {
  diff(params: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
}
