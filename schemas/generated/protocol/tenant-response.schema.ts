/* Generated from schemas/protocol/tenant-response.schema.json by npm run gen. Do not edit. */

/**
 * The tenant name, as requested.
 */
export type TenantName = string;
/**
 * Bearer token authenticating the tenant on the runtime API.
 */
export type BearerToken = string;

/**
 * Response of POST /v1/conformance/tenants (SPEC-000): the created tenant and its bearer token.
 */
export interface TenantResponse {
  tenant: TenantName;
  token: BearerToken;
}
