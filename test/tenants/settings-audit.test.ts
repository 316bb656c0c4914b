import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { signInStaff } from '../billing/billing-api';

/*
 * A city's ADMIN whose residents are suddenly charged a new fee finds the
 * change in the city's audit log: what changed, from what to what, and who
 * changed it. Only the platform operator changes a city's settings.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

const UPDATE = 'mutation($input: UpdateTenantInput!) { updateTenant(slug: "norwalk", input: $input) { tenant { name } userErrors { code } } }';
interface AuditLog {
  readonly auditLog: {
    readonly edges: { readonly node: { readonly kind: string; readonly label: string; readonly actor: string; readonly detail: { readonly key: string; readonly value: string }[] } }[];
  };
}
const settingsChanges = async () => {
  const admin = await signInStaff(platform, 'norwalk', 'ADMIN');
  const { auditLog } = await admin.data<AuditLog>('{ auditLog(first: 50) { edges { node { kind label actor detail { key value } } } } }');
  return auditLog.edges.map((edge) => edge.node).filter((event) => event.kind === 'CITY_SETTINGS_CHANGED');
};

it("refuses updateTenant to the city's own ADMIN and to another city's", async () => {
  for (const city of ['norwalk', 'norman'] as const) {
    const admin = await signInStaff(platform, city, 'ADMIN');
    const answer = await admin.request<{ updateTenant: unknown }>(UPDATE, { input: { paymentRules: { convenienceFee: { kind: 'FLAT', amount: '5.00' } } } });
    expect([city, answer.errors?.map((e) => e.extensions?.code)]).toEqual([city, ['FORBIDDEN']]);
  }
});

it("puts what a change changed in the city's audit log, field by field, with who made it; a change that changes nothing is not logged", async () => {
  const changed = await platform.operator.data<{ updateTenant: { userErrors: unknown[] } }>(UPDATE, {
    input: { paymentRules: { convenienceFee: { kind: 'FLAT', amount: '3.95' }, postingLagDays: 0 }, branding: { primaryColor: '#123456' } },
  });
  expect(changed.updateTenant.userErrors).toEqual([]);
  const [event, ...older] = await settingsChanges();
  expect(older).toEqual([]);
  expect(event).toMatchObject({ label: 'City settings changed', actor: 'platform-operator' });
  expect(Object.fromEntries(event!.detail.map((d) => [d.key, d.value]))).toEqual({
    'paymentRules.convenienceFee': '{"kind":"NONE"} → {"kind":"FLAT","amountCents":"395"}',
    'paymentRules.postingLagDays': '1 → 0',
    'branding.primaryColor': '"#005a9c" → "#123456"',
  });

  // The same again changes nothing.
  await platform.operator.data(UPDATE, { input: { paymentRules: { convenienceFee: { kind: 'FLAT', amount: '3.95' } } } });
  expect(await settingsChanges()).toHaveLength(1);
});
