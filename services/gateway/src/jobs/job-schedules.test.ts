import { toCronItems } from './job-schedules';

describe('scheduled ticks', () => {
  it('refuses a bad cron expression, naming the task', () => {
    expect(() => toCronItems([{ task: 'billing.sweep', cron: 'every hour' }])).toThrow(/schedule of job task "billing.sweep" has a bad cron expression "every hour"/);
  });

  it('tries a tick a few times, and keeps one tick of a task waiting: the next tick is the retry', () => {
    const [item] = toCronItems([{ task: 'payments.reconcile', cron: '* * * * *' }]);
    expect(item!.options).toMatchObject({ maxAttempts: 3, jobKey: 'payments.reconcile', backfillPeriod: 0 });
  });
});
