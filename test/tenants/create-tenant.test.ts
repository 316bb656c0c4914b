import { appUrl, withClient } from '@platform/db';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

const CREATE = `mutation Create($input: CreateTenantInput!) {
  createTenant(input: $input) {
    tenant { slug name timezone locales autopayRules { deductionDay } paymentRules { convenienceFee { kind description } } }
    userErrors { field code message }
  }
}`;
const UPDATE = `mutation Update($slug: String!, $input: UpdateTenantInput!) {
  updateTenant(slug: $slug, input: $input) {
    tenant { slug name timezone autopayRules { deductionDay methodsAllowedOnline } branding { primaryColor } contact { supportHours { days opens closes } } }
    userErrors { field code message }
  }
}`;

type Payload = {
  tenant: Record<string, unknown> | null;
  userErrors: { field: string[]; code: string; message: string }[];
};

/** Rows in the registry and in the settings history (all cities), through the app role. */
async function counts(): Promise<{ tenants: number; changes: number }> {
  const [tenants] = await platform.db.query<{ n: string }[]>('SELECT count(*) AS n FROM tenants');
  // History is tenant-scoped: count it tenant by tenant through row-level security.
  let changes = 0;
  for (const { id } of await platform.db.query<{ id: string }[]>('SELECT id FROM tenants')) {
    changes += await platform.db.transaction(async (manager) => {
      await manager.query(`SELECT set_config('app.tenant_id', $1, true)`, [id]);
      const [row] = await manager.query<{ n: string }[]>('SELECT count(*) AS n FROM tenant_settings_changes');
      return Number(row!.n);
    });
  }
  return { tenants: Number(tenants!.n), changes };
}

