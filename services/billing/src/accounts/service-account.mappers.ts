import { toUserErrorTypes } from '@platform/api';
import type { Result } from '@platform/core';
import type { ServiceAccountEntity } from './service-account.entity';
import type { ServiceAccountPayloadType, ServiceAccountType } from './service-account.types';

export function toServiceAccountType(account: ServiceAccountEntity): ServiceAccountType {
  return {
    id: account.id,
    accountNumber: account.accountNumber,
    customerName: account.customerName,
    serviceAddress: { line1: account.addressLine1, line2: account.addressLine2, city: account.city, region: account.region, postalCode: account.postalCode },
    status: account.status,
    openedOn: account.openedOn,
    closedOn: account.closedOn,
  };
}

export function toServiceAccountPayload(result: Result<ServiceAccountEntity>): ServiceAccountPayloadType {
  return result.ok ? { serviceAccount: toServiceAccountType(result.value), userErrors: [] } : { serviceAccount: null, userErrors: toUserErrorTypes(result.userErrors) };
}
