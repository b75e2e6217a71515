import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { classifyError, isDatabaseUnavailable } from './errors.ts';
import { ProblemError } from './problem.ts';

describe('classifyError', () => {
  it('maps problems, HTTP exceptions and unreachable databases; leaves the rest as 500s', () => {
    expect(classifyError(new ProblemError('conflict', 409, 'taken'))).toMatchObject({ status: 409, code: 'conflict', detail: 'taken' });
    expect(classifyError(new HTTPException(413))).toMatchObject({ status: 413, code: 'payload-too-large' });
    expect(classifyError(new HTTPException(400, { message: 'Malformed JSON in request body' }))).toMatchObject({
      status: 400,
      code: 'validation',
      detail: 'Malformed JSON in request body',
    });
    expect(classifyError(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toMatchObject({ status: 503 });
    expect(classifyError(new Error('boom'))).toBeNull();
  });

  it('finds an unreachable database through error causes', () => {
    const cause = new Error('Connection terminated unexpectedly');
    expect(isDatabaseUnavailable(new Error('query failed', { cause }))).toBe(true);
    expect(isDatabaseUnavailable({ code: '57P01' })).toBe(true);
    expect(isDatabaseUnavailable(new Error('duplicate key'))).toBe(false);
  });
});
