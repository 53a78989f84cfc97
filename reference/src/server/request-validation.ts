// Request validation with the repository's draft 2020-12 schemas (schemas/protocol), through fastify's schema
// controller so that route schemas can `$ref` the shared documents added with app.addSchema.

import type { FastifySchemaValidationError, FastifyServerOptions } from 'fastify';
import type { ValidateFunction } from 'ajv';
import { createAjv, schemaId } from '../schema-store.ts';

type ValidatorResult = ((data: unknown) => boolean) & { errors?: FastifySchemaValidationError[] | null };

/** Request schemas whose member of arrays of number rows is judged with overflowed numbers read as 0. */
const OVERFLOW_TOLERANT_MEMBERS = new Map([
  [schemaId('protocol', 'route-request'), 'hidden'],
  [schemaId('protocol', 'forward-request'), 'sequences'],
]);

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
 * A JSON number such as 1e400 parses to Infinity, which ajv's `number` type refuses. SPEC-003 §4.7 and SPEC-002 §4.2
 * make that case a semantic error (E_ROUTING_NOT_FINITE, E_FORWARD_TOKEN) checked by the route handler, not a schema
 * failure, so these validators judge the rows of `member` with overflowed elements read as 0.
 */
function allowOverflowed(validate: ValidateFunction, member: string): ValidateFunction {
  const wrapped: ValidatorResult = (data: unknown): boolean => {
    let valid = validate(data);
    const body = data as Record<string, unknown> | null;
    if (!valid && typeof body === 'object' && body !== null && hasNonFiniteInRows(body[member])) {
      valid = validate({ ...body, [member]: replaceNonFiniteInRows(body[member]) });
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
          const member = OVERFLOW_TOLERANT_MEMBERS.get(String((schema as { $ref?: unknown }).$ref));
          return member === undefined ? validate : allowOverflowed(validate, member);
        };
      },
    },
  };
}

/** Route schema for a JSON body described by a protocol schema file. */
export function bodySchema(name: string): { body: { $ref: string } } {
  return { body: { $ref: schemaId('protocol', name) } };
}
