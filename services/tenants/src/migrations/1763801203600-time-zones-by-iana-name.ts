import type { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * A city's time zone was stored as the runtime's ICU answered it, CLDR's
 * frozen identifier, where the IANA database has renamed the zone
 * ("Asia/Calcutta" for "Asia/Kolkata"). Cities created so are renamed to the
 * IANA name canonicalTimeZone now keeps; both name the same zone, to
 * PostgreSQL and to Intl alike, so nothing else changes. Written out here
 * rather than taken from @platform/core: a migration says what it did.
 */
const RENAMED: readonly (readonly [cldr: string, iana: string])[] = [
  ['Africa/Asmera', 'Africa/Asmara'],
  ['America/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
  ['America/Catamarca', 'America/Argentina/Catamarca'],
  ['America/Coral_Harbour', 'America/Atikokan'],
  ['America/Cordoba', 'America/Argentina/Cordoba'],
  ['America/Godthab', 'America/Nuuk'],
  ['America/Indianapolis', 'America/Indiana/Indianapolis'],
  ['America/Jujuy', 'America/Argentina/Jujuy'],
  ['America/Louisville', 'America/Kentucky/Louisville'],
  ['America/Mendoza', 'America/Argentina/Mendoza'],
  ['Asia/Calcutta', 'Asia/Kolkata'],
  ['Asia/Katmandu', 'Asia/Kathmandu'],
  ['Asia/Rangoon', 'Asia/Yangon'],
  ['Asia/Saigon', 'Asia/Ho_Chi_Minh'],
  ['Atlantic/Faeroe', 'Atlantic/Faroe'],
  ['Europe/Kiev', 'Europe/Kyiv'],
  ['Pacific/Enderbury', 'Pacific/Kanton'],
  ['Pacific/Ponape', 'Pacific/Pohnpei'],
  ['Pacific/Truk', 'Pacific/Chuuk'],
];

export class TimeZonesByIanaName1763801203600 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await rename(queryRunner, RENAMED);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await rename(
      queryRunner,
      RENAMED.map(([cldr, iana]) => [iana, cldr]),
    );
  }
}

async function rename(queryRunner: QueryRunner, pairs: readonly (readonly [from: string, to: string])[]): Promise<void> {
  await queryRunner.query(
    `UPDATE tenants SET time_zone = renamed.to_name
       FROM unnest($1::text[], $2::text[]) AS renamed(from_name, to_name)
      WHERE tenants.time_zone = renamed.from_name`,
    [pairs.map(([from]) => from), pairs.map(([, to]) => to)],
  );
}
