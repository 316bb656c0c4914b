import type { JobHandler, JobSchedule, ServiceModule } from '@platform/api';

/** Every task and schedule of the platform, checked once at start-up. */
export interface JobRegistry {
  readonly handlers: ReadonlyMap<string, JobHandler>;
  readonly schedules: readonly JobSchedule[];
}

/**
 * Collects the modules' jobs. Task names share one namespace in the queue, so
 * a module may only name tasks `<module name>.<something>`, and no name may be
 * claimed twice; schedules must name a known task, each at most once (a
 * schedule's task is also its cron identifier in graphile-worker).
 */
export function buildJobRegistry(modules: readonly ServiceModule[]): JobRegistry {
  const handlers = new Map<string, JobHandler>();
  const owners = new Map<string, string>();
  for (const module of modules) {
    for (const [task, handler] of Object.entries(module.jobs)) {
      if (!task.startsWith(`${module.name}.`) || task.length === module.name.length + 1) {
        throw new Error(`job task "${task}" of module "${module.name}" must be named "${module.name}.<task>"`);
      }
      const owner = owners.get(task);
      if (owner !== undefined) throw new Error(`job task "${task}" is registered twice (modules "${owner}" and "${module.name}")`);
      owners.set(task, module.name);
      handlers.set(task, handler);
    }
  }
  const schedules = modules.flatMap((module) => module.schedules ?? []);
  const scheduled = new Set<string>();
  for (const { task } of schedules) {
    if (!handlers.has(task)) throw new Error(`a schedule names job task "${task}", which no module registers`);
    if (scheduled.has(task)) throw new Error(`job task "${task}" has more than one schedule; list the times in one cron expression`);
    scheduled.add(task);
  }
  return { handlers, schedules };
}
