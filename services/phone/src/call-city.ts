import { toE164 } from '@platform/core';
import { withTenant } from '@platform/db';
import type { Tenant } from '@platform/tenants';
import type { DataSource } from 'typeorm';
import { NONCE_PARAM } from './call-binding';
import { PhoneCallEntity } from './call.entity';

/*
 * Which city a webhook belongs to. A call is its city's from its first
 * webhook to its last, whatever happens to the numbers meanwhile: the number
 * called (`To`) picks the city only for a call's first webhook; the answers
 * name the city in the action URLs they give the provider (`?city=`, under
 * the provider's signature), and the status callback, whose URL is the
 * number's own setting, finds the city that holds the call.
 */

/** The query parameter of a call's action URLs naming its city (its slug). */
export const CITY_PARAM = 'city';

/** The city whose pay-by-phone number is `to` (as the provider sends it), or null. */
export function cityCalled(tenants: readonly Tenant[], to: string | undefined): Tenant | null {
  const called = toE164(to ?? '');
  if (called === null) return null;
  return tenants.find((city) => city.settings.contact.payByPhoneNumber && toE164(city.settings.contact.payByPhoneNumber) === called) ?? null;
}

/** Where the call's next webhook goes: its city, the sequence number its answer expects, and the nonce binding it to that answer. */
export function callAction(path: string, city: Tenant, seq: number, nonce: string): string {
  return `${path}?${new URLSearchParams({ [CITY_PARAM]: city.slug, seq: String(seq), [NONCE_PARAM]: nonce }).toString()}`;
}

/**
 * The city holding the call `callSid`, or null: `likely` first (the city
 * called), then every other. Each look is the city's own (row-level
 * security shows a call only to its city), so a call whose number has moved
 * since it began costs one small read per city; the caller has checked the
 * provider's signature before anything is read.
 */
export async function cityOfCall(db: DataSource, tenants: readonly Tenant[], likely: Tenant | null, callSid: string): Promise<Tenant | null> {
  const order = likely ? [likely, ...tenants.filter((city) => city.id !== likely.id)] : tenants;
  for (const city of order) {
    const held = await withTenant({ db, tenant: city }, (manager) => manager.getRepository(PhoneCallEntity).existsBy({ callSid }), { readOnly: true });
    if (held) return city;
  }
  return null;
}
