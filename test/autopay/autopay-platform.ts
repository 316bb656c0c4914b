import { FixedClock, startTestPlatform, type TestPlatform, type TestPlatformOptions } from '@platform/testkit';

/**
 * An autopay test file's platform, with its job runner (unless `jobs: false`), on a clock that stands at `at` until a
 * test moves it: started before the file's tests and closed after them. A `beforeAll` declared after this call runs once it has
 * started. Read `platform` inside tests and later hooks; `autopayRun()` is one pass of the hourly autopay job, now.
 */
export function autopayPlatform(at: string, options: TestPlatformOptions = {}): { readonly clock: FixedClock; readonly platform: TestPlatform; readonly autopayRun: () => Promise<void> } {
  const clock = new FixedClock(new Date(at));
  let platform: TestPlatform | undefined;
  beforeAll(async () => {
    platform = await startTestPlatform({ clock, jobs: true, ...options });
  });
  afterAll(async () => {
    await platform?.close();
  });
  return {
    clock,
    get platform() {
      return platform!;
    },
    autopayRun: () => platform!.runJob('autopay.run', {}, { timeoutMs: 15_000 }),
  };
}
