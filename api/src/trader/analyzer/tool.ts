// The one tool the model must call (tool_choice forces it), and the zod schemas its answer must
// pass. The envelope must parse as a whole; each selection is then judged on its own by the
// hard limits, so one malformed entry never smuggles another through.
import { z } from 'zod';

export const TOOL_NAME = 'submit_trade_selection';

export const SELECTION_TOOL = {
  name: TOOL_NAME,
  description:
    'Submit the contracts to buy (zero to three). Allocations are dollars; probability is your estimate that the chosen side wins; confidence is how sure you are of that estimate.',
  input_schema: {
    type: 'object' as const,
    properties: {
      selected_contracts: {
        type: 'array',
        maxItems: 3,
        items: {
          type: 'object',
          properties: {
            ticker: { type: 'string', description: 'A ticker from the candidates list, exactly' },
            side: { type: 'string', enum: ['YES', 'NO'], description: 'The side the candidate qualified for' },
            allocation: { type: 'number', description: 'Dollars to invest, 20 to 50' },
            probability: { type: 'number', minimum: 0, maximum: 1, description: 'Probability the chosen side wins' },
            confidence: { type: 'number', minimum: 0, maximum: 1 },
            reasoning: { type: 'string' },
            risk_factors: { type: 'array', items: { type: 'string' } },
          },
          required: ['ticker', 'side', 'allocation', 'probability', 'confidence', 'reasoning', 'risk_factors'],
        },
      },
      total_allocated: { type: 'number' },
      strategy_notes: { type: 'string' },
    },
    required: ['selected_contracts', 'total_allocated', 'strategy_notes'],
  },
};

export const SelectionSchema = z.strictObject({
  ticker: z.string().min(1).max(100),
  side: z.enum(['YES', 'NO']),
  allocation: z.number().finite(),
  probability: z.number().min(0).max(1),
  confidence: z.number().min(0).max(1),
  reasoning: z.string().max(4000),
  risk_factors: z.array(z.string().max(500)).max(20),
});
export type Selection = z.infer<typeof SelectionSchema>;

export const DecisionEnvelopeSchema = z.object({
  selected_contracts: z.array(z.unknown()).max(50),
  total_allocated: z.number().finite(),
  strategy_notes: z.string().max(8000),
});
export type DecisionEnvelope = z.infer<typeof DecisionEnvelopeSchema>;