describe('createTenant', () => {
  it("needs the platform operator's key", async () => {
    const input = { slug: 'springfield', name: 'City of Springfield', timezone: 'America/Chicago' };
    const anonymous = await platform.client.request(CREATE, { input });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const wrongKey = await platform.client.withHeaders({ authorization: 'Bearer not-the-key-at-all-000' }).request(CREATE, { input });
    expect(wrongKey.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await counts()).tenants).toBe(2);
  });

  it('adds a city that is served at once, without a restart', async () => {
    const input = {
      slug: 'santa-fe',
      name: 'City of Santa Fe',
      timezone: 'America/Denver',
      locales: ['EN', 'ES'],
      autopayRules: { deductionDay: 5 },
      paymentRules: { convenienceFee: { kind: 'PERCENT', percentBasisPoints: 295, minimum: '1.00' } },
    };
    const { createTenant } = await platform.operator.data<{ createTenant: Payload }>(CREATE, { input });
    expect(createTenant.userErrors).toEqual([]);
    expect(createTenant.tenant).toMatchObject({ slug: 'santa-fe', timezone: 'America/Denver', autopayRules: { deductionDay: 5 } });

    const { tenant } = await platform.client
      .asTenant('santa-fe')
      .data<{ tenant: unknown }>('{ tenant { name timezone paymentRules { convenienceFee { kind percentBasisPoints minimum { amount } description } } } }');
    expect(tenant).toEqual({
      name: 'City of Santa Fe',
      timezone: 'America/Denver',
      paymentRules: {
        convenienceFee: {
          kind: 'PERCENT',
          percentBasisPoints: 295,
          minimum: { amount: '1.00' },
          description: 'A convenience fee of 2.95% (at least $1.00) is added to each payment.',
        },
      },
    });
  });

  it.each([29, 30, 31])('takes deduction day %i, which a shorter month has as its last day, and keeps it', async (deductionDay) => {
    const input = { slug: `month-end-${deductionDay}`, name: 'City of Month End', timezone: 'Pacific/Honolulu', autopayRules: { deductionDay } };
    const { createTenant } = await platform.operator.data<{ createTenant: Payload }>(CREATE, { input });
    expect(createTenant.userErrors).toEqual([]);
    expect(createTenant.tenant).toMatchObject({ autopayRules: { deductionDay } });
    const { tenant } = await platform.client.asTenant(input.slug).data<{ tenant: unknown }>('{ tenant { autopayRules { deductionDay } } }');
    expect(tenant).toEqual({ autopayRules: { deductionDay } });
  });

  it.each([
    ['a malformed slug', { slug: 'Bad Slug!' }, ['input', 'slug'], 'SLUG_MALFORMED'],
    ['a blank name', { name: '  ' }, ['input', 'name'], 'REQUIRED'],
    ['a name over 120 characters', { name: 'x'.repeat(121) }, ['input', 'name'], 'TOO_LONG'],
    [
      'an office address without a city',
      { contact: { officeAddress: { line1: '1 Main St', city: '', region: 'OK', postalCode: '73069' } } },
      ['input', 'contact', 'officeAddress', 'city'],
      'REQUIRED',
    ],
    ['a card number in the department', { department: 'Dept 4111 1111 1111 1111' }, ['input', 'department'], 'CARD_NUMBER_NOT_ACCEPTED'],
    [
      'a card number in the Spanish department',
      { departmentByLocale: [{ locale: 'ES', text: 'Depto 4111 1111 1111 1111' }] },
      ['input', 'departmentByLocale', '0', 'text'],
      'CARD_NUMBER_NOT_ACCEPTED',
    ],
    ['a Spanish department over 120 characters', { departmentByLocale: [{ locale: 'ES', text: 'x'.repeat(121) }] }, ['input', 'departmentByLocale', '0', 'text'], 'TOO_LONG'],
    ['a blank Spanish department', { departmentByLocale: [{ locale: 'ES', text: ' ' }] }, ['input', 'departmentByLocale', '0', 'text'], 'REQUIRED'],
    [
      'two departments for one language',
      {
        departmentByLocale: [
          { locale: 'ES', text: 'División de Agua' },
          { locale: 'ES', text: 'Departamento de Agua' },
        ],
      },
      ['input', 'departmentByLocale', '1', 'locale'],
      'INVALID',
    ],
    ['a reserved slug', { slug: 'www' }, ['input', 'slug'], 'SLUG_TAKEN'],
    ['a taken slug', { slug: 'norwalk' }, ['input', 'slug'], 'SLUG_TAKEN'],
    ['an invalid time zone', { timezone: 'Mars/Olympus_Mons' }, ['input', 'timezone'], 'INVALID_TIME_ZONE'],
    ['an offset for a time zone', { timezone: 'GMT+5' }, ['input', 'timezone'], 'INVALID_TIME_ZONE'],
    ['deduction day 0', { autopayRules: { deductionDay: 0 } }, ['input', 'autopayRules', 'deductionDay'], 'INVALID_DEDUCTION_DAY'],
    ['deduction day 32', { autopayRules: { deductionDay: 32 } }, ['input', 'autopayRules', 'deductionDay'], 'INVALID_DEDUCTION_DAY'],
    ['a default language it does not enable', { locales: ['EN'], defaultLocale: 'ES' }, ['input', 'defaultLocale'], 'INVALID_LOCALES'],
    ['a fractional-cent amount', { paymentRules: { maxPaymentAmount: '10.005' } }, ['input', 'paymentRules', 'maxPaymentAmount'], 'INVALID_AMOUNT'],
    ['a negative amount', { disconnectionRules: { minimumPastDueAmount: '-5' } }, ['input', 'disconnectionRules', 'minimumPastDueAmount'], 'INVALID_AMOUNT'],
    ['a flat fee with no amount', { paymentRules: { convenienceFee: { kind: 'FLAT' } } }, ['input', 'paymentRules', 'convenienceFee', 'kind'], 'INVALID_FEE'],
    // Dollars typed as cents: "250" for $2.50 would charge every payer $250.
    ['a flat fee over $25.00', { paymentRules: { convenienceFee: { kind: 'FLAT', amount: '250' } } }, ['input', 'paymentRules', 'convenienceFee', 'amount'], 'INVALID_FEE'],
    ['a percentage over 10%', { paymentRules: { convenienceFee: { kind: 'PERCENT', percentBasisPoints: 2950 } } }, ['input', 'paymentRules', 'convenienceFee', 'percentBasisPoints'], 'INVALID_FEE'],
    [
      'a percentage minimum over $25.00',
      { paymentRules: { convenienceFee: { kind: 'PERCENT', percentBasisPoints: 295, minimum: '150' } } },
      ['input', 'paymentRules', 'convenienceFee', 'minimum'],
      'INVALID_FEE',
    ],
    // Every payment, on every channel, would be refused as too large.
    ['a maximum payment of zero', { paymentRules: { maxPaymentAmount: '0' } }, ['input', 'paymentRules', 'maxPaymentAmount'], 'INVALID_AMOUNT'],
    ['no way to pay', { paymentRules: { acceptedCardBrands: [], echeckAccepted: false } }, ['input', 'paymentRules', 'acceptedCardBrands'], 'NO_PAYMENT_METHOD'],
  ])('refuses %s with a user error and writes nothing', async (_what, override, field, code) => {
    const before = await counts();
    const input = { slug: 'springfield', name: 'City of Springfield', timezone: 'America/Chicago', ...override };
    const result = await platform.operator.request<{ createTenant: Payload }>(CREATE, { input });
    expect(result.errors).toBeUndefined();
    expect(result.data?.createTenant.tenant).toBeNull();
    expect(result.data?.createTenant.userErrors).toContainEqual(expect.objectContaining({ field, code }));
    expect(result.data?.createTenant.userErrors.every((e) => e.message.length > 10)).toBe(true);
    expect(await counts()).toEqual(before);
  });

  it('reports every problem at once, in the request language', async () => {
    const input = { slug: 'x', name: '', timezone: 'Nowhere/Land', autopayRules: { deductionDay: 32 } };
    const result = await platform.operator.withHeaders({ 'accept-language': 'es' }).data<{ createTenant: Payload }>(CREATE, { input });
    expect(result.createTenant.userErrors.map((e) => e.field.join('.')).sort()).toEqual(['input.autopayRules.deductionDay', 'input.name', 'input.slug', 'input.timezone'].sort());
    expect(result.createTenant.userErrors).toContainEqual({ field: ['input', 'name'], code: 'REQUIRED', message: 'Este campo es obligatorio.' });
    expect(result.createTenant.userErrors).toContainEqual({
      field: ['input', 'autopayRules', 'deductionDay'],
      code: 'INVALID_DEDUCTION_DAY',
      message: 'El día de cargo del pago automático debe ser un número entero del 1 al 31 (en un mes más corto, el pago automático cobra el último día del mes).',
    });
  });

  it("refuses the first label of the platform's own host (the test platform's is billing.test), which would take every request to it naming no city", async () => {
    const before = await counts();
    const input = { slug: 'billing', name: 'City of Billing', timezone: 'America/Denver' };
    const english = await platform.operator.data<{ createTenant: Payload }>(CREATE, { input });
    expect(english.createTenant).toEqual({
      tenant: null,
      userErrors: [
        {
          field: ['input', 'slug'],
          code: 'SLUG_TAKEN',
          message: 'The city code "billing" is the first part of the platform’s own address (billing.test), so it cannot name a city: every request to that address would go to it.',
        },
      ],
    });
    const spanish = await platform.operator.withHeaders({ 'accept-language': 'es' }).data<{ createTenant: Payload }>(CREATE, { input });
    expect(spanish.createTenant.userErrors[0]?.message).toContain('la dirección de la propia plataforma (billing.test)');
    expect(await counts()).toEqual(before);
  });

  it('keeps a time zone by its canonical name, however it was typed', async () => {
    const input = { slug: 'lowercase-zone', name: 'City of Lowercase', timezone: 'america/chicago' };
    const result = await platform.operator.data<{ createTenant: Payload }>(CREATE, { input });
    expect(result.createTenant.userErrors).toEqual([]);
    expect(result.createTenant.tenant).toMatchObject({ timezone: 'America/Chicago' });
  });

  it('lets exactly one of two concurrent creates of the same slug win', async () => {
    const input = { slug: 'twin-city', name: 'Twin City', timezone: 'America/New_York' };
    const results = await Promise.all([1, 2, 3].map(() => platform.operator.data<{ createTenant: Payload }>(CREATE, { input })));
    const created = results.filter((r) => r.createTenant.tenant !== null);
    const refused = results.filter((r) => r.createTenant.userErrors.some((e) => e.code === 'SLUG_TAKEN'));
    expect([created.length, refused.length]).toEqual([1, 2]);
  });
});

