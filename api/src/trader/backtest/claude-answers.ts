// Claude's answers for a backtest: the daily scan's own call (prompt, forced tool, timeout), with
// every answer recorded in a JSONL file so a rerun replays the same answers without asking (or
// paying) again. A scan the recording does not hold is asked when a key is configured; without
// one it counts as a failed answer (no trade), as a failed call does in the product.
import { appendFile, readFile } from 'node:fs/promises';
import { type AnalyzerOutcome, callClaude } from '../analyzer/claude.ts';
import { SYSTEM_PROMPT } from '../analyzer/prompt.ts';
import { DecisionEnvelopeSchema } from '../analyzer/tool.ts';
import type { ClaudeAnswers } from './backtest.ts';

export interface ClaudeAnswersOptions {
  /** Recorded answers to replay, and where new ones are appended (null: none kept). */
  file: string | null;
  apiKey?: string;
  baseUrl?: string;
  model: string;
  timeoutMs: number;
}

interface RecordedAnswer {
  atMs: number;
  tickers: string[];
  model: string;
  envelope: unknown;
}

const keyOf = (atMs: number, tickers: readonly string[]) => `${atMs}|${tickers.join(',')}`;

export async function claudeAnswers(opts: ClaudeAnswersOptions): Promise<ClaudeAnswers & { asked: number; replayed: number }> {
  const recorded = new Map<string, unknown>();
  if (opts.file) {
    const text = await readFile(opts.file, 'utf8').catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? '' : Promise.reject(e)));
    for (const [i, line] of text.split('\n').entries()) {
      if (!line.trim()) continue;
      let rec: RecordedAnswer;
      try {
        rec = JSON.parse(line) as RecordedAnswer;
      } catch {
        throw new Error(`${opts.file}:${i + 1}: not JSON`);
      }
      recorded.set(keyOf(rec.atMs, rec.tickers), rec.envelope);
    }
  }
  const state = {
    asked: 0,
    replayed: 0,
    async answer(atMs: number, tickers: readonly string[], user: string): Promise<AnalyzerOutcome> {
      const replay = recorded.get(keyOf(atMs, tickers));
      if (replay !== undefined) {
        state.replayed++;
        const parsed = DecisionEnvelopeSchema.safeParse(replay);
        const base = { rawResponse: JSON.stringify(replay), inputTokens: 0, outputTokens: 0, costMicros: 0n };
        return parsed.success ? { ...base, ok: true, envelope: parsed.data } : { ...base, ok: false, error: 'the recorded answer is malformed' };
      }
      if (!opts.apiKey) return { ok: false, error: 'no recorded answer for this scan and no ANTHROPIC_API_KEY', rawResponse: '', inputTokens: 0, outputTokens: 0, costMicros: 0n };
      state.asked++;
      const outcome = await callClaude({ apiKey: opts.apiKey, baseUrl: opts.baseUrl, model: opts.model, timeoutMs: opts.timeoutMs, system: SYSTEM_PROMPT, user });
      if (outcome.ok && opts.file) {
        const rec: RecordedAnswer = { atMs, tickers: [...tickers], model: opts.model, envelope: outcome.envelope };
        await appendFile(opts.file, `${JSON.stringify(rec)}\n`, { mode: 0o600 });
        recorded.set(keyOf(atMs, tickers), outcome.envelope);
      }
      return outcome;
    },
  };
  return state;
}
