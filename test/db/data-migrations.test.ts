import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ownerUrl, withClient, withTenant } from '@platform/db';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ForgetSentOneTimeTokens1763801100000 } from '../../services/notifications/src/migrations/1763801100000-forget-sent-one-time-tokens';
import { CodesPerNumberAcrossCities1763801202300 } from '../../services/notifications/src/migrations/1763801202300-codes-per-number-across-cities';
import { NoticesFiledByAccount1763801203510 } from '../../services/notifications/src/migrations/1763801203510-notices-filed-by-account';
import { PaymentChannelCarryOver1763801100100 } from '../../services/payments/src/migrations/1763801100100-payment-channel-carry-over';
import { BillLinesOnTheBill1763801200100 } from '../../services/billing/src/migrations/1763801200100-bill-lines-on-the-bill';
import { LinkProofNotShownToGuests1763801200000 } from '../../services/tenants/src/migrations/1763801200000-link-proof-not-shown-to-guests';
import { PasswordTokenPurpose1763801203700 } from '../../services/customers/src/migrations/1763801203700-password-token-purpose';
import { InvitationIssuedBy1796504876615 } from '../../services/customers/src/migrations/1796504876615-invitation-issued-by';
import { TimeZonesByIanaName1763801203600 } from '../../services/tenants/src/migrations/1763801203600-time-zones-by-iana-name';
import { cardToken, newKey, pay } from '../payments/payments-api';
import { demoTenantIds } from './probe-table';

/*
 * Migrations that change rows (backfills, clean-ups) run as the tables'
 * owner, whom forced row-level security binds too: without `acrossCities`
 * their statements see no row and change nothing, without an error (two
 * earlier backfills did just that). Each is run here as migrations run it,
 * over rows of both cities left as an older platform left them; and every
 * migration's text is read for a statement that changes rows without FORCE
 * lifted, so a new one like those two fails here.
 */

let platform: TestPlatform;
let cities: { readonly norwalk: string; readonly norman: string };
beforeAll(async () => {
  platform = await startTestPlatform();
  cities = await demoTenantIds(platform);
});
afterAll(() => platform.close());

/** Runs a migration's `up` (or `down`) connected as the owner, as the migration runner does. */
function runAsOwner(migration: MigrationInterface, direction: 'up' | 'down' = 'up'): Promise<void> {
  return withClient(ownerUrl(platform.settings), (owner) =>
    migration[direction]({ query: async (sql: string, params?: unknown[]) => (await owner.query<Record<string, unknown>>(sql, params)).rows } as unknown as QueryRunner),
  );
}

/** Whether each table is still bound by its own row-level security for its owner (FORCE). */
async function forced(tables: readonly string[]): Promise<boolean[]> {
  const rows = await platform.db.query<{ relname: string; relforcerowsecurity: boolean }[]>('SELECT relname, relforcerowsecurity FROM pg_class WHERE relname = ANY($1)', [tables]);
  return tables.map((table) => rows.find((row) => row.relname === table)!.relforcerowsecurity);
}

const inCity = <T>(tenantId: string, sql: string, params: unknown[]) => withTenant({ db: platform.db, tenant: { id: tenantId } }, (manager) => manager.query<T>(sql, params));

it('erases the one-time tokens of finished messages in every city, keeps a pending one, and carries over account numbers', async () => {
  const insert = (tenantId: string, status: string, template: string, data: Record<string, string>) =>
    inCity<{ id: string }[]>(
      tenantId,
      `INSERT INTO notification_outbox (tenant_id, id, channel, recipient, locale, template, data, status, created_at)
       VALUES ($1, gen_random_uuid(), 'EMAIL', 'older@example.com', 'en', $2, $3, $4, now()) RETURNING id`,
      [tenantId, template, JSON.stringify(data), status],
    ).then(([row]) => row!.id);
  const sentHere = await insert(cities.norwalk, 'SENT', 'PASSWORD_RESET', { token: 'left-behind', name: '' });
  const failedThere = await insert(cities.norman, 'FAILED', 'STAFF_INVITATION', { token: 'left-behind-too', name: 'Nia' });
  const pending = await insert(cities.norman, 'PENDING', 'PASSWORD_RESET', { token: 'still-to-send', name: '' });
  const receipt = await insert(cities.norman, 'SENT', 'PAYMENT_RECEIPT', { accountNumber: '2001-0417', amount: '$1.00' });

  await runAsOwner(new ForgetSentOneTimeTokens1763801100000());

  const read = async (tenantId: string, id: string) =>
    (await inCity<{ data: Record<string, string>; account_number: string | null }[]>(tenantId, 'SELECT data, account_number FROM notification_outbox WHERE id = $1', [id]))[0];
  expect(await read(cities.norwalk, sentHere)).toEqual({ data: { name: '' }, account_number: null });
  expect(await read(cities.norman, failedThere)).toEqual({ data: { name: 'Nia' }, account_number: null });
  expect(await read(cities.norman, pending)).toEqual({ data: { token: 'still-to-send', name: '' }, account_number: null });
  expect(await read(cities.norman, receipt)).toMatchObject({ account_number: '2001-0417' });
  expect(await forced(['notification_outbox'])).toEqual([true]);
});

