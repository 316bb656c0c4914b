import { withTenant, type TenantScope } from '@platform/db';
import type { EntityManager } from 'typeorm';

/**
 * Whether `phone` (E.164) refuses the city's texts: it answered STOP, or the
 * SMS provider refused a text to it for good. Delivery holds back every text
 * to such a number (the send gate), so nothing should promise one; only the
 * number's own START lifts it (texts-stopped.ts), never staff or a user who
 * types the number.
 */
export async function numberRefusesTexts(manager: EntityManager, phone: string): Promise<boolean> {
  const [row] = await manager.query<{ found: boolean }[]>(`SELECT EXISTS (SELECT 1 FROM notification_suppressions WHERE channel = 'SMS' AND address = lower($1)) AS found`, [phone]);
  return row?.found === true;
}

/**
 * Whether the city may text `phone` (E.164) now, for a caller who is about
 * to be offered or promised a text (the phone line's receipt). True does not
 * promise delivery (a user's own texts also need their consent, asked again
 * at each send); false means any text to it would be held back.
 */
export async function cityMayText(scope: TenantScope, phone: string): Promise<boolean> {
  return !(await withTenant(scope, (manager) => numberRefusesTexts(manager, phone)));
}
