import { loadFlow, newAttemptKey, saveFlow, spokenGroups, type GuestFlow } from './guest-flow';

it('spaces a confirmation number for reading aloud, group by group', () => {
  expect(spokenGroups('K7QM-4XPD-9R2T')).toEqual(['K 7 Q M', '4 X P D', '9 R 2 T']);
});

it('makes a new attempt key every time', () => {
  expect(newAttemptKey()).not.toBe(newAttemptKey());
  expect(newAttemptKey()).toMatch(/^portal-[0-9a-f-]{36}$/);
});

describe('the flow in the tab’s storage', () => {
  const memory = () => {
    const items = new Map<string, string>();
    return {
      items,
      storage: {
        getItem: (key: string) => items.get(key) ?? null,
        setItem: (key: string, value: string) => void items.set(key, value),
        removeItem: (key: string) => void items.delete(key),
      } as unknown as Storage,
    };
  };

  it('keeps each city’s flow apart and forgets it at home', () => {
    const { items, storage } = memory();
    const flow: GuestFlow = { step: 'find', mode: 'CITATION' };
    saveFlow(storage, 'norman', flow);
    expect(loadFlow(storage, 'norman')).toEqual(flow);
    expect(loadFlow(storage, 'norwalk')).toEqual({ step: 'home' });
    saveFlow(storage, 'norman', { step: 'home' });
    expect(items.size).toBe(0);
  });

  it('starts at home when the stored value is not a flow, or there is no storage', () => {
    const { items, storage } = memory();
    items.set('portal.guestPay.norwalk', '{not json');
    expect(loadFlow(storage, 'norwalk')).toEqual({ step: 'home' });
    items.set('portal.guestPay.norwalk', JSON.stringify({ step: 'elsewhere' }));
    expect(loadFlow(storage, 'norwalk')).toEqual({ step: 'home' });
    expect(loadFlow(null, 'norwalk')).toEqual({ step: 'home' });
  });
});
