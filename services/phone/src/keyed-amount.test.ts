import { centsFromKeys } from './keyed-amount';

it('reads keys as cents, as the prompts ask', () => {
  expect(['5000', '8420', '0', '', '007'].map(centsFromKeys)).toEqual([5000n, 8420n, 0n, 0n, 7n]);
});

it('reads star as a decimal point: dollars before it, cents after', () => {
  expect(['50*', '84*2', '84*20', '84*05', '*5', '*'].map(centsFromKeys)).toEqual([5000n, 8420n, 8420n, 8405n, 50n, 0n]);
});

it('refuses keys that are no amount: two stars, three digits after the star', () => {
  expect(['5**', '5*0*0', '84*205', '8#4'].map(centsFromKeys)).toEqual([null, null, null, null]);
});
