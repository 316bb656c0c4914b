import { useSyncExternalStore } from 'react';
import type { PageTenant } from '../shared/page-tenant';
import { ConsoleShell } from './console-shell';
import type { SessionStore } from './session-store';
import { SignInPage } from './sign-in-page';

/** Signed out: the sign-in page; signed in: the console. */
export function ConsoleApp({ tenant, sessions }: { readonly tenant: PageTenant; readonly sessions: SessionStore }) {
  const session = useSyncExternalStore(sessions.subscribe, sessions.current);
  return session ? <ConsoleShell tenant={tenant} session={session} sessions={sessions} /> : <SignInPage tenant={tenant} sessions={sessions} />;
}
