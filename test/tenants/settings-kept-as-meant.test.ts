import { startTestPlatform, type TestPlatform } from '@platform/testkit';

/*
 * Settings an operator gives that cannot mean what they say are refused where they stand, never kept in part or
 * shown as typed: a flat fee "with a minimum" (a minimum is a percentage's) was saved as the flat fee alone, though a
 * percentage given an amount was refused; a fee of zero told every payer "a convenience fee of $0.00 is added";
 * opening hours naming a day twice were read out to callers as "Monday, Monday"; and a line break in the city's
 * name went into its texts, its phone line and its emails' sender.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
}, 120_000);
afterAll(() => platform.close());

const UPDATE = `mutation($input: UpdateTenantInput!) { updateTenant(slug: "norman", input: $input) {
  tenant { paymentRules { convenienceFee { kind flatAmount { amount } percentBasisPoints minimum { amount } description } } contact { supportHours { days opens closes } } }
  userErrors { field code message }
} }`;
interface Answer {
  readonly updateTenant: {
    readonly tenant: {
      readonly paymentRules: { readonly convenienceFee: Record<string, unknown> };
      readonly contact: { readonly supportHours: { readonly days: string[]; readonly opens: string; readonly closes: string }[] };
    } | null;
    readonly userErrors: { readonly field: string[]; readonly code: string; readonly message: string }[];
  };
}
const update = async (input: Record<string, unknown>, locale = 'en') => (await platform.operator.withHeaders({ 'accept-language': locale }).data<Answer>(UPDATE, { input })).updateTenant;
const fieldsAndCodes = (answer: Answer['updateTenant']) => answer.userErrors.map((e) => [e.field.join('.'), e.code]);
const settingsOf = async () =>
  (
    await platform.client
      .asTenant('norman')
      .data<{ tenant: unknown }>(
        '{ tenant { name department departmentByLocale { locale text } email { fromName } contact { officeAddress { line1 } supportHours { days opens closes } } paymentRules { convenienceFee { kind description } } } }',
      )
  ).tenant;

it('refuses a flat fee, or none, given a minimum, at the minimum, as it refuses a percentage given an amount, rather than drop the minimum', async () => {
  const percentWithAmount = await update({ paymentRules: { convenienceFee: { kind: 'PERCENT', percentBasisPoints: 295, amount: '1.00' } } });
  expect(percentWithAmount.userErrors.map((e) => e.code)).toEqual(['INVALID_FEE']);

  const flatWithMinimum = await update({ paymentRules: { convenienceFee: { kind: 'FLAT', amount: '1.00', minimum: '2.00' } } });
  expect(flatWithMinimum.userErrors).toEqual([
    { field: ['input', 'paymentRules', 'convenienceFee', 'minimum'], code: 'INVALID_FEE', message: 'Only a percentage fee has a minimum: remove it, or make the fee a percentage.' },
  ]);
  const noneWithMinimum = await update({ paymentRules: { convenienceFee: { kind: 'NONE', minimum: '2.00' } } }, 'es');
  expect(noneWithMinimum.userErrors).toEqual([
    { field: ['input', 'paymentRules', 'convenienceFee', 'minimum'], code: 'INVALID_FEE', message: 'Solo un cargo porcentual tiene un mínimo: quítelo, o haga porcentual el cargo.' },
  ]);
  // Both at once, each where it stands: a flat fee with no amount, and a minimum.
  expect(fieldsAndCodes(await update({ paymentRules: { convenienceFee: { kind: 'FLAT', minimum: '2.00' } } }))).toEqual([
    ['input.paymentRules.convenienceFee.minimum', 'INVALID_FEE'],
    ['input.paymentRules.convenienceFee.kind', 'INVALID_FEE'],
  ]);

  const percent = await update({ paymentRules: { convenienceFee: { kind: 'PERCENT', percentBasisPoints: 295, minimum: '2.00' } } });
  expect(percent.userErrors).toEqual([]);
  // And from it to a flat fee: the minimum stored with the percentage is not carried into the change.
  const flat = await update({ paymentRules: { convenienceFee: { kind: 'FLAT', amount: '1.00' } } });
  expect(flat.userErrors).toEqual([]);
  expect(flat.tenant!.paymentRules.convenienceFee).toMatchObject({ kind: 'FLAT', flatAmount: { amount: '1.00' }, minimum: null });
});

it('refuses a fee of zero, which NONE says, rather than tell every payer a fee of $0.00 is added', async () => {
  const before = await settingsOf();
  for (const amount of ['0', '0.00']) {
    expect((await update({ paymentRules: { convenienceFee: { kind: 'FLAT', amount } } })).userErrors).toEqual([
      { field: ['input', 'paymentRules', 'convenienceFee', 'amount'], code: 'INVALID_FEE', message: 'A fee of zero charges nothing: choose NONE for no convenience fee.' },
    ]);
  }
  const zeroPercent = await update({ paymentRules: { convenienceFee: { kind: 'PERCENT', percentBasisPoints: 0, minimum: '1.00' } } }, 'es');
  expect(zeroPercent.userErrors).toEqual([
    {
      field: ['input', 'paymentRules', 'convenienceFee', 'percentBasisPoints'],
      code: 'INVALID_FEE',
      message: 'Un cargo de cero no cobra nada: elija NONE para no cobrar cargo por conveniencia.',
    },
  ]);
  expect(await settingsOf()).toEqual(before);

  // A percentage's minimum of zero is no minimum, as it always was.
  const noMinimum = await update({ paymentRules: { convenienceFee: { kind: 'PERCENT', percentBasisPoints: 295, minimum: '0' } } });
  expect(noMinimum.userErrors).toEqual([]);
  expect(noMinimum.tenant!.paymentRules.convenienceFee.description).toBe('A convenience fee of 2.95% is added to each payment.');
});

it('refuses opening hours that name a day twice in one entry', async () => {
  const twice = await update({ contact: { supportHours: [{ days: ['MON', 'MON', 'TUE'], opens: '08:00', closes: '17:00' }] } });
  expect(fieldsAndCodes(twice)).toEqual([['input.contact.supportHours.0.days', 'INVALID']]);
  expect(twice.userErrors[0]!.message).toBe('Name each day once in an entry of opening hours.');
});

it('refuses two entries open at once on a day they share, at the later one, and takes hours that meet or fall on other days', async () => {
  const lunch = [
    { days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], opens: '08:00', closes: '12:00' },
    { days: ['FRI'], opens: '11:00', closes: '17:00' },
  ];
  const overlapping = await update({ contact: { supportHours: lunch } }, 'es');
  expect(overlapping.userErrors).toEqual([
    {
      field: ['input', 'contact', 'supportHours', '1', 'days'],
      code: 'INVALID',
      message: 'Este horario se superpone con otro en un día que comparten: indique el horario de cada día una sola vez (una oficina que cierra al mediodía es de 08:00 a 12:00 y de 13:00 a 17:00).',
    },
  ]);
  // The same entry twice is the same slip.
  const repeated = { days: ['SAT'], opens: '09:00', closes: '12:00' };
  expect(fieldsAndCodes(await update({ contact: { supportHours: [repeated, repeated] } }))).toEqual([['input.contact.supportHours.1.days', 'INVALID']]);
  // An entry refused for its own times is refused for that alone.
  expect(fieldsAndCodes(await update({ contact: { supportHours: [lunch[0], { days: ['FRI'], opens: '18:00', closes: '10:00' }] } }))).toEqual([['input.contact.supportHours.1.closes', 'INVALID']]);

  const taken = [
    { days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], opens: '08:00', closes: '12:00' },
    { days: ['MON', 'TUE', 'WED', 'THU'], opens: '12:00', closes: '17:00' },
    { days: ['SAT'], opens: '10:00', closes: '14:00' },
  ];
  const answer = await update({ contact: { supportHours: taken } });
  expect(answer.userErrors).toEqual([]);
  expect(answer.tenant!.contact.supportHours).toEqual(taken);
});

it('refuses a line break or tab in a one-line setting, at its field, and keeps what was there', async () => {
  const before = await settingsOf();
  const answer = await update({
    name: 'City of\nNorman',
    department: 'Utility\r\nBilling',
    departmentByLocale: [{ locale: 'ES', text: 'Facturación\tde Servicios' }],
    email: { fromName: 'City of Norman\u2028Utilities' },
    contact: { officeAddress: { line1: '225 N. Webster Ave.\u0085Suite 1', city: 'Norman', region: 'OK', postalCode: '73069' } },
  });
  expect(answer.tenant).toBeNull();
  expect(fieldsAndCodes(answer)).toEqual([
    ['input.name', 'INVALID_TEXT'],
    ['input.department', 'INVALID_TEXT'],
    ['input.departmentByLocale.0.text', 'INVALID_TEXT'],
    ['input.contact.officeAddress.line1', 'INVALID_TEXT'],
    ['input.email.fromName', 'INVALID_TEXT'],
  ]);
  expect(answer.userErrors[0]!.message).toBe('Write this on one line, without line breaks or tabs.');
  expect((await update({ name: 'City of\nNorman' }, 'es')).userErrors[0]!.message).toBe('Escríbalo en una sola línea, sin saltos de línea ni tabulaciones.');
  expect(await settingsOf()).toEqual(before);

  // A new city too; a line break at either end is trimmed away, as spaces are.
  const created = await platform.operator.data<{ createTenant: { tenant: { name: string } | null; userErrors: { field: string[]; code: string }[] } }>(
    'mutation($input: CreateTenantInput!) { createTenant(input: $input) { tenant { name } userErrors { field code } } }',
    { input: { slug: 'two-lines', name: 'City of\r\nTwo Lines', timezone: 'America/Chicago' } },
  );
  expect(created.createTenant).toEqual({ tenant: null, userErrors: [{ field: ['input', 'name'], code: 'INVALID_TEXT' }] });
  const trimmed = await update({ name: 'City of Norman\n' });
  expect(trimmed.userErrors).toEqual([]);
});

it('refuses a name, department or sender name of characters nobody sees (zero-width spaces), as it refuses a blank one (found by attack: a city was saved with a blank banner)', async () => {
  const before = await settingsOf();
  const answer = await update({
    name: '\u200b\u200b',
    department: '\u00ad',
    departmentByLocale: [{ locale: 'ES', text: '\u3164' }],
    email: { fromName: '\u2060\ufeff' },
  });
  expect(answer.tenant).toBeNull();
  expect(fieldsAndCodes(answer)).toEqual([
    ['input.name', 'REQUIRED'],
    ['input.department', 'REQUIRED'],
    ['input.departmentByLocale.0.text', 'REQUIRED'],
    ['input.email.fromName', 'REQUIRED'],
  ]);
  expect(answer.userErrors[0]!.message).toBe('This field is required.');
  expect(await settingsOf()).toEqual(before);

  const created = await platform.operator.data<{ createTenant: { tenant: { name: string } | null; userErrors: { field: string[]; code: string }[] } }>(
    'mutation($input: CreateTenantInput!) { createTenant(input: $input) { tenant { name } userErrors { field code } } }',
    { input: { slug: 'invisible', name: '\u200b', timezone: 'America/Chicago' } },
  );
  expect(created.createTenant).toEqual({ tenant: null, userErrors: [{ field: ['input', 'name'], code: 'REQUIRED' }] });
  // A name with a zero-width joiner inside it (as some scripts write words) is still a name.
  expect((await update({ name: 'City of Nor\u200dman' })).userErrors).toEqual([]);
});
