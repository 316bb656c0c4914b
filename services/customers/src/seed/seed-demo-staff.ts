import { randomUUID } from 'node:crypto';
import { PASSWORD_HASH_COST, hashPassword } from '@platform/auth';
import { withTenant } from '@platform/db';
import { findDemoCity, toTenantRef } from '@platform/tenants';
import type { ServiceModule } from '@platform/api';
import { UserEntity } from '../users/user.entity';
import { DEMO_STAFF, DEMO_STAFF_PASSWORD } from './demo-staff';

/**
 * Adds the demo cities' staff users that are missing, with the demo password already set (no invitation to accept), dated
 * by the seeding clock; only to a city the demo seeding created (findDemoCity), never to a real city of the same name.
 */
export const seedDemoStaff: NonNullable<ServiceModule['seedDemo']> = async (db, log, clock) => {
  let passwordHash: string | undefined;
  for (const demo of DEMO_STAFF) {
    const tenant = await findDemoCity(db, demo.tenant);
    if (!tenant) continue;
    const ctx = { db, tenant: toTenantRef(tenant), clock };
    const exists = await withTenant(ctx, (manager) => manager.getRepository(UserEntity).existsBy({ email: demo.email }));
    if (exists) continue;
    passwordHash ??= await hashPassword(DEMO_STAFF_PASSWORD, PASSWORD_HASH_COST);
    const now = clock.now();
    // insert ... orIgnore: another instance starting at the same moment may have just added the user.
    await withTenant(ctx, (manager) =>
      manager
        .createQueryBuilder()
        .insert()
        .into(UserEntity)
        .values({
          tenantId: tenant.id,
          id: randomUUID(),
          email: demo.email,
          username: demo.username,
          fullName: demo.name,
          phone: null,
          passwordHash,
          roles: [demo.role],
          locale: tenant.settings.defaultLocale,
          createdAt: now,
          updatedAt: now,
        })
        .orIgnore()
        .execute(),
    );
    log.info({ tenant: demo.tenant, role: demo.role }, 'seeded demo staff user');
  }
};
