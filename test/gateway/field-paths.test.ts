import { GraphQLTestClient, startTestPlatform, type TestPlatform } from '@platform/testkit';
import { getNullableType, isInputObjectType, isListType, type GraphQLField, type GraphQLInputType, type GraphQLSchema } from 'graphql';
import { signInStaff } from '../billing/billing-api';
import { bearer, registerCustomer } from '../customers/customer-api';
import { documentFor, hasUserErrors, rootFields, sampleVariables, servedSchema } from './schema-walk';

/*
 * One contract for every mutation: a userError's `field` is the path into
 * the mutation's own arguments (["input", "allocations", "0", "amount"]), or
 * empty when no single field is at fault. Each mutation with a userErrors
 * payload is sent plausible-looking but wrong values (as a guest, a
 * resident, a city ADMIN and the operator), and every userError that comes
 * back must name a path that exists in that mutation's arguments. (Which
 * field each single bad value is reported at is walked leaf by leaf in
 * bad-input.test.ts.)
 */

let platform: TestPlatform;
let schema: GraphQLSchema;
let callers: Record<string, GraphQLTestClient>;
beforeAll(async () => {
  platform = await startTestPlatform();
  schema = await servedSchema(platform.client);
  const norwalk = platform.client.asTenant('norwalk');
  const { session } = await registerCustomer(norwalk, { email: 'paths@example.com' });
  callers = { guest: norwalk, resident: bearer(norwalk, session), admin: await signInStaff(platform, 'norwalk', 'ADMIN'), operator: platform.operator.asTenant('norwalk') };
});
afterAll(() => platform.close());

/** True when `path` names an argument of `field`, then fields of its input objects, with list indexes as numbers. */
function pathExists(field: GraphQLField<unknown, unknown>, path: readonly string[]): boolean {
  const [name, ...rest] = path;
  const arg = field.args.find((candidate) => candidate.name === name);
  return arg !== undefined && stepsExist(arg.type, rest);
}

function stepsExist(type: GraphQLInputType, steps: readonly string[]): boolean {
  if (steps.length === 0) return true;
  const inner = getNullableType(type);
  const [step, ...rest] = steps;
  if (isListType(inner)) return /^\d+$/.test(step!) && stepsExist(inner.ofType, rest);
  if (isInputObjectType(inner)) {
    const next = inner.getFields()[step!];
    return next !== undefined && stepsExist(next.type, rest);
  }
  return false;
}

type Payload = { userErrors?: { field: string[]; code: string }[] } | null;

describe('userError field paths', () => {
  it('every userError of every mutation points into that mutation’s arguments', async () => {
    // logout and logoutEverywhere end the callers' sessions, so they go last.
    const endsSessions = (name: string) => Number(name === 'logout' || name === 'logoutEverywhere');
    const mutations = rootFields(schema)
      .filter((root) => root.operation === 'mutation' && hasUserErrors(root.field))
      .sort((a, b) => endsSessions(a.field.name) - endsSessions(b.field.name));
    expect(mutations.length).toBeGreaterThan(30);
    const wrong: string[] = [];
    const answered = new Set<string>();
    const quiet = new Set<string>();
    for (const { field } of mutations) {
      const document = documentFor('mutation', field);
      for (const optional of [false, true]) {
        const variables = sampleVariables(field, { optional });
        for (const [who, client] of Object.entries(callers)) {
          const answer = await client.request(document, variables);
          const payload = (answer.data as Record<string, Payload> | null | undefined)?.[field.name];
          if (!payload?.userErrors?.length) quiet.add(field.name);
          for (const error of payload?.userErrors ?? []) {
            answered.add(field.name);
            if (error.field.length > 0 && !pathExists(field, error.field)) wrong.push(`${field.name} as ${who}: ${error.code} at ${JSON.stringify(error.field)}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    // Not vacuous: most mutations refused these values with userErrors whose paths were checked.
    expect(answered.size).toBeGreaterThan(mutations.length * 0.75);
    // Eight requests per mutation, and the schema keeps growing: ~20 s alone, past Jest's 30 s beside another file on two busy cores.
  }, 120_000);
});
