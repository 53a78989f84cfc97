/* Generated from schemas/protocol/tenant-request.schema.json by npm run gen. Do not edit. */

/**
 * Tenant name, unique among tenants (E_CONTROL_TENANT_EXISTS).
 */
export type TenantName = string;

/**
 * Body of POST /v1/conformance/tenants (SPEC-000): the name of the tenant to create.
 */
export interface TenantRequest {
  name: TenantName;
}
