import { disableOffer, staffStatus, withMember, type StaffMember } from './staff-rows';

const member = (id: string, name: string, role: 'SUPPORT' | 'ADMIN', extra: Partial<StaffMember> = {}): StaffMember => ({
  id,
  name,
  email: `${id}@city.example`,
  username: null,
  roles: [role],
  disabledAt: null,
  invitationPending: false,
  ...extra,
});

describe('staffStatus', () => {
  it('says disabled before invited: an invitation not accepted when access was taken away no longer matters', () => {
    expect(staffStatus(member('a', 'Ann', 'SUPPORT'))).toBe('active');
    expect(staffStatus(member('a', 'Ann', 'SUPPORT', { invitationPending: true }))).toBe('invited');
    expect(staffStatus(member('a', 'Ann', 'SUPPORT', { invitationPending: true, disabledAt: '2026-11-30T10:00:00Z' }))).toBe('disabled');
  });
});

describe('disableOffer', () => {
  it('keeps the only active ADMIN, however many disabled ADMINs and SUPPORT staff there are', () => {
    const admin = member('a', 'Ann', 'ADMIN');
    const staff = [admin, member('b', 'Bo', 'ADMIN', { disabledAt: '2026-11-30T10:00:00Z' }), member('c', 'Cy', 'SUPPORT')];
    expect(disableOffer(admin, staff)).toBe('onlyAdmin');
    expect(disableOffer(staff[1]!, staff)).toBe('gone');
    expect(disableOffer(staff[2]!, staff)).toBe('disable');
  });

  it('offers any active ADMIN (the viewer too) while another ADMIN can sign in; one still invited does not count, and may go', () => {
    const invited = member('c', 'Cy', 'ADMIN', { invitationPending: true });
    expect([member('a', 'Ann', 'ADMIN'), invited].map((one, _, staff) => disableOffer(one, staff))).toEqual(['onlyAdmin', 'disable']);
    expect([member('a', 'Ann', 'ADMIN'), member('b', 'Bo', 'ADMIN'), invited].map((one, _, staff) => disableOffer(one, staff))).toEqual(['disable', 'disable', 'disable']);
  });
});

describe('withMember', () => {
  const collator = new Intl.Collator('en');
  it('puts a new member in name order, and replaces one already listed', () => {
    const list = [member('a', 'Ann', 'ADMIN'), member('c', 'Cy', 'SUPPORT')];
    expect(withMember(list, member('b', 'bo', 'SUPPORT'), collator).map((one) => one.id)).toEqual(['a', 'b', 'c']);
    expect(withMember(list, member('z', 'Zed', 'SUPPORT'), collator).map((one) => one.id)).toEqual(['a', 'c', 'z']);
    expect(withMember(list, { ...list[1]!, invitationPending: true }, collator)).toEqual([list[0], { ...list[1], invitationPending: true }]);
  });
});
