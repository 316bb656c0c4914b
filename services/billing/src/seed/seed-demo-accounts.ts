import { randomUUID } from 'node:crypto';
import { addDays, localDateOf, parseMoney, type Clock } from '@platform/core';
import { withTenant } from '@platform/db';
import { findDemoCity, toTenantRef } from '@platform/tenants';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { referenceKey } from '../accounts/account-number';
import { ServiceAccountEntity } from '../accounts/service-account.entity';
import { openServiceAccount } from '../accounts/service-account.service';
import { changeAccountStatus, lockAccount } from '../account-status/account-status.service';
import { importBills } from '../bill-import/bill-import.service';
import type { BillRow } from '../bill-import/bill-rows';
import type { BillingContext } from '../billing-scope';
import { postPayment, recordPendingPayment } from '../ledger/payment-ledger.service';
import { DEMO_ACCOUNTS, type DemoAccount } from './demo-accounts';

/**
 * Adds the demo accounts that are missing, with their bills and payments, through the same functions staff and payments use;
 * only to a city the demo seeding created (findDemoCity), never to a real city of the same name.
 * Their dates count back from `clock`'s day in the city's time zone: bills issued 10, 40 and 70 days before it, each due
 * 21 days after issue, and the last payment made and posted on it. A test that pins its clock needs them dated from its
 * own day, or an account past due on that day stops being so as the real days go by.
 */
export async function seedDemoAccounts(db: DataSource, log: Logger, clock: Clock): Promise<void> {
  for (const city of DEMO_ACCOUNTS) {
    const tenant = await findDemoCity(db, city.slug);
    if (!tenant) continue;
    const ctx: BillingContext = { db, tenant: toTenantRef(tenant), clock, locale: 'en' };
    for (const demo of city.accounts) {
      const exists = await withTenant(ctx, (manager) => manager.getRepository(ServiceAccountEntity).existsBy({ accountKey: referenceKey(demo.accountNumber)! }));
      if (exists) continue;
      await seedAccount(ctx, city, demo, tenant.settings.paymentRules.payableKinds);
      log.info({ tenant: city.slug, account: demo.accountNumber }, 'seeded demo account');
    }
  }
}

async function seedAccount(ctx: BillingContext, city: (typeof DEMO_ACCOUNTS)[number], demo: DemoAccount, payableKinds: Parameters<typeof importBills>[2]['payableKinds']): Promise<void> {
  const today = localDateOf(ctx.clock.now(), ctx.tenant.timeZone);
  const opened = await openServiceAccount(
    ctx,
    {
      accountNumber: demo.accountNumber,
      customerName: demo.customerName,
      addressLine1: demo.addressLine1,
      city: city.city,
      region: city.region,
      postalCode: demo.postalCode,
      openedOn: addDays(today, -400),
    },
    'seed',
    null,
  );
  if (!opened.ok) throw new Error(`demo account ${demo.accountNumber}: ${JSON.stringify(opened.userErrors)}`);
  const account = opened.value;

  const rows: BillRow[] = demo.bills.map((amounts, index) => {
    const [water, sewer, trash] = amounts.split(',');
    const issued = addDays(today, -10 - 30 * (demo.bills.length - 1 - index));
    return {
      line: index + 1,
      cells: {
        bill_number: `${demo.accountNumber}-${issued.replace(/-/g, '')}`,
        account_number: demo.accountNumber,
        issue_date: issued,
        due_date: addDays(issued, 21),
        period_start: addDays(issued, -30),
        period_end: addDays(issued, -1),
        water,
        sewer,
        trash,
      },
    };
  });
  const imported = await importBills(ctx, rows, { source: 'SEED', actor: 'seed', payableKinds });
  if (imported.errorCount > 0) throw new Error(`demo bills for ${demo.accountNumber}: ${JSON.stringify(imported.errors)}`);

  await withTenant(ctx, async (manager) => {
    if (demo.lastPayment) {
      const paymentId = randomUUID();
      const amount = parseMoney(demo.lastPayment);
      if (!amount.ok) throw new Error(`demo payment ${demo.lastPayment}`);
      await recordPendingPayment(manager, ctx, { paymentId, allocations: [{ serviceAccountId: account.id, amountCents: amount.value.cents }], madeAt: ctx.clock.now(), expectedPostingDate: today });
      await postPayment(manager, ctx, paymentId, 'seed');
    }
    if (demo.state === 'DISCONNECTED') {
      const locked = await lockAccount(manager, account.id);
      if (locked && (await changeAccountStatus(manager, ctx, locked, 'PAST_DUE', 'system'))) await changeAccountStatus(manager, ctx, locked, 'DISCONNECTED_FOR_NON_PAYMENT', 'seed');
    }
  });
}
