/**
 * A host of the platform's own (where PUBLIC_URL points) whose first label
 * would name a city: the gateway reads the city from the first label of the
 * host a request was sent to, so a city of that slug would receive every
 * request to the platform's own host that names no city of its own.
 */
export interface PlatformHost {
  /** As configured, lower case ("pay.example.com"). */
  readonly host: string;
  /** The host's first label ("pay"), which no city may take. */
  readonly slug: string;
}

/** What the tenants service takes from configuration. */
export interface TenantsSettings {
  /** Empty where the platform's address is not configured, or names no city (localhost, an IP address). */
  readonly platformHosts: readonly PlatformHost[];
  /**
   * A city's allowedOrigins must be https (production): a page served over http is anyone's on the path to rewrite
   * into one calling the city's API. Outside production a front end on a development server (http://localhost) may.
   */
  readonly httpsOriginsOnly: boolean;
}

export const NO_PLATFORM_HOSTS: TenantsSettings = Object.freeze({ platformHosts: Object.freeze([]), httpsOriginsOnly: false });
