import type { GraphQLResponse } from '@platform/testkit';
import { callNorwalkToCard, NORWALK_CUSTOMER_SERVICE } from '../phone/phone-call';
import { signInStaffMembers } from '../billing/billing-api';
import { CARDS, MAKE_PAYMENT, cardToken, newKey, platformWithDemoResident, processorCharges, type MakePaymentResult } from './payments-api';

/*
 * Declines are limited per address and per card, and an account's per source:
 * a tester with many addresses and many cards ran freely against one account
 * (its number is on every bill), five declines per address, for ever. An
 * account now takes at most ten declines an hour from guests and callers,
 * whatever their addresses and cards; then guests and callers are refused,
 * told when to try again and whom to call, while a resident signed in with the
 * account linked still pays it: their sign-in is the proof a stranger lacks.
 */
const subject = platformWithDemoResident({ trustProxy: true }, 'backstop-resident@example.com');

let nextAddress = 1;
const freshAddress = () => `198.51.100.${nextAddress++}`;
const DECLINING = [CARDS.genericDecline, CARDS.insufficientFunds, CARDS.expiredCard, CARDS.processingError];

type Answer = GraphQLResponse<{ makePayment: MakePaymentResult }>;

async function guestPays(card: string, locale = 'en'): Promise<Answer> {
  const input = {
    idempotencyKey: newKey('backstop'),
    allocations: [{ accountNumber: '10-1001-00', amount: '1.00' }],
    token: await cardToken(subject.platform, card),
    payerEmail: 'payer@example.com',
  };
  return subject.platform.client.asTenant('norwalk').withHeaders({ 'x-forwarded-for': freshAddress(), 'accept-language': locale }).request(MAKE_PAYMENT, { input });
}

const LOCKOUTS = 'query Locks($id: UUID!) { serviceAccount(id: $id) { lockouts { reason attempts limit lockedOut liftsAt } } }';
const CLEAR = 'mutation Clear($input: ClearAccountLockoutsInput!) { clearAccountLockouts(input: $input) { cleared { reason } userErrors { field code message } } }';

const outcome = (answer: Answer): string => answer.errors?.[0]?.extensions?.code ?? answer.data?.makePayment.payment?.status ?? 'NO ANSWER';

describe('one account declined ten times in an hour, from ten addresses with four cards', () => {
  beforeAll(async () => {
    // Three declines at most per card and one per address: no other limit is reached.
    for (let i = 0; i < 10; i++) expect(outcome(await guestPays(DECLINING[i % DECLINING.length]!))).toBe('DECLINED');
  });

  it('refuses the next guest, from yet another address, before the processor is asked: when to try again, whom to call, and that signing in pays', async () => {
    const charges = (await processorCharges(subject.platform)).length;
    const english = await guestPays(CARDS.visa);
    expect(english.errors?.[0]?.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number), reason: 'ACCOUNT_DECLINE_LIMIT' });
    expect(english.errors?.[0]?.message).toMatch(/^Too many attempts\. Please wait \d+ minutes and try again\. /);
    expect(english.errors?.[0]?.message).toContain('Nothing was charged.');
    expect(english.errors?.[0]?.message).toContain('562-929-5766');
    expect(english.errors?.[0]?.message).toContain('sign in');
    const spanish = await guestPays(CARDS.visa, 'es');
    expect(spanish.errors?.[0]?.message).toMatch(/^Demasiados intentos\. /);
    expect(spanish.errors?.[0]?.message).toContain('No se cobró nada.');
    expect(spanish.errors?.[0]?.message).toContain('inicie sesión');
    expect((await processorCharges(subject.platform)).length).toBe(charges);
  });

  it('still takes the payment of the resident signed in with the account linked', async () => {
    const charges = (await processorCharges(subject.platform)).length;
    const input = { idempotencyKey: newKey('backstop-resident'), allocations: [{ serviceAccountId: subject.accountId, amount: '1.00' }], token: await cardToken(subject.platform, CARDS.visa) };
    const answer: Answer = await subject.me.withHeaders({ 'x-forwarded-for': freshAddress() }).request(MAKE_PAYMENT, { input });
    expect(outcome(answer)).toBe('CAPTURED');
    expect((await processorCharges(subject.platform)).length).toBe(charges + 1);
  });

  it('puts a caller paying it through to customer service rather than charging', async () => {
    const charges = (await processorCharges(subject.platform)).length;
    // Refused before a card is read: its bank would answer the line's connector already.
    const limited = (await callNorwalkToCard(subject.platform, '100', { account: '10100100' })).last!;
    expect(limited.pay).toBe(false);
    expect(limited.said[0]).toBe('Too many cards were declined on this account. Nothing was charged.');
    expect(limited.dials).toBe(NORWALK_CUSTOMER_SERVICE);
    expect((await processorCharges(subject.platform)).length).toBe(charges);
  });

  it('shows staff the account locked out for guests, why and until when, and lets the ADMIN clear it so a guest pays again', async () => {
    const [support, admin] = await signInStaffMembers(subject.platform, 'norwalk', ['SUPPORT', 'ADMIN'] as const);
    const read = async () =>
      (await support.data<{ serviceAccount: { lockouts: { reason: string; attempts: number; limit: number; lockedOut: boolean; liftsAt: string }[] } }>(LOCKOUTS, { id: subject.accountId }))
        .serviceAccount.lockouts;
    // The resident's own payment was counted too: the backstop counts every decline and refuses only guests and callers.
    expect(await read()).toEqual([{ reason: 'ACCOUNT_DECLINE_LIMIT', attempts: 10, limit: 10, lockedOut: true, liftsAt: expect.any(String) }]);

    const cleared = await admin.data<{ clearAccountLockouts: { cleared: { reason: string }[]; userErrors: unknown[] } }>(CLEAR, {
      input: { serviceAccountId: subject.accountId, reason: 'Holder called; identity confirmed; pays by card today' },
    });
    expect(cleared.clearAccountLockouts).toEqual({ cleared: [{ reason: 'ACCOUNT_DECLINE_LIMIT' }], userErrors: [] });
    expect(await read()).toEqual([]);
    expect(outcome(await guestPays(CARDS.visa))).toBe('CAPTURED');
  });
});
