export type { RequestContext, TenantContext, TenantRef, Viewer } from './context';
export { RequestLoaders, type LoaderFactory } from './loaders';
export { Role, authChecker } from './roles';
export { requireTenant } from './require-tenant';
export type { ServiceModule, JobHandler, JobHelpers, JobSchedule } from './service-module';
export { UserErrorInterface } from './user-error.type';
export { MoneyType, MoneyResolver } from './money.type';
export { LocaleEnum, CardBrandEnum, PaymentMethodKindEnum, PayableKindEnum } from './enums';
export { PageInfoType } from './page-info.type';
