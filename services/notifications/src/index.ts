import type { ServiceModule } from '@platform/api';
import { CreateNotificationOutbox1763800100000 } from './migrations/1763800100000-create-notification-outbox';
import { SmsNotifications1763800900100 } from './migrations/1763800900100-sms-notifications';
import { NotificationEntity } from './notification.entity';

/** The notification outbox. Delivery (email, SMS) arrives with its own issue; until then rows wait as PENDING. */
export const notificationsModule: ServiceModule = {
  name: 'notifications',
  entities: [NotificationEntity],
  migrations: [CreateNotificationOutbox1763800100000, SmsNotifications1763800900100],
  resolvers: [],
  jobs: {},
};

export { enqueueNotification, type NewNotification } from './notification.service';
export { NotificationEntity, type NotificationTemplate } from './notification.entity';
