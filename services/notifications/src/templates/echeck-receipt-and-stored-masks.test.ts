import type { Tenant } from '@platform/tenants';
import type { NotificationTemplate } from '../notification.entity';
import { renderEmail } from './email-templates';
import { renderSms } from './sms-templates';

/*
 * Two leftovers of emails and texts.
 *
 * An e-check's receipt, by email or text, said it was received and when it posts, and nothing of what the caller on
 * the phone line hears at once: the bank can still return it, and then the payment is undone and owed again. A resident
 * who paid from a bank account with too little in it took the receipt for the end of it.
 *
 * A message queued before account numbers were named "ending in 0 2 0 0" (said-digits) kept the old mask in its stored
 * facts, "Account **-**02-00: $12.00", which mail programs read as bold markers and screen readers as "star star dash";
 * it is rendered from its payload when delivered (or resent), so it now reads as the web names the account.
 */

const CITY = {
  id: '00000000-0000-4000-8000-000000000001',
  slug: 'testville',
  settings: {
    displayName: 'City of Testville',
    nameByLocale: {},
    timeZone: 'America/Los_Angeles',
    locales: ['en', 'es'],
    defaultLocale: 'en',
    branding: { logoUrl: '/logo.png', primaryColor: '#123456', accentColor: '#abcdef' },
    contact: { customerServicePhone: '562-555-0100' },
    email: { fromName: null, fromAddress: null, replyTo: null },
  },
} as unknown as Tenant;

const render = (template: NotificationTemplate, locale: 'en' | 'es', data: Record<string, string>) => renderEmail({ template, locale, data, tenant: CITY, publicUrl: 'https://billing.example' });
const text = (template: NotificationTemplate, locale: 'en' | 'es', data: Record<string, string>) => renderSms({ template, locale, data, tenant: CITY, publicUrl: 'https://billing.example' });

const RECEIPT = { confirmationNumber: 'ABCD-EFGH-JKMN', amount: '$40.00', expectedPostingDate: '2026-11-24', allocations: 'Account ending in 0 2 0 0: $40.00' };
const WARNING = {
  en: 'This is an electronic check: if your bank returns it, the payment is undone and the amount is owed again.',
  es: 'Este es un cheque electrónico: si su banco lo devuelve, el pago se anula y se debe de nuevo el monto.',
};

describe("an e-check's receipt", () => {
  it.each(['en', 'es'] as const)('says by email, in %s, that the bank can still return it, as the phone line says it', (locale) => {
    const email = render('PAYMENT_RECEIPT', locale, { ...RECEIPT, method: 'BANK_ACCOUNT 6789' });
    expect(email.text).toContain(WARNING[locale]);
    expect(email.html).toContain(WARNING[locale]);
  });

  it.each(['en', 'es'] as const)('says so by text too, in %s', (locale) => {
    expect(text('PAYMENT_RECEIPT', locale, { ...RECEIPT, method: 'BANK_ACCOUNT 6789' })).toContain(WARNING[locale]);
  });

  it("says nothing of the kind on a card's receipt", () => {
    expect(render('PAYMENT_RECEIPT', 'en', { ...RECEIPT, method: 'VISA 4242' }).text).not.toContain('electronic check');
    expect(text('PAYMENT_RECEIPT', 'en', { ...RECEIPT, method: 'VISA 4242' })).not.toContain('electronic check');
  });
});

describe('a message queued with the old masked account numbers', () => {
  it('names the accounts it paid as the web does, by email, in English and Spanish', () => {
    const en = render('PAYMENT_RECEIPT', 'en', { ...RECEIPT, method: 'VISA 4242', allocations: 'Account **-**02-00: $12.00\nAccount ****-0417: $28.00' });
    expect(en.text).toContain('Account ending in 0 2 0 0: $12.00');
    expect(en.text).toContain('Account ending in 0 4 1 7: $28.00');
    expect(`${en.text}${en.html}`).not.toContain('**');
    const es = render('PAYMENT_RECEIPT', 'es', { ...RECEIPT, method: 'VISA 4242', allocations: 'Cuenta **-**02-00: $12.00' });
    expect(es.text).toContain('Cuenta terminada en 0 2 0 0: $12.00');
  });

  it('does the same for what a refund or a return took back, and in a text', () => {
    const refund = { ...RECEIPT, method: 'VISA 4242', refundedAmount: '$13.00', takenBackFrom: 'Account **-**02-00: $13.00', owedAgain: '$13.00' };
    const email = render('PAYMENT_REFUNDED', 'en', refund);
    expect(email.text).toContain('Account ending in 0 2 0 0: $13.00');
    expect(`${email.text}${email.html}`).not.toContain('**');
    const returned = { ...RECEIPT, method: 'BANK_ACCOUNT 6789', takenBackFrom: 'Account **-**02-00: $40.00', owedAgain: '$40.00', returnCode: 'R01' };
    expect(render('PAYMENT_RETURNED', 'en', returned).text).not.toContain('**');
    expect(text('PAYMENT_RETURNED', 'en', returned)).not.toContain('**');
  });

  it('leaves what is no masked account number as it was', () => {
    const email = render('PAYMENT_RECEIPT', 'en', { ...RECEIPT, method: 'VISA 4242', allocations: 'Citation C-2026-0042: $40.00' });
    expect(email.text).toContain('Citation C-2026-0042: $40.00');
  });
});

describe('a bank account blocked or unblocked', () => {
  it('tells its holder it is blocked after a return, in English and Spanish, by its last four said one by one, and whom to call', () => {
    const en = render('BANK_ACCOUNT_BLOCKED', 'en', { bankAccount: '0001', reason: 'R01' });
    expect(en.subject).toBe('Your bank account can no longer be used for payments - City of Testville');
    expect(en.text).toContain(
      'Your bank returned a payment from your bank account ending in 0 0 0 1 (return code R01), so City of Testville takes no more electronic checks from it: payments and Auto Pay from it will be refused.',
    );
    expect(en.text).toContain('If your bank made a mistake, call 562-555-0100 with its letter: the city can unblock the account.');
    const es = render('BANK_ACCOUNT_BLOCKED', 'es', { bankAccount: '0001', reason: 'R01' });
    expect(es.text).toContain('Su banco devolvió un pago de su cuenta bancaria terminada en 0 0 0 1 (código de devolución R01)');
  });

  it('says a bank account its bank closed is blocked for that, with no return code', () => {
    const email = render('BANK_ACCOUNT_BLOCKED', 'en', { bankAccount: '0002', reason: 'INVALID_ACCOUNT' });
    expect(email.text).toContain('Your bank said your bank account ending in 0 0 0 2 no longer exists');
    expect(email.text).not.toContain('return code');
  });

  it('tells its holder it is unblocked, and that autopay suspended on it waits for them', () => {
    const es = render('BANK_ACCOUNT_UNBLOCKED', 'es', { bankAccount: '0001' });
    expect(es.subject).toBe('Su cuenta bancaria se puede usar de nuevo para pagar - City of Testville');
    expect(es.text).toContain('City of Testville desbloqueó su cuenta bancaria terminada en 0 0 0 1');
    expect(render('BANK_ACCOUNT_UNBLOCKED', 'en', { bankAccount: '0001' }).text).toContain('Auto Pay that was suspended on it stays suspended until you set it up again.');
  });
});
