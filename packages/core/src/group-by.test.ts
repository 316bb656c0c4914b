import { groupBy } from './group-by';

it('groups items by key, keys in first-seen order and each group in the items’ order', () => {
  const groups = groupBy(['b1', 'a1', 'b2', 'a2', 'c1'], (item) => item[0]);
  expect([...groups]).toEqual([
    ['b', ['b1', 'b2']],
    ['a', ['a1', 'a2']],
    ['c', ['c1']],
  ]);
  expect(groupBy([], (item: string) => item).size).toBe(0);
});
