import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { newCustomer, openAccountWithBill } from '../autopay/autopay-api';
import { IMPORT_LIST, signInStaff } from './billing-api';

/*
 * A bill's lines are the platform's own words for its columns (water, sewer, trash, fees, other): a city's own front
 * end that lists them shows a Spanish-speaking resident, asking in Spanish, "Agua" and "Alcantarillado", not the
 * English of the CSV's headings, and staff working in Spanish the same. (Norwalk, in English and Spanish.)
 */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

const MY_BILLS = '{ viewer { serviceAccounts { accountNumber payables { referenceNumber lineItems { category description amount { amount } } } } } }';
type Lines = { category: string; description: string; amount: { amount: string } }[];
type MyBills = { viewer: { serviceAccounts: { accountNumber: string; payables: { referenceNumber: string; lineItems: Lines }[] }[] } };

it("says a bill's lines in the language asked for, for the resident and for staff", async () => {
  await openAccountWithBill(platform, '10-3001-00', '40.00');
  const staff = await signInStaff(platform, 'norwalk', 'ADMIN');
  const bill = { billNumber: 'B-3001-APR', accountNumber: '10-3001-00', issueDate: '2026-04-01', dueDate: '2026-04-22', water: '30.00', sewer: '12.50', trash: '9.00', fees: '2.00', other: '1.25' };
  const { importBills } = await staff.data<{ importBills: { imported: number; rowErrors: unknown[] } }>(IMPORT_LIST, { bills: [bill] });
  expect(importBills).toMatchObject({ imported: 1, rowErrors: [] });
  const resident = await newCustomer(platform, { email: 'lineas@example.com', accounts: ['10-3001-00'], locale: 'ES' });

  const linesOf = async (accept: string) => {
    const { viewer } = await (await resident.client()).withHeaders({ 'accept-language': accept }).data<MyBills>(MY_BILLS);
    return viewer.serviceAccounts[0]!.payables.find((payable) => payable.referenceNumber === 'B-3001-APR')!.lineItems;
  };
  expect(await linesOf('es')).toEqual([
    { category: 'WATER', description: 'Agua', amount: { amount: '30.00' } },
    { category: 'SEWER', description: 'Alcantarillado', amount: { amount: '12.50' } },
    { category: 'TRASH', description: 'Basura', amount: { amount: '9.00' } },
    { category: 'FEES', description: 'Cargos', amount: { amount: '2.00' } },
    { category: 'OTHER', description: 'Otros cargos', amount: { amount: '1.25' } },
  ]);
  expect((await linesOf('en')).map((line) => line.description)).toEqual(['Water', 'Sewer', 'Trash', 'Fees', 'Other charges']);

  const { serviceAccounts } = await staff
    .withHeaders({ 'accept-language': 'es' })
    .data<{ serviceAccounts: { edges: { node: { payables: { lineItems: Lines }[] } }[] } }>(
      '{ serviceAccounts(search: "10-3001-00") { edges { node { payables { lineItems { category description } } } } } }',
    );
  expect(serviceAccounts.edges[0]!.node.payables.flatMap((payable) => payable.lineItems.map((line) => line.description))).toEqual(
    expect.arrayContaining(['Agua', 'Alcantarillado', 'Basura', 'Cargos', 'Otros cargos']),
  );
  expect(serviceAccounts.edges[0]!.node.payables.flatMap((payable) => payable.lineItems.map((line) => line.description))).not.toContain('Water');
});
