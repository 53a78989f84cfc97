@SPEC-004 @capability:models.load
Feature: Transformer metadata: formatVersion 2 descriptors, their tensors, parameter counts and limits
  A formatVersion 2 descriptor adds a decoder-only transformer around the router. Its heads must tile the hidden vector
  in even pairs, every tensor must have its specified shape, its maxSeq must be within the declared limit, and its Model
  counts every tensor element as a parameter.

  @REQ-004-009
  Scenario Outline: [004-09a] <name> reports the element count of all its tensors, <parameters> parameters
    When the admin loads the model "<name>"
    Then the model "<name>" reports <parameters> parameters wherever it is shown

    Examples:
      | name         | parameters |
      | cm-fwd-tiny  | 6024       |
      | cm-fwd-small | 63248      |
      | cm-fwd-wide  | 4982608    |
      | default      | 235040     |

  @REQ-004-010
  Scenario Outline: [004-10a] the descriptor of <name> (<defect>) is refused with E_MODEL_MANIFEST_INVALID
    Given the conformance model "cm-fwd-tiny" is loaded
    When the admin loads the conformance model "<name>"
    Then the request fails with E_MODEL_MANIFEST_INVALID and the state is unchanged
    And the model "<name>" is not loaded

    Examples:
      | name            | defect                            |
      | cm-fwd-badheads | heads 3 does not divide dModel 16 |
      | cm-fwd-oddhead  | heads 16 leaves an odd dHead of 1 |

  @REQ-004-011
  Scenario: [004-11a] an expert tensor declared [N, F, d] instead of [N, d, F] is refused with E_MODEL_FORMAT
    Given the conformance model "cm-fwd-tiny" is loaded
    When the admin loads the conformance model "cm-fwd-badshape"
    Then the request fails with E_MODEL_FORMAT and the state is unchanged
    And the model "cm-fwd-badshape" is not loaded

  @REQ-004-012
  Scenario Outline: [004-12a] the forward family member <name> loads as a ready model reporting its v2 descriptor
    When the admin loads the conformance model "<name>"
    Then the response status is 201
    And the response is the ready forward model "<name>"
    And the model "<name>" reports the descriptor of its manifest, version 2 fields included
    And the fixture server served every shard of "<name>" from beside its manifest

    Examples:
      | name         |
      | cm-fwd-tiny  |
      | cm-fwd-small |
      | cm-fwd-wide  |

  @REQ-004-013
  Scenario: [004-13a] a model whose maxSeq exceeds the declared limits.maxSeq is refused with E_MODEL_LIMIT
    Given the runtime declares a maxSeq below 4096
    And the conformance model "cm-fwd-tiny" is loaded
    When the admin loads the conformance model "cm-fwd-longseq"
    Then the request fails with E_MODEL_LIMIT and the state is unchanged
    And the model "cm-fwd-longseq" is not loaded
