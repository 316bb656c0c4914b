import { toCronItems } from './job-schedules';

describe('scheduled ticks', () => {
  it("run one at a time per task, with at most one waiting: each task's ticks share a queue and a job key", () => {
    const items = toCronItems([
      { task: 'payments.reconcile', cron: '* * * * *' },
      { task: 'payments.post', cron: '0 * * * *' },
    ]);
    expect(items.map((item) => [item.task, item.identifier, item.options])).toEqual([
      ['payments.reconcile', 'payments.reconcile', { backfillPeriod: 0, queueName: 'schedule:payments.reconcile', jobKey: 'schedule:payments.reconcile' }],
      ['payments.post', 'payments.post', { backfillPeriod: 0, queueName: 'schedule:payments.post', jobKey: 'schedule:payments.post' }],
    ]);
  });

  it('refuses a bad cron expression, naming the task', () => {
    expect(() => toCronItems([{ task: 'billing.sweep', cron: 'every hour' }])).toThrow(/schedule of job task "billing.sweep" has a bad cron expression "every hour"/);
  });
});
