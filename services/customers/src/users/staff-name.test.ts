import { sameStaffName } from './staff-name';

it('reads two staff names as one, letter case, accents, spacing and what does not show aside', () => {
  for (const typed of ['adam admin', 'ADAM ADMIN', 'Ádam Admín', '  Adam   Admin ', 'Adam\u200b Admin', 'Ａdam Admin', 'A\u0301dam Admin']) {
    expect([typed, sameStaffName(typed, 'Adam Admin')]).toEqual([typed, true]);
  }
});

it('tells apart names a reader tells apart', () => {
  for (const typed of ['Adam Admin Jr.', 'Adam B. Admin', 'Adam Admins', 'AdamAdmin', 'Adam Adrnin']) {
    expect([typed, sameStaffName(typed, 'Adam Admin')]).toEqual([typed, false]);
  }
});
