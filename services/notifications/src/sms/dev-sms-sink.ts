import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { SmsSender } from './sms-sender';

/**
 * Development only: "sends" a text by appending it as a JSON line to
 * `<dir>/messages.jsonl`, so a developer sees what a resident's phone would.
 */
export function createDevSmsSink(dir: string): SmsSender {
  return {
    description: `development sink (${path.join(dir, 'messages.jsonl')})`,
    async send(sms) {
      mkdirSync(dir, { recursive: true });
      appendFileSync(path.join(dir, 'messages.jsonl'), `${JSON.stringify({ at: new Date().toISOString(), id: sms.notificationId, to: sms.to, body: sms.body })}\n`);
      return { kind: 'SENT', providerMessageId: `dev-${sms.notificationId}` };
    },
  };
}
