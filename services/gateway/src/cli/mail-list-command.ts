import { listDevMailbox } from '@platform/notifications';
import { loadConfig } from '../config';

/** `mail:list`: the development mailbox's messages, a line each: when, to whom, subject, file. */
export function listMail(): number {
  const { dir } = loadConfig().notifications.devMailbox;
  const entries = listDevMailbox(dir);
  if (entries.length === 0) process.stdout.write(`no messages in ${dir}\n`);
  for (const entry of entries) process.stdout.write(`${entry.receivedAt.toISOString()}\t${entry.to}\t${entry.subject}\t${entry.file}\n`);
  return 0;
}
