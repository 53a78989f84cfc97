/* Generated from schemas/specs/requirements.schema.json by npm run gen. Do not edit. */

export type SpecId = string;
export type ProfileName = string;

/**
 * specs/requirements.json: every requirement of every spec, generated from specs/*.md by npm run specs:index.
 */
export interface RequirementsIndex {
  /**
   * Reference to this schema.
   */
  $schema: string;
  /**
   * Banner naming the source and the command that regenerates the file.
   */
  $comment: 'Generated from specs/*.md by npm run specs:index. Do not edit.';
  /**
   * One entry per spec file, sorted by id.
   */
  specs: IndexedSpec[];
  /**
   * One entry per requirement, retired ones included, sorted by id.
   */
  requirements: IndexedRequirement[];
}
export interface IndexedSpec {
  id: SpecId;
  title: string;
  layer: 'conformance' | 'core' | 'distributed' | 'storage' | 'training' | 'inference' | 'security';
  version: string;
  status: 'draft' | 'stable' | 'deprecated';
  /**
   * Repository-relative path of the spec.
   */
  file: string;
  dependsOn: SpecId[];
  /**
   * @minItems 1
   */
  profiles: ProfileName[];
}
export interface IndexedRequirement {
  id: string;
  spec: SpecId;
  /**
   * The RFC 2119 keyword of the requirement.
   */
  level: 'MUST' | 'MUST NOT' | 'SHOULD' | 'SHOULD NOT' | 'MAY';
  /**
   * Requirement text: blockquote markers stripped, whitespace collapsed.
   */
  text: string;
  /**
   * Lower-case hex SHA-256 of the UTF-8 bytes of text.
   */
  sha256: string;
  /**
   * endpoint: checked by scenarios against a runtime; attestation: checked as submitted evidence.
   */
  verification: 'endpoint' | 'attestation';
  /**
   * Profiles of the defining spec.
   *
   * @minItems 1
   */
  profiles: ProfileName[];
  retired: boolean;
}
