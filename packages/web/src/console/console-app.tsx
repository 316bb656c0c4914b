import { useSyncExternalStore } from 'react';
import { usePath } from '../shared/navigation';
import type { PageTenant } from '../shared/page-tenant';
import { AcceptInvitationPage } from './accept-invitation-page';
import { ConsoleShell } from './console-shell';
import type { SessionStore } from '../shared/session-store';
import { SignInPage } from './sign-in-page';

/** An invitation's link: the page that accepts it; signed out: the sign-in page; signed in: the console. */
export function ConsoleApp({ tenant, sessions }: { readonly tenant: PageTenant; readonly sessions: SessionStore }) {
  const session = useSyncExternalStore(sessions.subscribe, sessions.current);
  const path = usePath();
  if (path === '/console/accept-invitation') return <AcceptInvitationPage tenant={tenant} sessions={sessions} />;
  return session ? <ConsoleShell tenant={tenant} session={session} sessions={sessions} /> : <SignInPage tenant={tenant} sessions={sessions} />;
}
