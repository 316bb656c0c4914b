import { type TenantScope } from '@platform/db';
import { cityMayText } from '@platform/notifications';

/**
 * The caller's number when the city may text it now; null when it is
 * withheld, or refuses the city's texts (it answered STOP). Delivery holds
 * back every text to such a number, so the line neither offers nor promises
 * one, nor keeps the number for one: a caller told a text is coming hangs up
 * without writing the confirmation number down.
 */
export async function textableCaller(scope: TenantScope, from: string | null): Promise<string | null> {
  return from !== null && (await cityMayText(scope, from)) ? from : null;
}
