/* Generated from schemas/protocol/snapshot-id.schema.json by npm run gen. Do not edit. */

/**
 * A snapshot id (SPEC-030): lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, 1 to 64 characters; never a path and never a leftover name.
 */
export type SnapshotId = string;
