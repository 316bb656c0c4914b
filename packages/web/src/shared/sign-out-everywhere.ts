import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { SignOutEverywhereDocument } from './session-operations';

/**
 * "Sign out everywhere" for the portal and the console: every session of the person ends, this one included. Unlike
 * "Sign out", which leaves whatever the server says, `onDone` runs only once the server has done it, and `failed` says
 * when it could not: the point is the other devices, which only the server can sign out.
 */
export function useSignOutEverywhere(onDone: () => void) {
  const [signOutEverywhere, { loading }] = useMutation(SignOutEverywhereDocument);
  const [failed, setFailed] = useState(false);
  async function submit() {
    if (loading) return;
    setFailed(false);
    const { data } = await signOutEverywhere().catch(() => ({ data: undefined }));
    if (data?.logoutEverywhere.userErrors.length === 0) return onDone();
    setFailed(true);
  }
  return { submit, loading, failed };
}
