import type { Tenant } from '@platform/tenants';
import { NOTIFICATION_TEMPLATES, type NotificationTemplate } from '../notification.entity';
import { renderEmail } from './email-templates';
import { renderSms, SMS_ONLY_TEMPLATES, SMS_TEMPLATES } from './sms-templates';

/** A city with what templates read of its settings (the rest of TenantSettings plays no part in a message). */
const DEFAULT_SETTINGS_FOR_TESTS = {
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

/** What each kind's queuing service puts in the outbox (see payments, customers, autopay). */
const DATA: Record<string, Record<string, string>> = {
  PASSWORD_RESET: { token: 'tok-123', expiresAt: '2026-11-23T16:00:00.000Z' },
  PASSWORD_CHANGED: {},
  EMAIL_CHANGED: { newEmail: 'an***@ex***.com' },
  EMAIL_VERIFICATION: { token: 'ver-789', expiresAt: '2026-11-24T16:00:00.000Z' },
  ACCOUNT_CLOSED: { autopayAccounts: '**-**01-00' },
  STAFF_INVITATION: { token: 'inv-456', expiresAt: '2026-11-26T15:00:00.000Z', name: 'Lee <b>' },
  PAYMENT_RECEIPT: { confirmationNumber: 'ABCD-EFGH-JKMN', amount: '$313.00', expectedPostingDate: '2026-11-24', method: 'VISA 4242', allocations: 'Account ending in 0 2 0 0: $313.00' },
  PAYMENT_REFUNDED: {
    confirmationNumber: 'ABCD-EFGH-JKMN',
    amount: '$313.00',
    expectedPostingDate: '2026-11-24',
    method: 'VISA 4242',
    allocations: 'Account ending in 0 2 0 0: $313.00',
    refundedAmount: '$13.00',
    takenBackFrom: 'Account ending in 0 2 0 0: $13.00',
    owedAgain: '$13.00',
  },
  PAYMENT_VOIDED: { confirmationNumber: 'ABCD-EFGH-JKMN', amount: '$313.00', expectedPostingDate: '2026-11-24', method: 'VISA 4242', allocations: 'Account ending in 0 2 0 0: $313.00' },
  PAYMENT_RETURNED: {
    confirmationNumber: 'ABCD-EFGH-JKMN',
    amount: '$313.00',
    expectedPostingDate: '2026-11-24',
    method: 'BANK_ACCOUNT 6789',
    allocations: 'Account ending in 0 2 0 0: $313.00',
    takenBackFrom: 'Account ending in 0 2 0 0: $313.00',
    owedAgain: '$313.00',
    returnCode: 'R01',
  },
  PAYMENT_DISPUTED: {
    confirmationNumber: 'ABCD-EFGH-JKMN',
    amount: '$313.00',
    expectedPostingDate: '2026-11-24',
    method: 'VISA 4242',
    allocations: 'Account ending in 0 2 0 0: $313.00',
    takenBackFrom: 'Account ending in 0 2 0 0: $313.00',
    owedAgain: '$313.00',
    disputedAmount: '$313.00',
    disputeReason: 'FRAUDULENT',
  },
  PAYMENT_FAILED: {
    confirmationNumber: 'ABCD-EFGH-JKMN',
    amount: '$313.00',
    expectedPostingDate: '2026-11-24',
    method: 'VISA 4242',
    allocations: 'Account ending in 0 2 0 0: $313.00',
  },
  AUTOPAY_REMINDER: { accountNumber: '10-1001-00', message: 'Your automatic payment is coming up.' },
  AUTOPAY_CARD_EXPIRING: { accountNumber: '10-1001-00', message: 'Your card expires.' },
  AUTOPAY_FAILED: { accountNumber: '10-1001-00', message: 'It did not go through.' },
  AUTOPAY_SUSPENDED: { accountNumber: '10-1001-00', method: 'Visa ending in 4 2 4 2', last4: '4242', reason: 'CARD_EXPIRED', message: 'Autopay is suspended.' },
  AUTOPAY_SKIPPED: { accountNumber: '10-1001-00', message: 'Autopay did not pay this month.' },
  SMS_PHONE_CODE: { token: '042917' },
  BANK_ACCOUNT_BLOCKED: { bankAccount: '0001', reason: 'R01' },
  BANK_ACCOUNT_UNBLOCKED: { bankAccount: '0001' },
  DISCONNECTION_WARNING: { accountNumber: '**-**02-00', amount: '$84.10' },
  SERVICE_DISCONNECTED: { accountNumber: '**-**02-00', amount: '$131.75' },
  SERVICE_RESTORED: { accountNumber: '**-**02-00' },
  BILL_ISSUED: { accountNumber: '**-**02-00', billNumber: 'B-2026-12-0200', amount: '$73.75', dueDate: '2026-12-20', periodStart: '2026-10-15', periodEnd: '2026-11-14' },
  BILL_DUE_SOON: { accountNumber: '**-**02-00', billNumber: 'B-2026-12-0200', amount: '$53.75', dueDate: '2026-12-20' },
  PAPERLESS_ENDED: { accountNumber: '**-**02-00', reason: 'BILL_NOTICES_OFF', paperResumes: 'true' },
};

it('says a paperless bill email is the bill, and why paperless ended, whether paper resumes or another holder still gets the bills, in the language', () => {
  expect(renderAs('BILL_ISSUED', 'es', { ...DATA.BILL_ISSUED!, paperless: 'true' }).text).toContain(
    'Este correo es su factura: usted eligió la factura sin papel, así que no se le enviará una copia en papel.',
  );
  expect(renderAs('BILL_ISSUED', 'en', DATA.BILL_ISSUED!).text).not.toContain('This email is your bill');
  const ended = renderAs('PAPERLESS_ENDED', 'en', DATA.PAPERLESS_ENDED!);
  expect(ended.subject).toBe('Paper bills by mail again for account ending in 0 2 0 0 - City of Testville');
  expect(ended.text).toContain('We will mail paper bills again for account ending in 0 2 0 0, because you turned off new bill emails.');
  expect(renderAs('PAPERLESS_ENDED', 'en', { ...DATA.PAPERLESS_ENDED!, reason: 'UNLINKED', paperResumes: 'false' }).text).toContain(
    'Your paperless choice for account ending in 0 2 0 0 has ended, because you removed the account from your online account. Another holder',
  );
});

describe('every kind of message, in English and Spanish', () => {
  const emailed = NOTIFICATION_TEMPLATES.filter((template) => !SMS_ONLY_TEMPLATES.includes(template));
  const cases = emailed.flatMap((template) => (['en', 'es'] as const).map((locale) => [template, locale] as const));
  it.each(cases)('%s in %s: a subject, the city, HTML and text with the same facts, nothing left unfilled', (template, locale) => {
    const email = renderEmail({ template, locale, data: DATA[template]!, tenant: DEFAULT_SETTINGS_FOR_TESTS, publicUrl: 'https://billing.example' });
    // Every subject names the city, as a resident reads it in a mailbox beside other cities' mail from the platform's address.
    expect(email.subject).toContain('City of Testville');
    for (const part of [email.subject, email.text, email.html]) expect(part).not.toMatch(/\{\w+\}|undefined/);
    expect(email.text).toContain('City of Testville');
    expect(email.html).toContain(`<html lang="${locale}">`);
    expect(email.html).toContain('background:#123456');
    expect(email.html).not.toContain('<b>');
    if (template === 'PASSWORD_RESET') expect(email.text).toContain('https://billing.example/reset-password?tenant=testville&token=tok-123');
    if (template === 'STAFF_INVITATION') expect(email.text).toContain('https://billing.example/console/accept-invitation?tenant=testville&token=inv-456');
    if (template.startsWith('PAYMENT_')) expect(email.text).toContain('ABCD-EFGH-JKMN');
  });

  it.each(['en', 'es'] as const)('names the card or bank account in %s digit by digit, as a screen reader should say it, in the HTML and the text alike', (locale) => {
    // Mail programs keep no text hidden for screen readers (Gmail and Outlook strip ARIA): what is shown is what is said.
    const ending = locale === 'en' ? 'ending in' : 'terminada en';
    for (const template of ['PAYMENT_RECEIPT', 'PAYMENT_REFUNDED', 'PAYMENT_VOIDED', 'PAYMENT_RETURNED', 'PAYMENT_FAILED'] as const) {
      const email = renderEmail({ template, locale, data: DATA[template]!, tenant: DEFAULT_SETTINGS_FOR_TESTS, publicUrl: '' });
      const last4 = template === 'PAYMENT_RETURNED' ? '6 7 8 9' : '4 2 4 2';
      for (const part of [email.text, email.html]) {
        expect(part).toContain(`${ending} ${last4}`);
        expect(part).not.toMatch(/4242|6789/);
      }
    }
  });

  it('texts only the kinds that suit a phone', () => {
    for (const template of SMS_TEMPLATES) {
      expect(renderSms({ template, locale: 'en', data: DATA[template]!, tenant: DEFAULT_SETTINGS_FOR_TESTS, publicUrl: '' })).toMatch(/^City of Testville: /);
    }
    expect(() => renderSms({ template: 'PASSWORD_RESET', locale: 'en', data: DATA.PASSWORD_RESET!, tenant: DEFAULT_SETTINGS_FOR_TESTS, publicUrl: '' })).toThrow();
  });

  it('texts a refund, and what of it is owed again, in the language', () => {
    const text = (locale: 'en' | 'es', data: Record<string, string>) => renderSms({ template: 'PAYMENT_REFUNDED', locale, data, tenant: DEFAULT_SETTINGS_FOR_TESTS, publicUrl: '' });
    expect(text('en', DATA.PAYMENT_REFUNDED!)).toBe('City of Testville: we refunded $13.00 of your payment ABCD-EFGH-JKMN, so $13.00 is owed again on your account. Please make a new payment.');
    const { owedAgain: _owed, ...feeOnly } = DATA.PAYMENT_REFUNDED!;
    expect(text('es', feeOnly)).toBe('City of Testville: reembolsamos $13.00 de su pago ABCD-EFGH-JKMN. Puede tardar unos días hábiles en llegarle.');
  });

  it('texts a returned payment as its email tells it, in the language: what is owed again and the fee, without the return code', () => {
    const text = (locale: 'en' | 'es', data: Record<string, string>) => renderSms({ template: 'PAYMENT_RETURNED', locale, data, tenant: DEFAULT_SETTINGS_FOR_TESTS, publicUrl: '' });
    const withFee = { ...DATA.PAYMENT_RETURNED!, returnedPaymentFee: '$25.00' };
    expect(text('en', withFee)).toBe(
      'City of Testville: Your bank returned your payment ABCD-EFGH-JKMN of $313.00, so the $313.00 it paid is owed again. Please make a new payment. A returned payment fee of $25.00 was added to your account.',
    );
    expect(text('es', withFee)).toBe(
      'City of Testville: Su banco devolvió su pago ABCD-EFGH-JKMN de $313.00, así que los $313.00 que pagó se deben de nuevo. Haga un pago nuevo. Se añadió a su cuenta un cargo por pago devuelto de $25.00.',
    );
    // Paid since by other payments: never told to pay it again.
    const { owedAgain: _owed, ...allPaid } = DATA.PAYMENT_RETURNED!;
    expect(text('en', { ...allPaid, alreadyPaid: '$313.00' })).toBe(
      'City of Testville: Your bank returned your payment ABCD-EFGH-JKMN of $313.00. Your account does not owe the $313.00 taken back from it (it had been paid beyond what it owed), so you do not need to pay it again.',
    );
  });

  it('texts that autopay is suspended: the month goes unpaid, to pay it and change the method, and why, in the language', () => {
    const text = (locale: 'en' | 'es', data: Record<string, string>) => renderSms({ template: 'AUTOPAY_SUSPENDED', locale, data, tenant: DEFAULT_SETTINGS_FOR_TESTS, publicUrl: '' });
    expect(text('en', DATA.AUTOPAY_SUSPENDED!)).toBe(
      'City of Testville: autopay for account 10-1001-00 is suspended because your Visa ending in 4 2 4 2 has expired, so this month will not be paid automatically. Please pay what is due and update your autopay payment method.',
    );
    expect(text('es', { ...DATA.AUTOPAY_SUSPENDED!, method: 'Visa terminada en 4 2 4 2', reason: 'METHOD_UNAVAILABLE' })).toBe(
      'City of Testville: el pago automático de la cuenta 10-1001-00 está suspendido porque su Visa terminada en 4 2 4 2 ya no se puede usar, así que este mes no se pagará automáticamente. Pague lo pendiente y actualice su método de pago automático.',
    );
    expect(text('en', { ...DATA.AUTOPAY_SUSPENDED!, reason: 'PAYMENT_FAILED' })).toContain('is suspended because the payment failed on every attempt, so this month');
    // The card works; the city no longer takes it.
    expect(text('es', { ...DATA.AUTOPAY_SUSPENDED!, method: 'American Express terminada en 0 0 0 5', reason: 'METHOD_NOT_ACCEPTED' })).toBe(
      'City of Testville: el pago automático de la cuenta 10-1001-00 está suspendido porque la ciudad ya no acepta pagos con su American Express terminada en 0 0 0 5, así que este mes no se pagará automáticamente. Pague lo pendiente y actualice su método de pago automático.',
    );
    expect(text('en', { ...DATA.AUTOPAY_SUSPENDED!, reason: 'METHOD_NOT_ACCEPTED' })).toContain('is suspended because the city no longer takes payments by your Visa ending in 4 2 4 2, so this month');
    // A reason this template does not know is left out rather than written as a code.
    expect(text('en', { accountNumber: '10-1001-00', message: 'Autopay is suspended.' })).toBe(
      'City of Testville: autopay for account 10-1001-00 is suspended, so this month will not be paid automatically. Please pay what is due and update your autopay payment method.',
    );
  });

  it('texts a mobile number its confirmation code, and never emails one', () => {
    const input = { template: 'SMS_PHONE_CODE', data: DATA.SMS_PHONE_CODE!, tenant: DEFAULT_SETTINGS_FOR_TESTS, publicUrl: '' } as const;
    expect(renderSms({ ...input, locale: 'en' })).toBe(
      'City of Testville: 042917 is your code to confirm this number for payment texts. It expires in 10 minutes. If you did not ask for it, ignore this text.',
    );
    expect(renderSms({ ...input, locale: 'es' })).toMatch(/^City of Testville: 042917 es su código/);
    expect(() => renderSms({ ...input, locale: 'en', data: {} })).toThrow();
    expect(() => renderEmail({ ...input, locale: 'en' })).toThrow();
  });

  it('says in one email that a payment came back and that its bank account is blocked for it, in English and Spanish', () => {
    const data = { ...DATA.PAYMENT_RETURNED!, bankAccountBlocked: 'R02' };
    const email = (locale: 'en' | 'es') => renderEmail({ template: 'PAYMENT_RETURNED', locale, data, tenant: DEFAULT_SETTINGS_FOR_TESTS, publicUrl: '' });
    expect(email('en').subject).toBe('Your payment ABCD-EFGH-JKMN was returned, and your bank account can no longer be used - City of Testville');
    expect(email('en').text).toContain('So City of Testville takes no more electronic checks from your bank account ending in 6 7 8 9: payments and Auto Pay from it will be refused.');
    expect(email('en').text).toContain('If your bank made a mistake, call 562-555-0100 with its letter');
    expect(email('es').subject).toBe('Su pago ABCD-EFGH-JKMN fue devuelto y su cuenta bancaria ya no se puede usar - City of Testville');
    expect(email('es').text).toContain('Por eso City of Testville ya no acepta cheques electrónicos de su cuenta bancaria terminada en 6 7 8 9');
    // Without a block, neither.
    const plain = renderEmail({ template: 'PAYMENT_RETURNED', locale: 'en', data: DATA.PAYMENT_RETURNED!, tenant: DEFAULT_SETTINGS_FOR_TESTS, publicUrl: '' });
    expect([plain.subject, plain.text.includes('no more electronic checks')]).toEqual(['Your payment ABCD-EFGH-JKMN was returned - City of Testville', false]);
  });

  it('asks the owner of an address to confirm it with a link in their language, and promises nothing else is sent until then', () => {
    for (const [locale, subject, ignore] of [
      ['en', 'Confirm your email for City of Testville', 'If you did not ask for this, ignore this email: this address will not be used.'],
      ['es', 'Confirme su correo para City of Testville', 'Si no lo pidió, ignore este correo: esta dirección no se usará.'],
    ] as const) {
      const email = renderEmail({ template: 'EMAIL_VERIFICATION', locale, data: DATA.EMAIL_VERIFICATION!, tenant: DEFAULT_SETTINGS_FOR_TESTS, publicUrl: 'https://pay.example' });
      expect(email.subject).toBe(subject);
      expect(email.text).toContain(`https://pay.example/verify-email?tenant=${DEFAULT_SETTINGS_FOR_TESTS.slug}&token=ver-789&lang=${locale}`);
      expect(email.text).toContain(ignore);
    }
  });

  it('says a returned payment was returned when the bank gave no return code, without an empty code', () => {
    const { returnCode: _code, ...withoutCode } = DATA.PAYMENT_RETURNED!;
    for (const locale of ['en', 'es'] as const) {
      const email = renderEmail({ template: 'PAYMENT_RETURNED', locale, data: withoutCode, tenant: DEFAULT_SETTINGS_FOR_TESTS, publicUrl: '' });
      expect(email.text).toContain(locale === 'en' ? 'Your bank returned your payment ABCD-EFGH-JKMN' : 'Su banco devolvió su pago ABCD-EFGH-JKMN');
      expect(email.text).not.toMatch(/return code|código de devolución/);
    }
  });

  it('says a payment that did not go through was not charged, and neither when it would have posted nor what it paid', () => {
    for (const locale of ['en', 'es'] as const) {
      const email = renderEmail({ template: 'PAYMENT_FAILED', locale, data: DATA.PAYMENT_FAILED!, tenant: DEFAULT_SETTINGS_FOR_TESTS, publicUrl: '' });
      expect(email.subject).toContain(locale === 'en' ? 'Your payment ABCD-EFGH-JKMN did not go through' : 'Su pago ABCD-EFGH-JKMN no se realizó');
      expect(email.text).toContain(locale === 'en' ? 'you were not charged' : 'no se le cobró');
      expect(email.text).not.toContain('ending in 0 2 0 0');
      expect(email.text).not.toMatch(/2026|Nov|nov/);
    }
  });

  it('tells the payer of cash or a check voided at the counter that the city applies or returns it, in the language, by email and text', () => {
    const data = { ...DATA.PAYMENT_VOIDED!, method: 'Cash', recordedAtOfficeOn: '2026-11-23' };
    const render = (locale: 'en' | 'es', tenant = DEFAULT_SETTINGS_FOR_TESTS) => ({
      email: renderEmail({ template: 'PAYMENT_VOIDED', locale, data, tenant, publicUrl: '' }).text,
      sms: renderSms({ template: 'PAYMENT_VOIDED', locale, data, tenant, publicUrl: '' }),
    });
    const en = render('en');
    expect(en.email).toContain(
      'The payment ABCD-EFGH-JKMN of $313.00 recorded at the office on November 23, 2026 was cancelled because it was recorded in error. If you paid this amount at the office, City of Testville will apply it correctly or return it to you. If you have questions, call 562-555-0100.',
    );
    expect(en.sms).toBe(
      'City of Testville: the payment ABCD-EFGH-JKMN of $313.00 recorded at the office on November 23, 2026 was cancelled because it was recorded in error. If you paid it at the office, the city will apply it correctly or return it. If you have questions, call 562-555-0100.',
    );
    const es = render('es');
    expect(es.email).toContain('registrado en la oficina el 23 de noviembre de 2026 fue cancelado porque se registró por error');
    expect(es.email).toContain('City of Testville la aplicará correctamente o se la devolverá. Si tiene preguntas, llame al 562-555-0100.');
    expect(es.sms).toContain('Si lo pagó en la oficina, la ciudad lo aplicará correctamente o se lo devolverá.');
    for (const { email, sms } of [en, es]) expect(`${email}\n${sms}`).not.toMatch(/no money will be taken|new payment|no se cobrará|pago nuevo/);

    const noPhone = { ...DEFAULT_SETTINGS_FOR_TESTS, settings: { ...DEFAULT_SETTINGS_FOR_TESTS.settings, contact: { ...DEFAULT_SETTINGS_FOR_TESTS.settings.contact, customerServicePhone: null } } };
    expect(render('en', noPhone).sms).toMatch(/If you have questions, ask at the office\.$/);
    expect(render('es', noPhone).email).toContain('Si tiene preguntas, consulte en la oficina.');
  });

  it('names the convenience fee a payment carried beside its amount and total; one queued without them (before fees were named) shows the total alone', () => {
    const withFee = { paymentAmount: '$100.00', convenienceFee: '$2.50', amount: '$102.50' };
    const render = (template: 'PAYMENT_RECEIPT' | 'PAYMENT_REFUNDED' | 'PAYMENT_VOIDED' | 'PAYMENT_FAILED', locale: 'en' | 'es', fee: object) =>
      renderEmail({ template, locale, data: { ...DATA[template]!, ...fee }, tenant: DEFAULT_SETTINGS_FOR_TESTS, publicUrl: '' });
    for (const template of ['PAYMENT_RECEIPT', 'PAYMENT_REFUNDED', 'PAYMENT_VOIDED', 'PAYMENT_FAILED'] as const) {
      expect(render(template, 'en', withFee).text).toContain('Amount: $100.00\nConvenience fee: $2.50\nTotal: $102.50\nPaid with: Visa ending in 4 2 4 2');
      expect(render(template, 'es', withFee).text).toContain('Monto: $100.00\nCargo por conveniencia: $2.50\nTotal: $102.50\n');
      const html = render(template, 'en', withFee).html;
      expect(['$100.00', 'Convenience fee', '$2.50', '$102.50'].filter((part) => !html.includes(part))).toEqual([]);
      const before = render(template, 'en', {}).text;
      expect(before).toContain('Amount: $313.00\nPaid with: Visa ending in 4 2 4 2');
      expect(before).not.toMatch(/Convenience fee|Total/);
    }
  });

  it('says the username to sign in with in a reset and an invitation queued with one, in the language; none without', () => {
    for (const template of ['PASSWORD_RESET', 'STAFF_INVITATION'] as const) {
      const render = (locale: 'en' | 'es', data: Record<string, string>) => renderEmail({ template, locale, data, tenant: DEFAULT_SETTINGS_FOR_TESTS, publicUrl: 'https://billing.example' });
      const withUsername = { ...DATA[template]!, username: 'okc_clerk_17' };
      expect(render('en', withUsername).text).toContain('Your username: okc_clerk_17');
      expect(render('en', withUsername).html).toContain('Your username: okc_clerk_17');
      expect(render('es', withUsername).text).toContain('Su nombre de usuario: okc_clerk_17');
      expect(render('en', DATA[template]!).text).not.toContain('username');
    }
  });

  it('greets by name in an invitation only: a reset, or a password or email changed, queued with a name (as before) greets without it', () => {
    const render = (template: 'PASSWORD_RESET' | 'PASSWORD_CHANGED' | 'EMAIL_CHANGED' | 'STAFF_INVITATION', locale: 'en' | 'es') =>
      renderEmail({ template, locale, data: { ...DATA[template]!, name: 'Past due: pay today or service is shut off' }, tenant: DEFAULT_SETTINGS_FOR_TESTS, publicUrl: 'https://billing.example' });
    for (const template of ['PASSWORD_RESET', 'PASSWORD_CHANGED', 'EMAIL_CHANGED'] as const) {
      const [en, es] = [render(template, 'en'), render(template, 'es')];
      expect([template, en.text.split('\n')[2], es.text.split('\n')[2]]).toEqual([template, 'Hello,', 'Hola:']);
      for (const part of [en.text, en.html, es.text, es.html]) expect(part).not.toContain('Past due');
    }
    expect(render('STAFF_INVITATION', 'en').text.split('\n')[2]).toBe('Hello Past due: pay today or service is shut off,');
    expect(render('STAFF_INVITATION', 'es').text.split('\n')[2]).toBe('Hola, Past due: pay today or service is shut off:');
  });

  it("writes instants on the city's clock, dates the language's way", () => {
    const reset = renderEmail({ template: 'PASSWORD_RESET', locale: 'es', data: DATA.PASSWORD_RESET!, tenant: DEFAULT_SETTINGS_FOR_TESTS, publicUrl: 'https://billing.example' });
    expect(reset.text).toContain('hasta el 23 de noviembre de 2026 a las 8:00 a.m. PST.');
    const receipt = renderEmail({ template: 'PAYMENT_RECEIPT', locale: 'en', data: DATA.PAYMENT_RECEIPT!, tenant: DEFAULT_SETTINGS_FOR_TESTS, publicUrl: '' });
    expect(receipt.text).toContain('Expected to post on: November 24, 2026');
  });

  it('tells the payer of a returned payment what is owed again (what it paid the city, not the convenience fee) and the fee charged for the return', () => {
    const data = { ...DATA.PAYMENT_RETURNED!, amount: '$102.95', paymentAmount: '$100.00', convenienceFee: '$2.95', owedAgain: '$100.00', returnedPaymentFee: '$25.00' };
    const email = (locale: 'en' | 'es') => renderEmail({ template: 'PAYMENT_RETURNED', locale, data, tenant: DEFAULT_SETTINGS_FOR_TESTS, publicUrl: '' }).text;
    expect(email('en')).toContain('of $102.95 (return code R01), so the $100.00 it paid is owed again.');
    expect(email('en')).toContain('A returned payment fee of $25.00 was added to your account.');
    expect(email('es')).toContain('así que los $100.00 que pagó se deben de nuevo.');
    expect(email('es')).toContain('Se añadió a su cuenta un cargo por pago devuelto de $25.00.');
  });

  it('tells the payer of a refund what it took back from the account and that it is owed again, not that the payment still applies', () => {
    const email = (locale: 'en' | 'es', data: Record<string, string> = DATA.PAYMENT_REFUNDED!) =>
      renderEmail({ template: 'PAYMENT_REFUNDED', locale, data, tenant: DEFAULT_SETTINGS_FOR_TESTS, publicUrl: '' }).text;
    expect(email('en')).toContain('We refunded $13.00 of your payment ABCD-EFGH-JKMN. It may take a few business days to reach your Visa ending in 4 2 4 2.');
    expect(email('en')).toContain('The $13.00 taken back from your account is owed again. Please make a new payment.');
    expect(email('en')).toContain('Taken back from: Account ending in 0 2 0 0: $13.00');
    expect(email('en')).not.toContain('Applied to');
    expect(email('es')).toContain('Los $13.00 que se descontaron de lo pagado en su cuenta se deben de nuevo. Haga un pago nuevo.');
    expect(email('es')).toContain('Descontado de: Account ending in 0 2 0 0: $13.00');
    // A refund of a convenience fee took nothing from the account: nothing is said to be owed again.
    const { takenBackFrom: _from, owedAgain: _owed, ...feeOnly } = DATA.PAYMENT_REFUNDED!;
    expect(email('en', feeOnly)).not.toMatch(/owed again|Taken back|Applied to/);
  });

  it('tells the payer of a refund or return that other payments have paid since: what is owed again, if any, and never to pay twice', () => {
    const render = (template: 'PAYMENT_REFUNDED' | 'PAYMENT_RETURNED', locale: 'en' | 'es', owed: Record<string, string>) => {
      const { owedAgain: _owed, ...data } = DATA[template]!;
      return renderEmail({ template, locale, data: { ...data, ...owed }, tenant: DEFAULT_SETTINGS_FOR_TESTS, publicUrl: '' }).text;
    };
    const allPaid = render('PAYMENT_RETURNED', 'en', { alreadyPaid: '$313.00', returnedPaymentFee: '$25.00' });
    expect(allPaid).toContain('Your bank returned your payment ABCD-EFGH-JKMN of $313.00 (return code R01).');
    expect(allPaid).toContain('Your account does not owe the $313.00 taken back from it (it had been paid beyond what it owed), so you do not need to pay it again.');
    expect(allPaid).toContain('A returned payment fee of $25.00 was added to your account.');
    expect(allPaid).not.toMatch(/owed again|new payment/);
    expect(render('PAYMENT_RETURNED', 'es', { alreadyPaid: '$313.00' })).toContain(
      'Su cuenta no debe los $313.00 que se descontaron de lo pagado en ella (se había pagado más de lo que debía), así que no necesita pagarlos de nuevo.',
    );
    expect(render('PAYMENT_REFUNDED', 'en', { owedAgain: '$3.00', alreadyPaid: '$10.00' })).toContain(
      'Your account does not owe $10.00 of what was taken back from it (it had been paid beyond what it owed); the other $3.00 is owed again. Please make a new payment.',
    );
    expect(render('PAYMENT_REFUNDED', 'es', { owedAgain: '$3.00', alreadyPaid: '$10.00' })).toContain('los $3.00 restantes se deben de nuevo. Haga un pago nuevo.');
  });

  it('ends a reminder, the one kind a resident may switch off, with a link to their settings, in the language; no other kind', () => {
    const render = (template: 'AUTOPAY_REMINDER' | 'AUTOPAY_FAILED' | 'PAYMENT_RECEIPT', locale: 'en' | 'es') =>
      renderEmail({ template, locale, data: DATA[template]!, tenant: DEFAULT_SETTINGS_FOR_TESTS, publicUrl: 'https://billing.example' });
    const settings = 'https://billing.example/account/profile?tenant=testville';
    expect(render('AUTOPAY_REMINDER', 'en').text.split('\n').at(-1)).toBe(`Stop these reminders: ${settings}`);
    expect(render('AUTOPAY_REMINDER', 'en').html).toContain(`<a href="${settings}" style="color:#555555">Stop these reminders</a>`);
    expect(render('AUTOPAY_REMINDER', 'es').text).toContain(`Dejar de recibir estos recordatorios: ${settings}`);
    for (const template of ['AUTOPAY_FAILED', 'PAYMENT_RECEIPT'] as const) {
      const email = render(template, 'en');
      expect({ template, links: `${email.text}${email.html}`.includes('/account/profile') }).toEqual({ template, links: false });
    }
  });

  it('says when a payment is expected to post in its receipt only: a returned or refunded one posted long ago, or never will', () => {
    for (const template of ['PAYMENT_RETURNED', 'PAYMENT_REFUNDED', 'PAYMENT_VOIDED', 'PAYMENT_FAILED'] as const) {
      const email = renderEmail({ template, locale: 'en', data: DATA[template]!, tenant: DEFAULT_SETTINGS_FOR_TESTS, publicUrl: '' });
      expect({ template, saysPosting: email.text.includes('Expected to post on') }).toEqual({ template, saysPosting: false });
    }
  });

  it('says cash or a check recorded at the counter posted on its day, by email and text, in the language: it posted as it was recorded', () => {
    const { expectedPostingDate: _expected, ...written } = DATA.PAYMENT_RECEIPT!;
    const data = { ...written, method: 'Check #5512', postedOn: '2026-11-23' };
    const render = (locale: 'en' | 'es') => ({
      email: renderEmail({ template: 'PAYMENT_RECEIPT', locale, data, tenant: DEFAULT_SETTINGS_FOR_TESTS, publicUrl: '' }).text,
      sms: renderSms({ template: 'PAYMENT_RECEIPT', locale, data, tenant: DEFAULT_SETTINGS_FOR_TESTS, publicUrl: '' }),
    });
    expect(render('en').email).toContain('Posted on: November 23, 2026');
    expect(render('en').email).not.toContain('Expected to post');
    expect(render('en').sms).toBe('City of Testville: we received your payment ABCD-EFGH-JKMN of $313.00. It posted to your account on November 23, 2026.');
    expect(render('es').email).toContain('Se aplicó el: 23 de noviembre de 2026');
    expect(render('es').sms).toBe('City of Testville: recibimos su pago ABCD-EFGH-JKMN de $313.00. Se aplicó a su cuenta el 23 de noviembre de 2026.');
  });
});

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

const renderAs = (template: NotificationTemplate, locale: 'en' | 'es', data: Record<string, string>) =>
  renderEmail({ template, locale, data, tenant: DEFAULT_SETTINGS_FOR_TESTS, publicUrl: 'https://billing.example' });
const textAs = (template: NotificationTemplate, locale: 'en' | 'es', data: Record<string, string>) =>
  renderSms({ template, locale, data, tenant: DEFAULT_SETTINGS_FOR_TESTS, publicUrl: 'https://billing.example' });

const RECEIPT = { confirmationNumber: 'ABCD-EFGH-JKMN', amount: '$40.00', expectedPostingDate: '2026-11-24', allocations: 'Account ending in 0 2 0 0: $40.00' };
const WARNING = {
  en: 'This is an electronic check: if your bank returns it, the payment is undone and the amount is owed again.',
  es: 'Este es un cheque electrónico: si su banco lo devuelve, el pago se anula y se debe de nuevo el monto.',
};

describe("an e-check's receipt", () => {
  it.each(['en', 'es'] as const)('says by email, in %s, that the bank can still return it, as the phone line says it', (locale) => {
    const email = renderAs('PAYMENT_RECEIPT', locale, { ...RECEIPT, method: 'BANK_ACCOUNT 6789' });
    expect(email.text).toContain(WARNING[locale]);
    expect(email.html).toContain(WARNING[locale]);
  });

  it.each(['en', 'es'] as const)('says so by text too, in %s', (locale) => {
    expect(textAs('PAYMENT_RECEIPT', locale, { ...RECEIPT, method: 'BANK_ACCOUNT 6789' })).toContain(WARNING[locale]);
  });

  it("says nothing of the kind on a card's receipt", () => {
    expect(renderAs('PAYMENT_RECEIPT', 'en', { ...RECEIPT, method: 'VISA 4242' }).text).not.toContain('electronic check');
    expect(textAs('PAYMENT_RECEIPT', 'en', { ...RECEIPT, method: 'VISA 4242' })).not.toContain('electronic check');
  });
});

describe('a message queued with the old masked account numbers', () => {
  it('names the accounts it paid as the web does, by email, in English and Spanish', () => {
    const en = renderAs('PAYMENT_RECEIPT', 'en', { ...RECEIPT, method: 'VISA 4242', allocations: 'Account **-**02-00: $12.00\nAccount ****-0417: $28.00' });
    expect(en.text).toContain('Account ending in 0 2 0 0: $12.00');
    expect(en.text).toContain('Account ending in 0 4 1 7: $28.00');
    expect(`${en.text}${en.html}`).not.toContain('**');
    const es = renderAs('PAYMENT_RECEIPT', 'es', { ...RECEIPT, method: 'VISA 4242', allocations: 'Cuenta **-**02-00: $12.00' });
    expect(es.text).toContain('Cuenta terminada en 0 2 0 0: $12.00');
  });

  it('does the same for what a refund or a return took back, and in a text', () => {
    const refund = { ...RECEIPT, method: 'VISA 4242', refundedAmount: '$13.00', takenBackFrom: 'Account **-**02-00: $13.00', owedAgain: '$13.00' };
    const email = renderAs('PAYMENT_REFUNDED', 'en', refund);
    expect(email.text).toContain('Account ending in 0 2 0 0: $13.00');
    expect(`${email.text}${email.html}`).not.toContain('**');
    const returned = { ...RECEIPT, method: 'BANK_ACCOUNT 6789', takenBackFrom: 'Account **-**02-00: $40.00', owedAgain: '$40.00', returnCode: 'R01' };
    expect(renderAs('PAYMENT_RETURNED', 'en', returned).text).not.toContain('**');
    expect(textAs('PAYMENT_RETURNED', 'en', returned)).not.toContain('**');
  });

  it('leaves what is no masked account number as it was', () => {
    const email = renderAs('PAYMENT_RECEIPT', 'en', { ...RECEIPT, method: 'VISA 4242', allocations: 'Citation C-2026-0042: $40.00' });
    expect(email.text).toContain('Citation C-2026-0042: $40.00');
  });
});

describe('a bank account blocked or unblocked', () => {
  it('tells its holder it is blocked after a return, in English and Spanish, by its last four said one by one, and whom to call', () => {
    const en = renderAs('BANK_ACCOUNT_BLOCKED', 'en', { bankAccount: '0001', reason: 'R01' });
    expect(en.subject).toBe('Your bank account can no longer be used for payments - City of Testville');
    expect(en.text).toContain(
      'Your bank returned a payment from your bank account ending in 0 0 0 1 (return code R01), so City of Testville takes no more electronic checks from it: payments and Auto Pay from it will be refused.',
    );
    expect(en.text).toContain('If your bank made a mistake, call 562-555-0100 with its letter: the city can unblock the account.');
    const es = renderAs('BANK_ACCOUNT_BLOCKED', 'es', { bankAccount: '0001', reason: 'R01' });
    expect(es.text).toContain('Su banco devolvió un pago de su cuenta bancaria terminada en 0 0 0 1 (código de devolución R01)');
  });

  it('says a bank account its bank closed is blocked for that, with no return code', () => {
    const email = renderAs('BANK_ACCOUNT_BLOCKED', 'en', { bankAccount: '0002', reason: 'INVALID_ACCOUNT' });
    expect(email.text).toContain('Your bank said your bank account ending in 0 0 0 2 no longer exists');
    expect(email.text).not.toContain('return code');
  });

  it('tells its holder it is unblocked, and that autopay suspended on it waits for them', () => {
    const es = renderAs('BANK_ACCOUNT_UNBLOCKED', 'es', { bankAccount: '0001' });
    expect(es.subject).toBe('Su cuenta bancaria se puede usar de nuevo para pagar - City of Testville');
    expect(es.text).toContain('City of Testville desbloqueó su cuenta bancaria terminada en 0 0 0 1');
    expect(renderAs('BANK_ACCOUNT_UNBLOCKED', 'en', { bankAccount: '0001' }).text).toContain('Auto Pay that was suspended on it stays suspended until you set it up again.');
  });
});

describe("where an account's service stands", () => {
  it('says what is past due on which account, that paying it keeps the service on, and links to the accounts page, in English and Spanish', () => {
    const en = renderAs('DISCONNECTION_WARNING', 'en', DATA.DISCONNECTION_WARNING!);
    expect(en.subject).toBe('Past due: City of Testville may disconnect your service');
    expect(en.text).toContain('Your account ending in 0 2 0 0 is $84.10 past due, so City of Testville may disconnect its service for non-payment.');
    expect(en.text).toContain('Pay now: https://billing.example/account?tenant=testville&lang=en');
    // A city without a pay-by-phone number names none.
    expect(en.text).not.toContain('by phone at');
    const es = renderAs('DISCONNECTION_WARNING', 'es', DATA.DISCONNECTION_WARNING!);
    expect(es.text).toContain('Pague los $84.10 vencidos para mantener su servicio.');
    expect(es.text).toContain('Pagar ahora: https://billing.example/account?tenant=testville&lang=es');
  });

  it('texts the same warning, in the language', () => {
    expect(textAs('DISCONNECTION_WARNING', 'en', DATA.DISCONNECTION_WARNING!)).toBe(
      'City of Testville: your account ending in 0 2 0 0 is $84.10 past due, and its service may be disconnected. Pay it to keep your service on.',
    );
    expect(textAs('DISCONNECTION_WARNING', 'es', DATA.DISCONNECTION_WARNING!)).toBe(
      'City of Testville: su cuenta terminada en 0 2 0 0 tiene $84.10 vencidos y su servicio podría desconectarse. Páguelos para mantener su servicio.',
    );
  });

  it('tells a household its service was disconnected and that paying the amount due in full asks for it back, by email and text', () => {
    const en = renderAs('SERVICE_DISCONNECTED', 'en', DATA.SERVICE_DISCONNECTED!);
    expect(en.subject).toBe('Your service is disconnected - City of Testville');
    expect(en.text).toContain('City of Testville disconnected the service of your account ending in 0 2 0 0 for non-payment.');
    expect(en.text).toContain('Paying the amount due in full, $131.75, asks the city to restore it');
    expect(en.text).toContain('Amount due: $131.75');
    expect(textAs('SERVICE_DISCONNECTED', 'es', DATA.SERVICE_DISCONNECTED!)).toBe(
      'City of Testville: el servicio de su cuenta terminada en 0 2 0 0 se desconectó por falta de pago. Pagar el monto adeudado completo, $131.75, solicita a la ciudad que lo restablezca.',
    );
  });

  it('tells a household its service is restored, asking for nothing', () => {
    const es = renderAs('SERVICE_RESTORED', 'es', DATA.SERVICE_RESTORED!);
    expect(es.subject).toBe('Su servicio está restablecido - City of Testville');
    expect(es.text).toContain('City of Testville restableció el servicio de su cuenta terminada en 0 2 0 0.');
    expect(es.text).not.toContain('Pagar ahora');
    expect(textAs('SERVICE_RESTORED', 'en', DATA.SERVICE_RESTORED!)).toBe('City of Testville: the service of your account ending in 0 2 0 0 is restored.');
  });

  it('tells of a new bill with its amount, due date and service period, a link to pay, and a link to stop these emails', () => {
    const en = renderAs('BILL_ISSUED', 'en', DATA.BILL_ISSUED!);
    expect(en.subject).toBe('Your new bill is ready: $73.75 due December 20, 2026 - City of Testville');
    expect(en.text).toContain('It bills your service from October 15, 2026 to November 14, 2026.');
    expect(en.text).toContain('View and pay: https://billing.example/account?tenant=testville&lang=en');
    expect(en.text).toContain('Service period: October 15, 2026 - November 14, 2026');
    expect(en.text).toContain('Stop bill emails: ');
    // A bill with no service period (a final bill, say) says none.
    const { periodStart: _start, periodEnd: _end, ...noPeriod } = DATA.BILL_ISSUED!;
    expect(renderAs('BILL_ISSUED', 'es', noPeriod).text).not.toMatch(/Cobra su servicio|Período de servicio/);
    expect(textAs('BILL_ISSUED', 'es', DATA.BILL_ISSUED!)).toBe('City of Testville: su nueva factura de la cuenta terminada en 0 2 0 0 es de $73.75 y vence el 20 de diciembre de 2026.');
  });

  it('reminds of a bill coming due with what the account owes now, by email and text', () => {
    const en = renderAs('BILL_DUE_SOON', 'en', DATA.BILL_DUE_SOON!);
    expect(en.subject).toBe('Reminder: $53.75 due December 20, 2026 - City of Testville');
    expect(en.text).toContain('Your City of Testville bill for account ending in 0 2 0 0 is due on December 20, 2026. The amount due on the account is $53.75.');
    expect(en.text).toContain('Pay now: https://billing.example/account?tenant=testville&lang=en');
    expect(en.text).toContain('Stop bill emails: ');
    expect(textAs('BILL_DUE_SOON', 'es', DATA.BILL_DUE_SOON!)).toBe('City of Testville: su factura de la cuenta terminada en 0 2 0 0 vence el 20 de diciembre de 2026. Monto adeudado: $53.75.');
  });

  it('says the day Auto Pay pays a new bill instead of asking for it, by email and text', () => {
    const autopaid = { ...DATA.BILL_ISSUED!, autopayDate: '2026-12-15' };
    const es = renderAs('BILL_ISSUED', 'es', autopaid);
    expect(es.text).toContain('El Pago Automático paga esta cuenta: pagará el monto adeudado el 15 de diciembre de 2026. No tiene que hacer nada.');
    expect(es.text).toContain('Ver su cuenta: ');
    expect(es.text).not.toContain('Ver y pagar');
    expect(textAs('BILL_ISSUED', 'en', autopaid)).toBe(
      'City of Testville: your new bill for account ending in 0 2 0 0 is $73.75, due on December 20, 2026. Auto Pay will pay it on December 15, 2026.',
    );
  });
});
