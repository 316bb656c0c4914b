import type { JobHandler, ServiceModule } from '@platform/api';
import { buildJobRegistry } from './job-registry';

const handler: JobHandler = async () => undefined;

function module(name: string, tasks: string[], schedules: ServiceModule['schedules'] = []): ServiceModule {
  return { name, entities: [], migrations: [], resolvers: [], jobs: Object.fromEntries(tasks.map((task) => [task, handler])), schedules };
}

describe('buildJobRegistry', () => {
  it("collects every module's tasks and schedules", () => {
    const registry = buildJobRegistry([
      module('billing', ['billing.disconnection-sweep'], [{ task: 'billing.disconnection-sweep', cron: '0 * * * *' }]),
      module('payments', ['payments.reconcile']),
      module('tenants', []),
    ]);
    expect([...registry.handlers.keys()]).toEqual(['billing.disconnection-sweep', 'payments.reconcile']);
    expect(registry.schedules).toEqual([{ task: 'billing.disconnection-sweep', cron: '0 * * * *' }]);
  });

  it("refuses a task name without its module's prefix", () => {
    expect(() => buildJobRegistry([module('billing', ['disconnection-sweep'])])).toThrow('job task "disconnection-sweep" of module "billing" must be named "billing.<task>"');
    expect(() => buildJobRegistry([module('billing', ['payments.reconcile'])])).toThrow(/must be named "billing.<task>"/);
    expect(() => buildJobRegistry([module('billing', ['billing.'])])).toThrow(/must be named "billing.<task>"/);
  });

  it('refuses the same task name twice', () => {
    expect(() => buildJobRegistry([module('billing', ['billing.sweep']), module('billing', ['billing.sweep'])])).toThrow(
      'job task "billing.sweep" is registered twice (modules "billing" and "billing")',
    );
  });

  it('refuses a schedule for an unknown task, or a second schedule for one task', () => {
    expect(() => buildJobRegistry([module('billing', ['billing.sweep'], [{ task: 'billing.sweeps', cron: '0 * * * *' }])])).toThrow(
      'a schedule names job task "billing.sweeps", which no module registers',
    );
    const twice = [
      { task: 'billing.sweep', cron: '0 * * * *' },
      { task: 'billing.sweep', cron: '30 * * * *' },
    ];
    expect(() => buildJobRegistry([module('billing', ['billing.sweep'], twice)])).toThrow(/more than one schedule/);
  });

  it('lets a module schedule a task another module registers', () => {
    expect(() => buildJobRegistry([module('billing', ['billing.sweep']), module('ops', [], [{ task: 'billing.sweep', cron: '0 0 * * *' }])])).not.toThrow();
  });
});
