import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { killLeftoverProcesses, launchGatewayProcess, startGatewayProcess } from '../processes/platform-process';

/*
 * PHONE_PROVIDERS and PHONE_AUTH_TOKENS name cities by slug, and a slug no city has was taken without a word: with
 * {"normna":"telnyx"} Norman's line stayed on Twilio with the shared token, refusing every webhook its Telnyx account
 * signed (every caller heard nothing); a token under a mistyped slug left its city checked with the shared one. The
 * gateway now refuses to start, saying which slug is no city.
 */

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
}, 120_000);
afterAll(async () => {
  await killLeftoverProcesses();
  await platform?.close();
});

it.each([
  ['PHONE_PROVIDERS', { PHONE_PROVIDERS: '{"normna":"signalwire","norwalk":"twilio"}' }],
  ['PHONE_AUTH_TOKENS', { PHONE_AUTH_TOKENS: '{"norwalk":"a-token-for-norwalk","nrowalk":"a-token-mistyped"}' }],
])(
  'a slug in %s that no city has: the gateway exits 1 saying which, and never listens',
  async (_name, env) => {
    const gateway = launchGatewayProcess(platform, env);
    const { code } = await gateway.exited;
    expect(code).toBe(1);
    const unknown = Object.keys(JSON.parse(Object.values(env)[0]!) as object).find((slug) => !['norwalk', 'norman'].includes(slug));
    expect(gateway.output()).toContain(`Invalid configuration: PHONE_PROVIDERS or PHONE_AUTH_TOKENS names ${unknown}, which is no city here (the cities: norman, norwalk)`);
    expect(gateway.output()).not.toContain('GraphQL (HTTP and WebSocket)');
  },
  120_000,
);

it('starts when every slug named is a city’s', async () => {
  const gateway = await startGatewayProcess(platform, { PHONE_PROVIDERS: '{"norwalk":"signalwire"}', PHONE_AUTH_TOKENS: '{"norwalk":"a-signing-key-for-norwalk"}' });
  expect(gateway.url).toMatch(/^http:\/\//);
  gateway.child.kill('SIGTERM');
  expect((await gateway.exited).code).toBe(0);
}, 120_000);
