import type { FixedClock, TestPlatform } from '@platform/testkit';
import { demoStaffClient } from '../customers/demo-staff';

/** A few days on: the posting day of a payment made today, at either demo city. */
const POSTING_DAY_MS = 4 * 24 * 3600 * 1000;

/**
 * The city's demo ADMIN runs its posting on the posting day of today's payments, then the clock comes back to
 * where it stood, so sessions signed in before stay valid. The number of payments posted.
 */
export async function postOnPostingDay(platform: TestPlatform, clock: FixedClock, slug: string): Promise<number> {
  const today = clock.now();
  clock.set(new Date(today.getTime() + POSTING_DAY_MS));
  try {
    const admin = await demoStaffClient(platform, slug, 'ADMIN');
    return (await admin.data<{ runPosting: { posted: number } }>('mutation { runPosting { posted } }')).runPosting.posted;
  } finally {
    clock.set(today);
  }
}
