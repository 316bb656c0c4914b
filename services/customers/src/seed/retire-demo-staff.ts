import type { RequestContext } from '@platform/api';
import { recordSecurityEvent, verifyPassword } from '@platform/auth';
import { systemClock, type Clock } from '@platform/core';
import { withTenant } from '@platform/db';
import { findTenantBySlug, toTenantRef } from '@platform/tenants';
import type { DataSource } from 'typeorm';
import { endInvitationsSentBy, forgetPasswordTokens } from '../sign-in/password-reset.service';
import { revokeUserSessions } from '../sign-in/session.service';
import { UserEntity } from '../users/user.entity';
import { DEMO_STAFF, DEMO_STAFF_PASSWORD } from './demo-staff';

/** Who the city's audit log says took the demo sign-ins away, and from where: no person, no client address. */
const PRODUCTION_START = 'production-start';

/**
 * Takes away every demo staff sign-in the published password (DEMO_STAFF_PASSWORD) still opens; a production gateway
 * calls it as it starts. Production never seeds demo data, but a database may hold it already: tried out with
 * `pnpm start` on the server that then went live, a staging database promoted, a restore of one. Each such user is
 * disabled (disableStaffUser's effects: sessions, links and the invitations they sent ended) and their password forgotten, so an ADMIN who gives
 * their access back gives back no published password; the city's audit log records it (STAFF_DISABLED,
 * reason DEMO_PASSWORD_PUBLISHED) and the log says it at warn. A demo user whose password was changed is left alone:
 * the published one no longer opens it. Returns how many were taken away.
 *
 * Taken away rather than refusing to start: a refusal would turn the next deployment of every gateway into an outage
 * over rows the platform can make harmless itself, and the only remedy an operator would have is this same change run
 * by hand. Any city of a demo slug is looked at, not only demo cities: before the seeding checked (findDemoCity), it
 * added demo staff to whatever city had the name. This may leave a city with no ADMIN who can sign in; the platform
 * operator adds one (createStaffUser), as for a new city.
 */
export async function retirePublishedDemoSignIns(db: DataSource, log: RequestContext['log'], clock: Clock = systemClock): Promise<number> {
  let retired = 0;
  for (const demo of DEMO_STAFF) {
    const tenant = await findTenantBySlug(db, demo.tenant);
    if (!tenant) continue;
    const ctx = { db, tenant: toTenantRef(tenant), clock, clientIp: PRODUCTION_START, viewer: null, operator: false };
    const found = await withTenant(ctx, (manager) => manager.getRepository(UserEntity).findOneBy({ email: demo.email }));
    if (!found?.passwordHash || !(await verifyPassword(DEMO_STAFF_PASSWORD, found.passwordHash))) continue;
    const taken = await withTenant(ctx, async (manager) => {
      // Another gateway starting at the same moment may have taken it already, or someone changed the password meanwhile.
      const user = await manager.getRepository(UserEntity).findOne({ where: { id: found.id }, lock: { mode: 'pessimistic_write' } });
      if (!user || user.passwordHash !== found.passwordHash) return false;
      const now = clock.now();
      await manager.getRepository(UserEntity).update({ id: user.id }, { passwordHash: null, disabledAt: user.disabledAt ?? now, updatedAt: now });
      await revokeUserSessions(manager, user.id, now, 'ACCESS_REMOVED');
      await forgetPasswordTokens(manager, user.id, now);
      // Whoever used the published password may have invited an address of their own: that link ends with the sign-in.
      const invitationsEnded = await endInvitationsSentBy(manager, user.id, now);
      await recordSecurityEvent(manager, ctx, {
        kind: 'STAFF_DISABLED',
        userId: user.id,
        actor: PRODUCTION_START,
        detail: { roles: user.roles.join(','), reason: 'DEMO_PASSWORD_PUBLISHED', ...(invitationsEnded > 0 ? { invitationsEnded: String(invitationsEnded) } : {}) },
      });
      return true;
    });
    if (!taken) continue;
    retired += 1;
    log.warn({ tenant: demo.tenant, role: demo.role, userId: found.id }, 'demo staff sign-in taken away: its password is published (disabled, password forgotten)');
  }
  return retired;
}