it('gives older counter and autopay payments their channel in every city, and leaves web payments WEB', async () => {
  // Norman asks a guest for the account's last payment as well.
  const paid = async (slug: 'norwalk' | 'norman', allocation: { accountNumber: string; lastPaymentAmount?: string }) => {
    const result = await pay(platform.client.asTenant(slug), {
      idempotencyKey: newKey('older'),
      allocations: [{ ...allocation, amount: '1.00' }],
      token: await cardToken(platform),
      payerEmail: 'older@example.com',
    });
    if (!result.payment) throw new Error(JSON.stringify(result));
    return result.payment.id;
  };
  const web = await paid('norwalk', { accountNumber: '10-1001-00' });
  const cash = await paid('norwalk', { accountNumber: '10-1001-00' });
  const autopay = await paid('norman', { accountNumber: '2001-0417', lastPaymentAmount: '100.65' });
  // As the rows were before channels were recorded: every payment WEB.
  await inCity(cities.norwalk, `UPDATE payments SET method_kind = 'CASH', method_last4 = '', received_by = 'clerk', channel = 'WEB' WHERE id = $1`, [cash]);
  await inCity(cities.norman, `UPDATE payments SET idempotency_key = 'autopay/' || replace(id::text, '-', '') || '/2026-11/1', channel = 'WEB' WHERE id = $1`, [autopay]);

  await runAsOwner(new PaymentChannelCarryOver1763801100100());

  const channel = async (tenantId: string, id: string) => (await inCity<{ channel: string }[]>(tenantId, 'SELECT channel FROM payments WHERE id = $1', [id]))[0]!.channel;
  expect([await channel(cities.norwalk, web), await channel(cities.norwalk, cash), await channel(cities.norman, autopay)]).toEqual(['WEB', 'COUNTER', 'AUTOPAY']);
  expect(await forced(['payments'])).toEqual([true]);
});

it('moves a city that takes payments by the number alone off an amount as its link proof, and writes down the proof of a city saved before there were any', async () => {
  const asOwner = (sql: string, params: unknown[]) => withClient(ownerUrl(platform.settings), (owner) => owner.query(sql, params));
  // As an older platform left them: Norwalk (the number alone) linking by the latest bill; Norman (number and last
  // payment) saved before cities chose a proof, so it had the default then, the latest bill.
  await asOwner(`UPDATE tenants SET settings = jsonb_set(settings, '{accountLinking,proof}', '"LATEST_BILL_AMOUNT"') WHERE slug = $1`, ['norwalk']);
  await asOwner(`UPDATE tenants SET settings = settings - 'accountLinking' WHERE slug = $1`, ['norman']);

  await runAsOwner(new LinkProofNotShownToGuests1763801200000());

  const proofs = await platform.db.query<{ slug: string; proof: string }[]>(`SELECT slug, settings #>> '{accountLinking,proof}' AS proof FROM tenants ORDER BY slug`);
  expect(proofs).toEqual([
    { slug: 'norman', proof: 'LATEST_BILL_AMOUNT' },
    { slug: 'norwalk', proof: 'SERVICE_HOUSE_NUMBER' },
  ]);
});

it('renames a city kept by a time zone name IANA retired to the name it has now, and leaves the others', async () => {
  const asOwner = (sql: string, params: unknown[]) => withClient(ownerUrl(platform.settings), (owner) => owner.query(sql, params));
  const zones = () => platform.db.query<{ slug: string; time_zone: string }[]>('SELECT slug, time_zone FROM tenants ORDER BY slug');
  const before = await zones();
  // As the platform stored it from ICU: Norwalk typed "Asia/Kolkata" and was kept as "Asia/Calcutta".
  await asOwner('UPDATE tenants SET time_zone = $2 WHERE slug = $1', ['norwalk', 'Asia/Calcutta']);
  try {
    await runAsOwner(new TimeZonesByIanaName1763801203600());
    expect(await zones()).toEqual([before[0], { slug: 'norwalk', time_zone: 'Asia/Kolkata' }]);
    await runAsOwner(new TimeZonesByIanaName1763801203600(), 'down');
    expect(await zones()).toEqual([before[0], { slug: 'norwalk', time_zone: 'Asia/Calcutta' }]);
  } finally {
    await asOwner('UPDATE tenants SET time_zone = $2 WHERE slug = $1', ['norwalk', before[1]!.time_zone]);
  }
});

