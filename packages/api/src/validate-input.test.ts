import { z } from 'zod';
import { UserErrorCode } from '@platform/core';
import { problem, validateInput } from './validate-input';

const registration = z.object({
  name: z.string().trim().min(1, problem(UserErrorCode.REQUIRED, 'error.required')).max(5, problem(UserErrorCode.TOO_LONG, 'error.tooLong')),
  allocations: z.array(z.object({ amount: z.string().regex(/^\d+\.\d\d$/, problem(UserErrorCode.INVALID_AMOUNT, 'payment.invalidAmount')) })),
  plain: z.string().optional(),
});

describe('validateInput', () => {
  it('answers the parsed value when the input is valid', () => {
    expect(validateInput(registration, { name: ' Ana ', allocations: [{ amount: '1.00' }] }, 'en')).toEqual({ ok: true, value: { name: 'Ana', allocations: [{ amount: '1.00' }] } });
  });

  it('reports every problem at once, each at its path into the arguments, in the request language', () => {
    const result = validateInput(registration, { name: '', allocations: [{ amount: '1.00' }, { amount: 'ten' }] }, 'es');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.userErrors.map((e) => [e.field, e.code])).toEqual([
      [['input', 'name'], UserErrorCode.REQUIRED],
      [['input', 'allocations', '1', 'amount'], UserErrorCode.INVALID_AMOUNT],
    ]);
    expect(result.userErrors[0]?.message).toMatch(/obligatorio/i);
  });

  it('fills the limit into the message of a too-long value', () => {
    const result = validateInput(registration, { name: 'Anastasia', allocations: [] }, 'en');
    expect(!result.ok && result.userErrors[0]).toMatchObject({ field: ['input', 'name'], code: UserErrorCode.TOO_LONG });
    expect(!result.ok && result.userErrors[0]?.message).toContain('5');
  });

  it('roots paths at the argument it is told', () => {
    const result = validateInput(registration, { name: 'x', allocations: 'none' }, 'en', ['bills']);
    expect(!result.ok && result.userErrors[0]?.field).toEqual(['bills', 'allocations']);
  });

  it('turns a check written without problem() into a plain INVALID rather than leaking zod text', () => {
    const result = validateInput(registration, { name: 'x', allocations: [], plain: 7 }, 'en');
    expect(!result.ok && result.userErrors[0]).toEqual({ field: ['input', 'plain'], code: UserErrorCode.INVALID, message: 'This value is not valid.' });
  });
});
