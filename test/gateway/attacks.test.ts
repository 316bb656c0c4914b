import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { fragmentBomb } from './attack-queries';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform.close());

/** A well-behaved client asking for its city over and over while `attack` runs; resolves with how many answers it got. */
async function answersDuring(attack: () => Promise<void>): Promise<number> {
  const norwalk = platform.client.asTenant('norwalk');
  let done = false;
  let answers = 0;
  const polling = (async () => {
    while (!done) {
      expect(await norwalk.data<{ tenant: { name: string } }>('{ tenant { name } }')).toEqual({ tenant: { name: 'City of Norwalk' } });
      answers++;
    }
  })();
  try {
    await attack();
  } finally {
    done = true;
    await polling;
  }
  return answers;
}

describe('attacks on the edge are refused while other clients keep getting answers', () => {
  it('the fragment bomb (each fragment spreads the next ten times, eight deep) is refused by the cost limit', async () => {
    const bomb = fragmentBomb(8);
    expect(bomb.length).toBeLessThan(1300);
    const answers = await answersDuring(async () => {
      const refused = await platform.client.asTenant('norwalk').request(bomb);
      expect(refused.status).toBe(400);
      expect(refused.data).toBeUndefined();
      expect(refused.errors?.[0]).toMatchObject({ message: expect.stringMatching(/^Query Cost limit of \d+ exceeded, found \d+\.$/), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    });
    expect(answers).toBeGreaterThan(0);
  });
});
