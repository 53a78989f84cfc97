/**
 * Validates a report against schemas/report/report.schema.json. The schema is compiled once per process
 * (compile once, validate many) in ajv's strict mode, so a schema that strict mode would reject fails loudly here.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Report } from './report-types.ts';
import { REPORT_ERROR_CODES, ReportError } from './report-error.ts';

// ajv-formats is CommonJS: under ESM the default import is its module.exports, the plugin function itself.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export const REPORT_SCHEMA_PATH: string = fileURLToPath(
  new URL('../../schemas/report/report.schema.json', import.meta.url),
);

export interface ReportValidation {
  valid: boolean;
  /** ajv's errors, unchanged: validation failures are data for the caller to show. */
  errors: ErrorObject[];
}

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (compiled === undefined) {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(ajv);
    compiled = ajv.compile(JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8')) as object);
  }
  return compiled;
}

export function validateReport(report: unknown): ReportValidation {
  const validate = validator();
  const valid = validate(report);
  return { valid, errors: valid ? [] : [...(validate.errors ?? [])] };
}

/** One line per ajv error: where in the report, and what is wrong there. */
export function formatValidationErrors(errors: readonly ErrorObject[]): string[] {
  return errors.map((error) => {
    const where = error.instancePath === '' ? '(report)' : error.instancePath;
    const params = Object.keys(error.params).length === 0 ? '' : ` ${JSON.stringify(error.params)}`;
    return `${where} ${error.message ?? error.keyword}${params}`;
  });
}

/** Throws H_REPORT_SCHEMA_INVALID unless `report` satisfies the report schema. */
export function assertValidReport(report: unknown): asserts report is Report {
  const { valid, errors } = validateReport(report);
  if (!valid) {
    throw new ReportError(
      REPORT_ERROR_CODES.schemaInvalid,
      'report does not satisfy schemas/report/report.schema.json',
      formatValidationErrors(errors),
    );
  }
}
