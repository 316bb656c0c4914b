import type { GraphQLTestClient } from '@platform/testkit';
import { autopayPlatform } from '../autopay/autopay-platform';
import { UPDATE, at, enrolledOnReturnedBankAccount, myAccounts, type Customer } from '../autopay/autopay-api';
import { signInStaff } from '../billing/billing-api';
import { tenantRows } from '../customers/customer-api';
import { changeCitySettings } from '../tenants/city-settings';
import { BANK, newKey, pay } from './payments-api';

/*
 * Ana pays Norwalk by autopay from her checking account. Her bank returned March's debit R02 (account closed) in
 * error: the account was open. The city blocked the bank account for good, city-wide, and nobody could lift it: her
 * wallet said it could not be used, her autopay stood suspended, a one-time payment from it was refused, and staff,
 * the bank's letter in hand, had no way to help. Now the city's ADMIN lifts the block with a reason, in the audit log
 * by its masked number only; SUPPORT sees the block and cannot lift it; another city cannot touch it; a new return
 * blocks it again, and a lift of the block as it was before that return is refused.
 */

const env = autopayPlatform('2026-03-01T18:00:00Z');
const { clock } = env;
const ANA = '10-3301-00';
const USER_ERRORS = 'userErrors { field code message }';
const BLOCK_FIELDS = 'id last4 blockedBecause description blockedAt';
const BLOCKED = `query Blocked { blockedBankAccounts(first: 20) { edges { node { ${BLOCK_FIELDS} } } pageInfo { hasNextPage } } }`;
const LIFT = `mutation Lift($input: LiftBankAccountBlockInput!) { liftBankAccountBlock(input: $input) { bankAccount { ${BLOCK_FIELDS} } ${USER_ERRORS} } }`;
const LETTER = 'Bank letter of March 20: the account was open; R02 sent in error';

type Block = { id: string; last4: string | null; blockedBecause: string; description: string; blockedAt: string };
type Lifted = { bankAccount: Block | null; userErrors: { field: string[]; code: string; message: string }[] };
let ana: Customer;
let accountId: string;
let bankId: string;
/** The block the ADMIN lifted, as a page read before a later return would still show it. */
let liftedId: string;

const blocked = async (staff: GraphQLTestClient) => (await staff.data<{ blockedBankAccounts: { edges: { node: Block }[] } }>(BLOCKED)).blockedBankAccounts.edges.map((e) => e.node);
const lift = async (staff: GraphQLTestClient, input: { bankAccountId: string; reason: string }) => (await staff.data<{ liftBankAccountBlock: Lifted }>(LIFT, { input })).liftBankAccountBlock;
const walletBlock = async () =>
  (await (await ana.client()).data<{ paymentMethods: { id: string; blockedBecause: string | null }[] }>('{ paymentMethods { id blockedBecause } }')).paymentMethods.find((m) => m.id === bankId)
    ?.blockedBecause;
const payFromBank = async () => pay(await ana.client(), { idempotencyKey: newKey('lifted'), allocations: [{ serviceAccountId: accountId, amount: '1.00' }], savedMethodId: bankId });

beforeAll(async () => {
  await changeCitySettings(env.platform, 'norwalk', { autopayRules: { methodsAllowedOnline: ['CARD', 'BANK_ACCOUNT'] } });
  ({ customer: ana, accountId, bankId } = await enrolledOnReturnedBankAccount(env.platform, clock, ANA, 'ana.lifted@example.com'));
});

it('shows staff the blocked bank account by its last four digits and why, and lets SUPPORT see but not lift it', async () => {
  const support = await signInStaff(env.platform, 'norwalk', 'SUPPORT');
  const [block, ...others] = await blocked(support);
  expect(others).toEqual([]);
  expect(block).toMatchObject({ last4: BANK.accounts.returnsAccountClosed.slice(-4), blockedBecause: 'R02', blockedAt: '2026-03-18T18:00:00.000Z' });
  expect(block!.description).toMatch(/R02/);

  const refused = await support.request(LIFT, { input: { bankAccountId: block!.id, reason: LETTER } });
  expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  expect(await walletBlock()).toBe('R02');
});

it("keeps another city's staff from seeing or lifting it", async () => {
  const [block] = await blocked(await signInStaff(env.platform, 'norwalk', 'SUPPORT'));
  const normanAdmin = await signInStaff(env.platform, 'norman', 'ADMIN');
  expect(await blocked(normanAdmin)).toEqual([]);
  const elsewhere = await lift(normanAdmin, { bankAccountId: block!.id, reason: LETTER });
  expect(elsewhere).toMatchObject({ bankAccount: null, userErrors: [{ field: ['input', 'bankAccountId'], code: 'BANK_ACCOUNT_BLOCK_CHANGED' }] });
  expect(await walletBlock()).toBe('R02');
});

it('asks an ADMIN for the reason, in English and Spanish, and never takes a card number in it', async () => {
  const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  const [block] = await blocked(admin);
  expect(await lift(admin, { bankAccountId: block!.id, reason: '   ' })).toEqual({
    bankAccount: null,
    userErrors: [{ field: ['input', 'reason'], code: 'REQUIRED', message: 'A reason is required.' }],
  });
  expect((await lift(admin.withHeaders({ 'accept-language': 'es' }), { bankAccountId: block!.id, reason: '' })).userErrors).toEqual([
    { field: ['input', 'reason'], code: 'REQUIRED', message: 'Se requiere un motivo.' },
  ]);
  expect((await lift(admin, { bankAccountId: block!.id, reason: 'paid with 4111 1111 1111 1111' })).userErrors).toMatchObject([{ field: ['input', 'reason'], code: 'CARD_NUMBER_NOT_ACCEPTED' }]);
  expect(await walletBlock()).toBe('R02');
});