describe('updateTenant', () => {
  it('changes only what it is given, and the change is served at once', async () => {
    const result = await platform.operator.data<{ updateTenant: Payload }>(UPDATE, {
      slug: 'norman',
      input: { autopayRules: { deductionDay: 20 }, branding: { primaryColor: '#123456' } },
    });
    expect(result.updateTenant.userErrors).toEqual([]);
    expect(result.updateTenant.tenant).toMatchObject({
      name: 'City of Norman',
      timezone: 'America/Chicago',
      autopayRules: { deductionDay: 20, methodsAllowedOnline: ['CARD', 'BANK_ACCOUNT'] },
      branding: { primaryColor: '#123456' },
    });
    const { tenant } = await platform.client.asTenant('norman').data<{ tenant: unknown }>('{ tenant { autopayRules { deductionDay } } }');
    expect(tenant).toEqual({ autopayRules: { deductionDay: 20 } });
  });

  it('refuses bad input and unknown cities, writing nothing', async () => {
    const before = await counts();
    const bad = await platform.operator.data<{ updateTenant: Payload }>(UPDATE, { slug: 'norwalk', input: { timezone: 'Pacific', autopayRules: { deductionDay: 32 } } });
    expect(bad.updateTenant.userErrors.map((e) => e.code).sort()).toEqual(['INVALID_DEDUCTION_DAY', 'INVALID_TIME_ZONE']);
    const unknown = await platform.operator.data<{ updateTenant: Payload }>(UPDATE, { slug: 'gotham', input: { name: 'Gotham' } });
    expect(unknown.updateTenant.userErrors).toEqual([{ field: ['slug'], code: 'TENANT_NOT_FOUND', message: 'There is no city with the code "gotham".' }]);
    expect(await counts()).toEqual(before);
    const { tenant } = await platform.client.asTenant('norwalk').data<{ tenant: unknown }>('{ tenant { timezone autopayRules { deductionDay } } }');
    expect(tenant).toEqual({ timezone: 'America/Los_Angeles', autopayRules: { deductionDay: 15 } });
  });

  // The sender and reply-to addresses were checked more loosely than every other address the platform writes to: "a:b@x.y"
  // passed, which a mail program reads as a group named "a" whose one member is b@x.y, so replies meant for the billing
  // office's mailbox would go to another. They are now checked as the rest are (isDeliverableEmail).
  it('refuses sender and reply-to addresses a mail program would read as something else, and takes a plain one', async () => {
    const EMAIL = `mutation Email($input: UpdateTenantInput!) { updateTenant(slug: "norman", input: $input) { tenant { slug } userErrors { field code } } }`;
    for (const address of ['billing:attacker@evil.example', 'billing@[10.0.0.1]', 'bill\\ing@example.gov']) {
      const refused = await platform.operator.data<{ updateTenant: Payload }>(EMAIL, { input: { email: { fromAddress: address, replyTo: address } } });
      expect([address, refused.updateTenant.userErrors]).toEqual([
        address,
        [
          { field: ['input', 'email', 'fromAddress'], code: 'INVALID' },
          { field: ['input', 'email', 'replyTo'], code: 'INVALID' },
        ],
      ]);
    }
    const taken = await platform.operator.data<{ updateTenant: Payload }>(EMAIL, { input: { email: { replyTo: 'Billing@Norman.example.gov' } } });
    expect(taken.updateTenant.userErrors).toEqual([]);
  });

  it('takes office hours closed for lunch, entered day by day, and refuses more entries than that, saying how many a city may give', async () => {
    const split = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'].flatMap((day) => [
      { days: [day], opens: '08:00', closes: '12:00' },
      { days: [day], opens: '13:00', closes: '17:00' },
    ]);
    const taken = await platform.operator.data<{ updateTenant: Payload }>(UPDATE, { slug: 'norman', input: { contact: { supportHours: split } } });
    expect(taken.updateTenant.userErrors).toEqual([]);
    expect(taken.updateTenant.tenant).toMatchObject({ contact: { supportHours: split } });
    const tooMany = [...split, { days: ['MON'], opens: '18:00', closes: '19:00' }];
    const refused = await platform.operator.data<{ updateTenant: Payload }>(UPDATE, { slug: 'norman', input: { contact: { supportHours: tooMany } } });
    expect(refused.updateTenant.userErrors).toEqual([{ field: ['input', 'contact', 'supportHours'], code: 'INVALID', message: 'List at most 14 opening hours (a day closed for lunch takes two).' }]);
  });

  it('applies changes made at the same time one after the other, so none undoes another', async () => {
    const changes = [
      { name: 'City of Norwalk, California' },
      { department: 'Utility Billing Office' },
      { branding: { primaryColor: '#0b3d91' } },
      { autopayRules: { deductionDay: 12 } },
      { autopayRules: { methodsAllowedOnline: ['CARD'] } },
    ];
    const results = await Promise.all(changes.map((input) => platform.operator.data<{ updateTenant: Payload }>(UPDATE, { slug: 'norwalk', input })));
    expect(results.map((r) => r.updateTenant.userErrors)).toEqual(changes.map(() => []));
    const { tenants } = await platform.operator.data<{ tenants: { slug: string; name: string; department: string | null; branding: unknown; autopayRules: unknown }[] }>(
      '{ tenants { slug name department branding { primaryColor } autopayRules { deductionDay methodsAllowedOnline } } }',
    );
    expect(tenants.find((t) => t.slug === 'norwalk')).toEqual({
      slug: 'norwalk',
      name: 'City of Norwalk, California',
      department: 'Utility Billing Office',
      branding: { primaryColor: '#0b3d91' },
      autopayRules: { deductionDay: 12, methodsAllowedOnline: ['CARD'] },
    });
  });

  it("does not wait for the city's writers, whose foreign keys hold a share of the city's row", async () => {
    await withClient(appUrl(platform.settings), async (writer) => {
      await writer.query('BEGIN');
      // What any insert naming the city (an event, a payment) holds until it commits.
      await writer.query(`SELECT 1 FROM tenants WHERE slug = 'norman' FOR KEY SHARE`);
      const result = await platform.operator.data<{ updateTenant: Payload }>(UPDATE, { slug: 'norman', input: { branding: { primaryColor: '#224466' } } });
      expect(result.updateTenant.userErrors).toEqual([]);
      await writer.query('ROLLBACK');
    });
  });

  it('needs the operator key', async () => {
    const result = await platform.client.asTenant('norwalk').request(UPDATE, { slug: 'norwalk', input: { name: 'Hijacked' } });
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('the department in other languages', () => {
  const SAVED = `mutation Save($slug: String!, $input: UpdateTenantInput!) {
    updateTenant(slug: $slug, input: $input) { tenant { department departmentByLocale { locale text } } userErrors { field code } }
  }`;
  const DEPARTMENT = '{ tenant { department departmentByLocale { locale text } } }';

  it('is given per language beside the default, served to every request, kept through other changes and replaced as a whole', async () => {
    const input = {
      slug: 'el-monte',
      name: 'City of El Monte',
      timezone: 'America/Los_Angeles',
      locales: ['EN', 'ES'],
      department: 'Water Division',
      departmentByLocale: [{ locale: 'ES', text: '  División de Agua ' }],
    };
    const created = await platform.operator.data<{ createTenant: Payload }>(CREATE, { input });
    expect(created.createTenant.userErrors).toEqual([]);
    const both = { department: 'Water Division', departmentByLocale: [{ locale: 'ES', text: 'División de Agua' }] };
    // The page picks its language's: a request in either language gets both.
    for (const language of ['en', 'es']) {
      const { tenant } = await platform.client.asTenant('el-monte').withHeaders({ 'accept-language': language }).data<{ tenant: unknown }>(DEPARTMENT);
      expect([language, tenant]).toEqual([language, both]);
    }

    const otherChange = await platform.operator.data<{ updateTenant: Payload }>(SAVED, { slug: 'el-monte', input: { branding: { primaryColor: '#0b3d91' } } });
    expect(otherChange.updateTenant).toEqual({ tenant: both, userErrors: [] });
    const refused = await platform.operator.data<{ updateTenant: Payload }>(SAVED, {
      slug: 'el-monte',
      input: { departmentByLocale: [{ locale: 'ES', text: 'Depto 4111 1111 1111 1111' }] },
    });
    expect(refused.updateTenant).toEqual({ tenant: null, userErrors: [{ field: ['input', 'departmentByLocale', '0', 'text'], code: 'CARD_NUMBER_NOT_ACCEPTED' }] });
    const cleared = await platform.operator.data<{ updateTenant: Payload }>(SAVED, { slug: 'el-monte', input: { departmentByLocale: [] } });
    expect(cleared.updateTenant).toEqual({ tenant: { department: 'Water Division', departmentByLocale: [] }, userErrors: [] });
    expect(await platform.client.asTenant('el-monte').data(DEPARTMENT)).toEqual({ tenant: { department: 'Water Division', departmentByLocale: [] } });
  });
});

describe('pay-by-phone numbers', () => {
  it("are one city's each, however they are written: another city is refused Norwalk's line, at the field", async () => {
    const input = { slug: 'lakewood', name: 'City of Lakewood', timezone: 'America/Los_Angeles', contact: { payByPhoneNumber: '+1 (888) 647-2502' } };
    const created = await platform.operator.data<{ createTenant: Payload }>(CREATE, { input });
    expect(created.createTenant.tenant).toBeNull();
    expect(created.createTenant.userErrors.map((e) => [e.field, e.code])).toEqual([[['input', 'contact', 'payByPhoneNumber'], 'PHONE_LINE_TAKEN']]);
    expect(created.createTenant.userErrors[0]!.message).toBe('The pay-by-phone number +1 (888) 647-2502 is already the line of another city (norwalk).');

    const moved = await platform.operator.data<{ updateTenant: Payload }>(UPDATE, { slug: 'norman', input: { contact: { payByPhoneNumber: '888.647.2502' } } });
    expect(moved.updateTenant.userErrors.map((e) => [e.field, e.code])).toEqual([[['input', 'contact', 'payByPhoneNumber'], 'PHONE_LINE_TAKEN']]);
    // A city keeps its own line, written another way.
    const kept = await platform.operator.data<{ updateTenant: Payload }>(UPDATE, { slug: 'norwalk', input: { contact: { payByPhoneNumber: '(888) 647-2502' } } });
    expect(kept.updateTenant.userErrors).toEqual([]);
  });
});

describe('the example account number', () => {
  const example = async (slug: string) =>
    (await platform.client.asTenant(slug).data<{ tenant: { accountNumberExample: string | null } }>('{ tenant { accountNumberExample } }')).tenant.accountNumberExample;
  const SET = `mutation Set($slug: String!, $input: UpdateTenantInput!) { updateTenant(slug: $slug, input: $input) { tenant { accountNumberExample } userErrors { field code } } }`;
  const set = async (slug: string, accountNumberExample: string | null) =>
    (await platform.operator.data<{ updateTenant: { tenant: { accountNumberExample: string | null } | null; userErrors: unknown[] } }>(SET, { slug, input: { accountNumberExample } })).updateTenant;

  it("is each city's own, in its bills' format; a city that gives none has none; an update changes or removes it", async () => {
    expect(await example('norwalk')).toBe('10-2345-00');
    expect(await example('norman')).toBe('2005-0123');
    const created = await platform.operator.data<{ createTenant: Payload }>(CREATE, { input: { slug: 'no-example', name: 'City of No Example', timezone: 'America/Chicago' } });
    expect(created.createTenant.userErrors).toEqual([]);
    expect(await example('no-example')).toBeNull();

    expect(await set('no-example', ' NE-0042 ')).toEqual({ tenant: { accountNumberExample: 'NE-0042' }, userErrors: [] });
    expect(await example('no-example')).toBe('NE-0042');
    expect(await set('no-example', null)).toEqual({ tenant: { accountNumberExample: null }, userErrors: [] });
    expect(await example('no-example')).toBeNull();
  });

  it('is refused, at its field, as any text of the settings: too long, a card number, on two lines', async () => {
    expect(await set('norwalk', '1'.repeat(41))).toEqual({ tenant: null, userErrors: [{ field: ['input', 'accountNumberExample'], code: 'TOO_LONG' }] });
    expect(await set('norwalk', '4242 4242 4242 4242')).toEqual({ tenant: null, userErrors: [{ field: ['input', 'accountNumberExample'], code: 'CARD_NUMBER_NOT_ACCEPTED' }] });
    expect(await set('norwalk', '10-2345\n-00')).toEqual({ tenant: null, userErrors: [{ field: ['input', 'accountNumberExample'], code: 'INVALID_TEXT' }] });
    expect(await example('norwalk')).toBe('10-2345-00');
  });
});
