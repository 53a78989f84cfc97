// Request validation with the repository's draft 2020-12 schemas (schemas/protocol), through fastify's schema
// controller so that route schemas can `$ref` the shared documents added with app.addSchema.

import type { FastifySchemaValidationError, FastifyServerOptions } from 'fastify';
import type { ValidateFunction } from 'ajv';
import { createAjv, schemaId } from '../schema-store.ts';

type ValidatorResult = ((data: unknown) => boolean) & { errors?: FastifySchemaValidationError[] | null };

const ROUTE_REQUEST_ID = schemaId('protocol', 'route-request');

function replaceNonFiniteInRows(rows: unknown): unknown {
  if (!Array.isArray(rows)) return rows;
  return rows.map((row: unknown) =>
    Array.isArray(row) ? row.map((v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? 0 : v)) : row,
  );
}

function hasNonFiniteInRows(rows: unknown): boolean {
  return Array.isArray(rows) && rows.some((row: unknown) => Array.isArray(row) && row.some((v) => typeof v === 'number' && !Number.isFinite(v)));
}

/**
 * A JSON number such as 1e400 parses to Infinity, which ajv's `number` type refuses. SPEC-003 §4.7 makes that case
 * E_ROUTING_NOT_FINITE (checked by the route handler), not a schema failure, so the route-request validator judges
 * `hidden` with overflowed elements read as 0 and leaves the finiteness check to the handler.
 */
function allowOverflowedHidden(validate: ValidateFunction): ValidateFunction {
  const wrapped: ValidatorResult = (data: unknown): boolean => {
    let valid = validate(data);
    const body = data as { hidden?: unknown } | null;
    if (!valid && typeof body === 'object' && body !== null && hasNonFiniteInRows(body.hidden)) {
      valid = validate({ ...body, hidden: replaceNonFiniteInRows(body.hidden) });
    }
    wrapped.errors = valid ? null : (validate.errors as FastifySchemaValidationError[]);
    return valid;
  };
  // fastify only calls the function and reads `errors`; the other ValidateFunction members are ajv internals.
  return Object.assign(wrapped, { schema: validate.schema, schemaEnv: validate.schemaEnv }) as unknown as ValidateFunction;
}

/**
 * fastify schema controller options: one strict Ajv 2020 instance per fastify instance, holding the shared schemas.
 * `lenient` (a fault switch only) drops unknown members and coerces types instead of refusing them.
 */
export function schemaControllerOptions(lenient = false): NonNullable<FastifyServerOptions['schemaController']> {
  return {
    compilersFactory: {
      buildValidator: (externalSchemas) => {
        const ajv = createAjv(Object.values(externalSchemas as Record<string, object>), { lenient });
        return ({ schema }) => {
          const validate = ajv.compile(schema as object);
          const ref = (schema as { $ref?: unknown }).$ref;
          return ref === ROUTE_REQUEST_ID ? allowOverflowedHidden(validate) : validate;
        };
      },
    },
  };
}

/** Route schema for a JSON body described by a protocol schema file. */
export function bodySchema(name: string): { body: { $ref: string } } {
  return { body: { $ref: schemaId('protocol', name) } };
}