it("lifts the block for an ADMIN, audited by masked number only, and Ana's wallet and a payment from it see it lifted", async () => {
  at(clock, '2026-03-20T17:00:00Z');
  const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  const adminId = (await admin.data<{ viewer: { user: { id: string } } }>('{ viewer { user { id } } }')).viewer.user.id;
  const [block] = await blocked(admin);
  const lifted = await lift(admin, { bankAccountId: block!.id, reason: `  ${LETTER} ` });
  liftedId = block!.id;
  expect(lifted).toEqual({ bankAccount: block, userErrors: [] });
  expect(await blocked(admin)).toEqual([]);

  const logged = await tenantRows<{ kind: string; actor: string; occurred_at: Date; detail: Record<string, string> }>(
    env.platform,
    'norwalk',
    "SELECT kind, actor, occurred_at, detail FROM security_events WHERE kind = 'BANK_ACCOUNT_BLOCK_LIFTED'",
  );
  expect(logged).toEqual([
    { kind: 'BANK_ACCOUNT_BLOCK_LIFTED', actor: adminId, occurred_at: new Date('2026-03-20T17:00:00Z'), detail: { bankAccount: '****0002', blockedBecause: 'R02', reason: LETTER } },
  ]);
  // The audit log shows it to the city's ADMIN, named in words.
  const { auditLog } = await admin.data<{ auditLog: { edges: { node: { kind: string; label: string; detail: { key: string; value: string }[] } }[] } }>(
    '{ auditLog(first: 5) { edges { node { kind label detail { key value } } } } }',
  );
  const shown = auditLog.edges.map((e) => e.node).find((n) => n.kind === 'BANK_ACCOUNT_BLOCK_LIFTED');
  expect(shown?.label).toBe('Bank account unblocked');
  expect(Object.fromEntries(shown!.detail.map(({ key, value }) => [key, value]))).toEqual({ bankAccount: '****0002', blockedBecause: 'R02', reason: LETTER });

  expect(await walletBlock()).toBeNull();
  // Autopay that its run had not yet suspended goes on by itself: it was shown suspended only because of the block.
  expect((await myAccounts(await ana.client()))[ANA]!.autopay).toMatchObject({ status: 'ENROLLED', suspendedReason: null });
  const paid = await payFromBank();
  expect([paid.payment?.status, paid.userErrors]).toEqual(['AUTHORIZED', []]);
});

it('blocks again on a new return, and refuses to lift the block as it stood before that return', async () => {
  at(clock, '2026-03-24T18:00:00Z');
  await env.platform.runJob('payments.settle-echecks');
  const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  expect(await walletBlock()).toBe('R02');
  const [again] = await blocked(admin);
  expect(again).toMatchObject({ blockedBecause: 'R02', blockedAt: '2026-03-24T18:00:00.000Z' });
  expect(again!.id).not.toBe(liftedId);
  expect(await payFromBank()).toMatchObject({ payment: null, userErrors: [{ code: 'BANK_ACCOUNT_BLOCKED' }] });

  // The page an ADMIN read before that return still offers the old block: lifting it would lift a return they never saw.
  const stale = await lift(admin, { bankAccountId: liftedId, reason: LETTER });
  expect(stale).toEqual({
    bankAccount: null,
    userErrors: [
      {
        field: ['input', 'bankAccountId'],
        code: 'BANK_ACCOUNT_BLOCK_CHANGED',
        message: 'This bank account was unblocked, or blocked again after a new return, since the page was read. Look at the list again before lifting a block.',
      },
    ],
  });
  expect(await walletBlock()).toBe('R02');
});

it('leaves autopay that its run suspended on the block suspended once lifted, until Ana sets it again', async () => {
  at(clock, '2026-04-15T18:00:00Z');
  await env.platform.runJob('autopay.run', {}, { timeoutMs: 15_000 });
  expect((await myAccounts(await ana.client()))[ANA]!.autopay).toMatchObject({ status: 'SUSPENDED', suspendedReason: 'METHOD_UNAVAILABLE' });

  const admin = await signInStaff(env.platform, 'norwalk', 'ADMIN');
  const [block] = await blocked(admin);
  expect((await lift(admin, { bankAccountId: block!.id, reason: LETTER })).userErrors).toEqual([]);
  // Ana was told her autopay stopped; it does not start debiting again behind her back.
  expect((await myAccounts(await ana.client()))[ANA]!.autopay).toMatchObject({ status: 'SUSPENDED', suspendedReason: 'METHOD_UNAVAILABLE' });
  const resumed = await (
    await ana.client()
  ).data<{ updateAutopay: { autopay: { status: string }; userErrors: unknown[] } }>(UPDATE, { input: { serviceAccountId: accountId, paymentMethodId: bankId } });
  expect(resumed.updateAutopay).toMatchObject({ autopay: { status: 'ENROLLED' }, userErrors: [] });
});