it("moves every city's bill lines onto their bills, in line order, and back again", async () => {
  const linesOfBills = () =>
    Promise.all(
      [cities.norwalk, cities.norman].map((tenantId) =>
        inCity<{ id: string; line_categories: string[]; line_descriptions: string[]; line_amounts_cents: string[] }[]>(
          tenantId,
          'SELECT id, line_categories, line_descriptions, line_amounts_cents::text[] AS line_amounts_cents FROM payables ORDER BY id',
          [],
        ),
      ),
    );
  const before = await linesOfBills();
  // The demo bills of both cities have lines, some more than one.
  for (const bills of before) expect(bills.some((bill) => bill.line_categories.length > 1)).toBe(true);

  // Back to a table of lines, as an older platform had them: one row per line, numbered in order.
  await runAsOwner(new BillLinesOnTheBill1763801200100(), 'down');
  const tableLines = await inCity<{ n: number }[]>(cities.norman, 'SELECT count(*)::int AS n FROM payable_lines', []);
  expect(tableLines).toEqual([{ n: before[1]!.reduce((sum, bill) => sum + bill.line_categories.length, 0) }]);
  await runAsOwner(new BillLinesOnTheBill1763801200100());

  expect(await linesOfBills()).toEqual(before);
  expect(await forced(['payables'])).toEqual([true]);
});

/** The two migrations whose backfills saw no row; the ones above carry their data over. */
const CARRIED_OVER_LATER = ['1763800900000-payment-channel.ts', '1763800900300-notification-delivery.ts'];

it("counts the confirmation codes every city texted in the last day toward each number's five", async () => {
  const code = (tenantId: string, recipient: string, age: string) =>
    inCity(
      tenantId,
      `INSERT INTO notification_outbox (tenant_id, id, channel, recipient, locale, template, data, status, created_at)
       VALUES ($1, gen_random_uuid(), 'SMS', $2, 'en', 'SMS_PHONE_CODE', '{}', 'SENT', now() - $3::interval)`,
      [tenantId, recipient, age],
    );
  await runAsOwner(new CodesPerNumberAcrossCities1763801202300(), 'down');
  await code(cities.norwalk, '+15625550392', '1 hour');
  await code(cities.norman, '+15625550392', '23 hours');
  await code(cities.norman, '+15625550393', '25 hours');

  await runAsOwner(new CodesPerNumberAcrossCities1763801202300());

  const counted = await platform.db.query<{ phone_hash: string; codes: number }[]>('SELECT phone_hash, count(*)::int AS codes FROM sms_code_sends GROUP BY phone_hash');
  expect(counted).toEqual([{ phone_hash: createHash('sha256').update('+15625550392').digest('hex'), codes: 2 }]);
  expect(await forced(['notification_outbox'])).toEqual([true]);
});

it('files the messages of every city under the key of the account they were about', async () => {
  await runAsOwner(new NoticesFiledByAccount1763801203510(), 'down');
  const older = (tenantId: string, accountNumber: string | null) =>
    inCity<{ id: string }[]>(
      tenantId,
      `INSERT INTO notification_outbox (tenant_id, id, channel, recipient, locale, template, data, status, created_at, account_number)
       VALUES ($1, gen_random_uuid(), 'EMAIL', 'older@example.com', 'en', 'AUTOPAY_FAILED', '{}', 'SENT', now(), $2) RETURNING id`,
      [tenantId, accountNumber],
    ).then(([row]) => row!.id);
  const here = await older(cities.norwalk, '10-1003-00');
  const there = await older(cities.norman, '2001-0417');
  const aboutNone = await older(cities.norman, null);

  await runAsOwner(new NoticesFiledByAccount1763801203510());

  const keysOf = async (tenantId: string, id: string) => (await inCity<{ account_keys: string[] }[]>(tenantId, 'SELECT account_keys FROM notification_outbox WHERE id = $1', [id]))[0]?.account_keys;
  expect([await keysOf(cities.norwalk, here), await keysOf(cities.norman, there), await keysOf(cities.norman, aboutNone)]).toEqual([['10100300'], ['20010417'], []]);
  expect(await forced(['notification_outbox'])).toEqual([true]);
});

