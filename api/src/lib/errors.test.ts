import { HTTPException } from 'hono/http-exception';
import { describe, expect, it } from 'vitest';
import { classifyError, isDatabaseUnavailable, isUnstorableText } from './errors.ts';
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

  it('answers 400, not 500, when PostgreSQL refuses a character of the input (NUL)', () => {
    const prismaStyle = new Error('Invalid `prisma.market.findMany()` invocation: Database error. Code: `22021`. Message: `invalid byte sequence for encoding "UTF8": 0x00`');
    expect(classifyError(prismaStyle)).toMatchObject({ status: 400, code: 'validation' });
    expect(isUnstorableText({ code: '22P05' })).toBe(true);
    expect(isUnstorableText(new Error('wrapped', { cause: { code: '22021' } }))).toBe(true);
    expect(isUnstorableText(new Error('duplicate key'))).toBe(false);
  });
});
