import type { TenantSettings } from './tenant-settings';

/**
 * What a change to a city's settings changed, for its audit log: each setting
 * that differs, by its path ("paymentRules.convenienceFee"), as "before →
 * after" in JSON. A group's fields are compared one by one, so a new fee
 * reads as the fee alone, not the whole of the payment rules. Settings hold
 * no secret.
 */
export function changedSettings(before: TenantSettings, after: TenantSettings): Record<string, string> {
  const changes: Record<string, string> = {};
  const compare = (path: string, old: unknown, now: unknown) => {
    if (JSON.stringify(old) !== JSON.stringify(now)) changes[path] = `${JSON.stringify(old ?? null)} → ${JSON.stringify(now ?? null)}`;
  };
  for (const name of namesOf(before, after)) {
    const old: unknown = before[name as keyof TenantSettings];
    const now: unknown = after[name as keyof TenantSettings];
    if (isGroup(old) && isGroup(now)) for (const field of namesOf(old, now)) compare(`${name}.${field}`, old[field], now[field]);
    else compare(name, old, now);
  }
  return changes;
}

const namesOf = (a: object, b: object) => [...new Set([...Object.keys(a), ...Object.keys(b)])];

/** A group of settings (branding, paymentRules, ...): an object, not a list. */
function isGroup(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
