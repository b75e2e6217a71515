// Claude at the edge: one forced tool call, a timeout, token accounting and exact cost. Never
// throws: a failure or a timeout is an outcome (recorded, and it means no trade).
import Anthropic from '@anthropic-ai/sdk';
import { MODEL_PRICES } from '../constants.ts';
import { DecisionEnvelopeSchema, type DecisionEnvelope, SELECTION_TOOL, TOOL_NAME } from './tool.ts';

export interface AnalyzerCall {
  apiKey: string;
  baseUrl?: string;
  model: string;
  timeoutMs: number;
  system: string;
  user: string;
}

export type AnalyzerOutcome = {
  rawResponse: string;
  inputTokens: number;
  outputTokens: number;
  costMicros: bigint;
} & ({ ok: true; envelope: DecisionEnvelope } | { ok: false; error: string });

/** Exact cost in micro-dollars: per-token prices are whole micro-dollars. */
export function costMicros(model: string, inputTokens: number, outputTokens: number): bigint {
  const family = Object.keys(MODEL_PRICES).find((k) => model.toLowerCase().includes(k)) ?? 'sonnet';
  const price = MODEL_PRICES[family]!;
  return BigInt(inputTokens) * price.input + BigInt(outputTokens) * price.output;
}

/** Pulls the forced tool call out of a response body and validates its envelope. */
export function parseToolResponse(content: unknown): { ok: true; envelope: DecisionEnvelope } | { ok: false; error: string } {
  if (!Array.isArray(content)) return { ok: false, error: 'the response has no content blocks' };
  const block = content.find((b) => b && typeof b === 'object' && (b as { type?: unknown }).type === 'tool_use' && (b as { name?: unknown }).name === TOOL_NAME) as
    | { input?: unknown }
    | undefined;
  if (!block) return { ok: false, error: `the model did not call ${TOOL_NAME}` };
  const parsed = DecisionEnvelopeSchema.safeParse(block.input);
  if (!parsed.success) return { ok: false, error: `the tool input is malformed: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`.slice(0, 1000) };
  return { ok: true, envelope: parsed.data };
}

export async function callClaude(call: AnalyzerCall): Promise<AnalyzerOutcome> {
  const client = new Anthropic({ apiKey: call.apiKey, baseURL: call.baseUrl ?? null, maxRetries: 1, timeout: call.timeoutMs });
  let inputTokens = 0;
  let outputTokens = 0;
  try {
    const response = await client.messages.create(
      {
        model: call.model,
        max_tokens: 2048,
        system: call.system,
        tools: [SELECTION_TOOL],
        tool_choice: { type: 'tool', name: TOOL_NAME },
        messages: [{ role: 'user', content: call.user }],
      },
      { signal: AbortSignal.timeout(call.timeoutMs), timeout: call.timeoutMs },
    );
    inputTokens = response.usage?.input_tokens ?? 0;
    outputTokens = response.usage?.output_tokens ?? 0;
    const rawResponse = JSON.stringify(response.content).slice(0, 100_000);
    const parsed = parseToolResponse(response.content);
    return { rawResponse, inputTokens, outputTokens, costMicros: costMicros(call.model, inputTokens, outputTokens), ...parsed };
  } catch (error) {
    const e = error as Error;
    const timedOut = e.name === 'TimeoutError' || e.name === 'APIConnectionTimeoutError' || /timed? ?out|aborted/i.test(e.message);
    return {
      ok: false,
      error: timedOut ? `AI call timed out after ${call.timeoutMs} ms: no trade` : `AI call failed: ${e.message}`.slice(0, 1000),
      rawResponse: '',
      inputTokens,
      outputTokens,
      costMicros: costMicros(call.model, inputTokens, outputTokens),
    };
  }
}
