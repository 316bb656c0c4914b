import 'reflect-metadata';
import { buildSchema, getOperationAST, parse } from 'graphql';
import { LARGEST_PAGE_SIZE, costLimitRefusal, operationCost } from './query-cost';

const schema = buildSchema(`
  type Query { accounts(first: Int! = 20): [Account!]! notes(first: Int): [Note!]! }
  type Account { number: String! bills(first: Int! = 12): [Bill!]! }
  type Bill { amount: Int! }
  type Note { text: String! }
`);

const cost = (query: string, variables?: Record<string, unknown>) => {
  const document = parse(query);
  const operation = getOperationAST(document);
  if (!operation) throw new Error('no operation');
  return operationCost(schema, document, operation, variables);
};

// One account of `{ number }` costs 2 + 1.5 x 1.
const ONE_ACCOUNT = 3.5;

describe('operationCost', () => {
  it('prices a page size written as a literal, a variable, or its default', () => {
    expect(cost('{ accounts(first: 100) { number } }')).toBe(100 * ONE_ACCOUNT);
    expect(cost('query($first: Int!) { accounts(first: $first) { number } }', { first: 100 })).toBe(100 * ONE_ACCOUNT);
    expect(cost('query($first: Int! = 100) { accounts(first: $first) { number } }')).toBe(100 * ONE_ACCOUNT);
    expect(cost('query($first: Int! = 100) { accounts(first: $first) { number } }', { first: 3 })).toBe(3 * ONE_ACCOUNT);
  });

  it("takes an omitted page size as the argument's schema default, else the lists' default", () => {
    expect(cost('{ accounts { number } }')).toBe(20 * ONE_ACCOUNT);
    expect(cost('query($first: Int) { accounts(first: $first) { number } }')).toBe(20 * ONE_ACCOUNT);
    expect(cost('{ notes { text } }')).toBe(20 * ONE_ACCOUNT);
    expect(cost('{ notes(first: null) { text } }')).toBe(20 * ONE_ACCOUNT);
  });

  it('clamps a page size as the lists do, and a variable that does not coerce leaves the default', () => {
    expect(cost('{ accounts(first: 1000000) { number } }')).toBe(LARGEST_PAGE_SIZE * ONE_ACCOUNT);
    expect(cost('{ accounts(first: 0) { number } }')).toBe(ONE_ACCOUNT);
    expect(cost('query($first: Int!) { accounts(first: $first) { number } }', { first: 'many' })).toBe(20 * ONE_ACCOUNT);
  });

  it('multiplies nested pages, and prices a fragment as its fields written in place', () => {
    const bills = (2 + 1.5 * 1) * 10;
    expect(cost('query($f: Int!) { accounts(first: $f) { bills(first: $f) { amount } } }', { f: 10 })).toBe((2 + 1.5 * bills) * 10);
    expect(cost('query($f: Int!) { accounts(first: $f) { ...A } } fragment A on Account { bills(first: $f) { amount } }', { f: 10 })).toBe((2 + 1.5 * bills) * 10);
    expect(cost('{ accounts(first: 1) { ... on Account { number } } }')).toBe(ONE_ACCOUNT);
  });

  it('prices a fragment bomb once per fragment, without walking its paths', () => {
    const levels = Array.from({ length: 40 }, (_, i) => `fragment F${i + 1} on Account { ...F${i} ...F${i} }`).join(' ');
    const bomb = `{ accounts(first: 1) { ...F40 } } fragment F0 on Account { number } ${levels}`;
    expect(cost(bomb)).toBe(2 + 1.5 * 2 ** 40);
  });

  it('leaves introspection free', () => {
    expect(cost('{ __schema { types { name } } }')).toBe(0);
  });
});

describe('costLimitRefusal', () => {
  it('refuses an operation over the limit as a validation failure, in whole units', () => {
    const document = parse('query($first: Int!) { accounts(first: $first) { number } }');
    expect(costLimitRefusal(schema, document, getOperationAST(document), { first: 3 }, 100)).toBeNull();
    const refusal = costLimitRefusal(schema, document, getOperationAST(document), { first: 99 }, 100);
    expect(refusal?.message).toBe('Query Cost limit of 100 exceeded, found 346.');
    expect(refusal?.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } });
  });
});
