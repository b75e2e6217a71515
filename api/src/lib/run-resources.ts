// What a command-line run holds that would outlive it (a database it created on the user's
// PostgreSQL, a local exchange, a child process): released once, in reverse order, however the
// run ends: done, stopped with an exit code, interrupted (SIGINT 130, SIGTERM 143) or crashed (1).
import type { ChildProcess } from 'node:child_process';

export interface RunResources {
  /** Keeps `release` until the run ends. */
  hold(release: () => Promise<unknown>): void;
  /** Holds a child process: one still running when the run ends is sent SIGTERM and waited for. */
  holdProcess(child: ChildProcess): void;
  /** Ends the run with `code` once everything held is released (the first end wins). */
  exit(code: number): void;
  /** Ends the run from anywhere with `code`: at once when nothing is held, else by throwing to the handler that releases. */
  stop(code: number): never;
}

class RunStop extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** Installs the handlers for a run of the tool `name` (one per process). */
export function runResources(name: string): RunResources {
  const held: (() => Promise<unknown>)[] = [];
  let ending = false;
  const exit = (code: number) => {
    // work still in flight fails as what it used is released, and must not cut the release short
    if (ending) return;
    ending = true;
    const releases = held.splice(0).reverse();
    void (async () => {
      for (const release of releases) await release().catch(() => undefined);
    })().finally(() => process.exit(code));
  };
  const onError = (err: unknown) => {
    if (ending) return;
    if (!(err instanceof RunStop)) console.error(err);
    exit(err instanceof RunStop ? err.code : 1);
  };
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      console.error(`${name}: ${signal}: stopping${held.length > 0 ? ' (releasing what the run holds)' : ''}`);
      exit(code);
    });
  }
  const hold = (release: () => Promise<unknown>) => void held.push(release);
  return {
    hold,
    holdProcess: (child) =>
      hold(async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }),
    exit,
    stop(code) {
      if (held.length === 0) process.exit(code);
      throw new RunStop(code);
    },
  };
}
