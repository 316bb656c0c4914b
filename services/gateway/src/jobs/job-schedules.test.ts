import { toCronItems } from './job-schedules';

describe('scheduled ticks', () => {
  it('refuses a bad cron expression, naming the task', () => {
    expect(() => toCronItems([{ task: 'billing.sweep', cron: 'every hour' }])).toThrow(/schedule of job task "billing.sweep" has a bad cron expression "every hour"/);
  });
});
