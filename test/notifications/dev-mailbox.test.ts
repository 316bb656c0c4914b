import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, openNotificationChannels, type NotificationChannels } from '@platform/gateway';
import { startTestPlatform, type TestPlatform } from '@platform/testkit';
import { simpleParser } from 'mailparser';
import { runCli } from '../cli/run-cli';
import { REQUEST_RESET, registerCustomer } from '../customers/customer-api';

/*
 * Development without SMTP_URL: `pnpm start` opens the in-process mailbox
 * (smtp-server on 127.0.0.1) that writes every message to .data/mail as an
 * .eml file, and `pnpm cli mail:list` lists them. A new user reads the reset
 * email of the account they just made.
 */

const dir = mkdtempSync(path.join(tmpdir(), 'dev-mailbox-'));
let channels: NotificationChannels;
let platform: TestPlatform;
beforeAll(async () => {
  // The configuration `pnpm start` reads, with no SMTP_URL: the development mailbox, on a free port here.
  const config = loadConfig({ DEV_MAILBOX_DIR: dir, DEV_MAILBOX_PORT: '0' });
  expect(config.notifications.smtp).toBeNull();
  channels = await openNotificationChannels(config.notifications);
  expect(channels.mailbox).not.toBeNull();
  expect(channels.description.email).toContain(dir);
  platform = await startTestPlatform({ notifications: { smtpUrl: channels.mailbox!.url } });
});
afterAll(async () => {
  await platform.close();
  await channels.close();
  rmSync(dir, { recursive: true, force: true });
});

it('a new resident asks for a reset and finds the email in .data/mail, listed by pnpm cli mail:list', async () => {
  const norwalk = platform.client.asTenant('norwalk').withHeaders({ 'accept-language': 'es' });
  await registerCustomer(norwalk, { email: 'nueva@example.com', locale: 'ES' });
  await norwalk.data(REQUEST_RESET, { input: { identifier: 'nueva@example.com' } });
  expect(await platform.deliverNotifications()).toMatchObject({ sent: 1 });

  const files = readdirSync(dir).filter((file) => file.endsWith('.eml'));
  expect(files).toHaveLength(1);
  const parsed = await simpleParser(readFileSync(path.join(dir, files[0]!)));
  expect(parsed.subject).toBe('Restablezca su contraseña de City of Norwalk');
  expect(parsed.text).toMatch(/https:\/\/billing\.test\/reset-password\?tenant=norwalk&token=\S+/);

  process.env.DEV_MAILBOX_DIR = dir;
  try {
    const listed = await runCli(platform, 'mail:list');
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.split('\t')).toEqual([expect.stringMatching(/^\d{4}-\d\d-\d\dT/), 'nueva@example.com', 'Restablezca su contraseña de City of Norwalk', path.join(dir, files[0]!)]);
  } finally {
    delete process.env.DEV_MAILBOX_DIR;
  }
});

it('mail:list says so when the mailbox is empty', async () => {
  const empty = mkdtempSync(path.join(tmpdir(), 'dev-mailbox-empty-'));
  process.env.DEV_MAILBOX_DIR = empty;
  try {
    const listed = await runCli(platform, 'mail:list');
    expect(listed).toMatchObject({ code: 0, stdout: `no messages in ${empty}\n` });
  } finally {
    delete process.env.DEV_MAILBOX_DIR;
    rmSync(empty, { recursive: true, force: true });
  }
});
