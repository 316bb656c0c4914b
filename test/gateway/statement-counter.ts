import { Client } from 'pg';
import type { DataSource } from 'typeorm';

/**
 * Counts every statement sent to PostgreSQL on a DataSource's connections
 * (its pool's and those its reads share), at the driver (pg's `query`), so
 * nothing an ORM or a raw client sends is missed: BEGIN, set_config and
 * COMMIT count as the round trips they are. Its connections are told apart
 * by the application name the DataSource gives them.
 */
export function countStatements(db: DataSource): { during<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> } {
  const applicationName = (db.options as { applicationName?: string }).applicationName;
  if (!applicationName) throw new Error('countStatements needs a DataSource with an application name');
  // The driver's own method, patched on the prototype while `during` runs and put back after it.
  const descriptor = Object.getOwnPropertyDescriptor(Client.prototype, 'query')!;
  const original = descriptor.value as (this: Client, ...args: unknown[]) => unknown;
  return {
    async during(fn) {
      const recording: string[] = [];
      const patched = function (this: Client & { connectionParameters?: { application_name?: string } }, ...args: unknown[]) {
        const first = args[0];
        if (this.connectionParameters?.application_name === applicationName) recording.push(typeof first === 'string' ? first : String((first as { text?: string }).text ?? 'COPY'));
        return original.apply(this, args);
      };
      Object.defineProperty(Client.prototype, 'query', { ...descriptor, value: patched });
      try {
        const result = await fn();
        return { result, statements: recording };
      } finally {
        Object.defineProperty(Client.prototype, 'query', descriptor);
      }
    },
  };
}
