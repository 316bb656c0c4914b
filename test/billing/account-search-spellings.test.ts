import { ownerUrl, withClient } from '@platform/db';
import type { QueryRunner } from 'typeorm';
import { foldForSearch } from '../../services/billing/src/accounts/account-search';
import { AccountSearchPlainLetters1763801203900 } from '../../services/billing/src/migrations/1763801203900-account-search-plain-letters';
import { accountNumbersFound, openAccount, platformWithStaff } from './billing-api';

/*
 * Staff find a holder however the name is spelled: "Gutiérrez" finds Gutierrez, and so must "dang" find Đặng. Letters
 * whose mark is part of the letter (Vietnamese Đ, Polish Ł, Danish Ø, German ß, Turkish ı) are not taken apart by
 * Unicode, so the search folds them by a table of its own, on the stored text and on the words typed alike.
 */
const env = platformWithStaff('norwalk', 'SUPPORT');

const found = (search: string) => accountNumbersFound(env.staff, search);

describe('account search, letters that carry their mark', () => {
  it('finds Đặng, Łukasz, Søren, Großmann and Işık typed without their marks, as "Gutiérrez" finds Gutierrez', async () => {
    await openAccount(env.staff, { accountNumber: '66-0101-00', customerName: 'Đặng Văn Minh' });
    await openAccount(env.staff, { accountNumber: '66-0102-00', customerName: 'Łukasz Wróbel' });
    await openAccount(env.staff, { accountNumber: '66-0103-00', customerName: 'Søren Holm' });
    await openAccount(env.staff, { accountNumber: '66-0104-00', customerName: 'Hans Großmann' });
    await openAccount(env.staff, { accountNumber: '66-0105-00', customerName: 'Ayşe Işık' });
    await openAccount(env.staff, { accountNumber: '66-0106-00', customerName: 'Æsa Þórsdóttir' });

    expect({
      'dang minh': await found('dang minh'),
      'lukasz wrobel': await found('lukasz wrobel'),
      'soren holm': await found('soren holm'),
      grossmann: await found('grossmann'),
      'ayse isik': await found('ayse isik'),
      'AESA THORSDOTTIR': await found('AESA THORSDOTTIR'),
    }).toEqual({
      'dang minh': ['66-0101-00'],
      'lukasz wrobel': ['66-0102-00'],
      'soren holm': ['66-0103-00'],
      grossmann: ['66-0104-00'],
      'ayse isik': ['66-0105-00'],
      'AESA THORSDOTTIR': ['66-0106-00'],
    });
  });

  it('finds a holder the billing system exported in plain ASCII when staff type the name with its letters (Đỗ, Łukasz)', async () => {
    await openAccount(env.staff, { accountNumber: '66-0201-00', customerName: 'DO THANH HUONG' });
    await openAccount(env.staff, { accountNumber: '66-0202-00', customerName: 'LUKASZ NOWAK' });
    await openAccount(env.staff, { accountNumber: '66-0203-00', customerName: 'Kurt Grossmann' });
    expect({ do: await found('Đỗ Hương'), lukasz: await found('ŁUKASZ Nowak'), grossmann: await found('Kurt GROẞMANN') }).toEqual({
      do: ['66-0201-00'],
      lukasz: ['66-0202-00'],
      grossmann: ['66-0203-00'],
    });
  });
});

describe('account search, names with an apostrophe or a hyphen', () => {
  it("finds O'Brien typed as OBrien and Smith-Jones typed as SmithJones, as residents spell them out on the phone", async () => {
    await openAccount(env.staff, { accountNumber: '66-0301-00', customerName: "Sean O'Brien" });
    await openAccount(env.staff, { accountNumber: '66-0302-00', customerName: 'Mary Smith-Jones' });
    await openAccount(env.staff, { accountNumber: '66-0303-00', customerName: 'Niamh O’Neill' });
    expect({
      obrien: await found('obrien'),
      "O'Brien": await found("O'Brien"),
      smithjones: await found('mary smithjones'),
      'smith jones': await found('Smith Jones'),
      oneill: await found('ONEILL'),
    }).toEqual({
      obrien: ['66-0301-00'],
      "O'Brien": ['66-0301-00'],
      smithjones: ['66-0302-00'],
      'smith jones': ['66-0302-00'],
      oneill: ['66-0303-00'],
    });
  });
});

describe('the search fold', () => {
  it('finds holders stored before the fold knew these letters: the migration folds their search text again', async () => {
    await openAccount(env.staff, { accountNumber: '66-0401-00', customerName: 'Đinh Thị Lan' });
    const migration = new AccountSearchPlainLetters1763801203900();
    const asOwner = (direction: 'up' | 'down') => withClient(ownerUrl(env.platform.settings), (owner) => migration[direction]({ query: (sql: string) => owner.query(sql) } as unknown as QueryRunner));
    await asOwner('down');
    expect(await found('dinh lan')).toEqual([]);
    await asOwner('up');
    expect(await found('dinh lan')).toEqual(['66-0401-00']);
  });

  it('folds typed words in TypeScript exactly as the database folds the stored text', async () => {
    const names = [
      'Đặng Văn Minh',
      'ĐỖ THỊ HƯƠNG',
      'Ðorðe', // Ð and ð (eth) look like Vietnamese Đ and đ, and are folded alike
      'Łukasz Wróbel',
      'SØREN HOLM',
      'Hans Großmann',
      'GROẞMANN',
      'Ayşe Işık',
      'İLKNUR IŞIK',
      'Ærøskøbing',
      'Œuvre Cœur',
      'Þórunn Guðmundsdóttir',
      "Sean O'Brien",
      'Niamh O’Neill',
      'Mary Smith-Jones',
      'María José Núñez',
      'Nu\u0303n\u0303ez',
      'ОЛЕГ Сидоров',
      'ΟΔΥΣΣΕΥΣ',
      '12700 Norwalk Blvd, Norwalk, CA 90650',
    ];
    const inDatabase = await withClient(ownerUrl(env.platform.settings), async (owner) => {
      const { rows } = await owner.query<{ folded: string }>('SELECT billing_search_fold(name) AS folded FROM unnest($1::text[]) WITH ORDINALITY AS n(name, i) ORDER BY i', [names]);
      return rows.map((row) => row.folded);
    });
    expect(names.map(foldForSearch)).toEqual(inDatabase);
    expect(inDatabase.slice(0, 5)).toEqual(['dang van minh', 'do thi huong', 'dorde', 'lukasz wrobel', 'soren holm']);
  });
});
