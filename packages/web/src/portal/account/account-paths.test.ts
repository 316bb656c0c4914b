import { OPEN_PATHS, isAccountPath } from './account-paths';

describe('isAccountPath', () => {
  it('takes the sign-in pages and everything under /account', () => {
    for (const path of [...OPEN_PATHS, '/account', '/account/autopay', '/account/receipt/0f8c2d9e-1b7a-4c3e-9d2f-5a6b7c8d9e0f']) expect(isAccountPath(path)).toBe(true);
  });

  it('leaves the guest pages (home, /pay) and look-alikes to the guest flow', () => {
    for (const path of ['/', '/pay', '/accounts', '/accountant', '/sign-in/extra', '/console']) expect(isAccountPath(path)).toBe(false);
  });
});