it("tells every city's password links stored before it apart: an invitation's 72 hours from a reset's hour", async () => {
  const [norwalkUser] = await inCity<{ id: string }[]>(cities.norwalk, 'SELECT id FROM users LIMIT 1', []);
  const [normanUser] = await inCity<{ id: string }[]>(cities.norman, 'SELECT id FROM users LIMIT 1', []);
  await runAsOwner(new PasswordTokenPurpose1763801203700(), 'down');
  const older = async (tenantId: string, userId: string, hours: number) => {
    const tokenHash = createHash('sha256').update(`older-${tenantId}-${hours}`).digest('hex');
    await inCity(tenantId, `INSERT INTO password_reset_tokens (tenant_id, token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, now(), now() + make_interval(hours => $4))`, [
      tenantId,
      tokenHash,
      userId,
      hours,
    ]);
    return tokenHash;
  };
  const invitation = await older(cities.norwalk, norwalkUser!.id, 72);
  const reset = await older(cities.norman, normanUser!.id, 1);

  await runAsOwner(new PasswordTokenPurpose1763801203700());

  const purposeOf = async (tenantId: string, tokenHash: string) =>
    (await inCity<{ purpose: string }[]>(tenantId, 'SELECT purpose FROM password_reset_tokens WHERE token_hash = $1', [tokenHash]))[0]?.purpose;
  expect([await purposeOf(cities.norwalk, invitation), await purposeOf(cities.norman, reset)]).toEqual(['STAFF_INVITATION', 'PASSWORD_RESET']);
  expect(await forced(['password_reset_tokens'])).toEqual([true]);
});

it("credits every city's open invitations to the ADMIN the audit log says sent them, so removing that ADMIN ends them", async () => {
  await runAsOwner(new InvitationIssuedBy1796504876615(), 'down');
  const invitedBy = async (tenantId: string, label: string, actor: string | null, nth = 0) => {
    const [admin] = await inCity<{ id: string }[]>(tenantId, `SELECT id FROM users WHERE 'ADMIN' = ANY (roles) ORDER BY id LIMIT 1`, []);
    const [invitee] = await inCity<{ id: string }[]>(tenantId, `SELECT id FROM users ORDER BY id LIMIT 1 OFFSET $1`, [nth]);
    const by = actor ?? admin!.id;
    await inCity(
      tenantId,
      `INSERT INTO security_events (tenant_id, id, occurred_at, kind, user_id, actor, client_ip, detail)
       VALUES ($1, gen_random_uuid(), now() - interval '1 hour', 'STAFF_INVITATION_RESENT', $2, $3, '127.0.0.1', '{}')`,
      [tenantId, invitee!.id, by],
    );
    const tokenHash = createHash('sha256').update(`issued-${label}`).digest('hex');
    await inCity(
      tenantId,
      `INSERT INTO password_reset_tokens (tenant_id, token_hash, user_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, 'STAFF_INVITATION', now(), now() + interval '72 hours')`,
      [tenantId, tokenHash, invitee!.id],
    );
    return { tokenHash, admin: admin!.id };
  };
  const norwalk = await invitedBy(cities.norwalk, 'norwalk', null);
  const norman = await invitedBy(cities.norman, 'norman', null);
  // One the operator sent names no user: nobody's removal ends it.
  const byOperator = await invitedBy(cities.norwalk, 'operator', 'platform-operator', 1);

  await runAsOwner(new InvitationIssuedBy1796504876615());

  const issuerOf = async (tenantId: string, tokenHash: string) =>
    (await inCity<{ issued_by: string | null }[]>(tenantId, 'SELECT issued_by FROM password_reset_tokens WHERE token_hash = $1', [tokenHash]))[0]?.issued_by;
  expect([await issuerOf(cities.norwalk, norwalk.tokenHash), await issuerOf(cities.norman, norman.tokenHash), await issuerOf(cities.norwalk, byOperator.tokenHash)]).toEqual([
    norwalk.admin,
    norman.admin,
    null,
  ]);
  expect(await forced(['password_reset_tokens', 'security_events', 'users'])).toEqual([true, true, true]);
});

it('finds no other migration that changes existing rows without lifting FORCE', () => {
  const services = path.resolve(__dirname, '../../services');
  const unguarded = readdirSync(services).flatMap((service) => {
    const folder = path.join(services, service, 'src/migrations');
    let files: string[];
    try {
      files = readdirSync(folder);
    } catch {
      return [];
    }
    return files
      .filter((file) => !CARRIED_OVER_LATER.includes(file))
      .filter((file) => {
        // A function's body runs when it is called, not when the migration runs (a DO block's does run: it stays).
        const text = readFileSync(path.join(folder, file), 'utf8').replace(/CREATE (OR REPLACE )?FUNCTION[\s\S]*?\$\$[\s\S]*?\$\$/g, '');
        // A statement that changes rows already there (not a trigger's or a lock's wording).
        // The cities' registry (tenants) is no city's table: it has no row-level security to lift.
        const changesRows = /\b(UPDATE\s+(?!OF\b)(?!tenants\b)[a-z_]+\s+(\w+\s+)?SET|DELETE FROM|INSERT INTO [a-z_]+[^;`]*\bSELECT\b)/.test(text);
        return changesRows && !/acrossCities\(|NO FORCE ROW LEVEL SECURITY/.test(text);
      })
      .map((file) => `${service}/${file}`);
  });
  expect(unguarded).toEqual([]);
});
