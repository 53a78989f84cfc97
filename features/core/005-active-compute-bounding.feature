@SPEC-005 @capability:models.load
Feature: Active compute bounding: exact per-token FLOPs and parameter bytes, and refusal of models beyond the bound
  Every forward token reports the FLOPs of each part of the pass and the parameter bytes it reads, by exact formulas of
  the descriptor and the position. At fixed top-k the expert FLOPs do not grow with the number of experts. The runtime
  declares bounds on top-k and on the per-token FLOPs, and refuses from metadata alone a model that breaks them.

  @REQ-005-001 @capability:forward
  Scenario Outline: [005-01a] every token of <model> at positions 0 to maxSeq - 1 reports the FLOPs of SPEC-005 §4.1
    Given the model "<model>" is loaded
    When the admin forwards the fixture sequences of "<model>"
    Then every forward token reports the FLOPs of SPEC-005 for its position

    Examples:
      | model        |
      | cm-fwd-tiny  |
      | cm-fwd-small |
      | cm-fwd-wide  |
      | default      |

  @REQ-005-001 @capability:forward
  Scenario Outline: [005-01b] the token of <model> at position <position> reports <attention> attention and <total> FLOPs in all
    Given the model "<model>" is loaded
    When the admin forwards the sequences "max" through "<model>"
    Then the token at position <position> reports <attention> attention, <router> router, <experts> expert and <total> FLOPs

    Examples:
      | model        | position | attention | router | experts | total  |
      | default      | 0        | 16640     | 1536   | 122880  | 157440 |
      | default      | 63       | 32768     | 1536   | 122880  | 173568 |
      | cm-fwd-small | 31       | 8192      | 768    | 30720   | 47872  |
      | cm-fwd-wide  | 31       | 8192      | 3712   | 30720   | 50816  |

  @REQ-005-002 @capability:forward
  Scenario Outline: [005-02a] every token of <model> reports <bytes> parameter bytes
    Given the model "<model>" is loaded
    When the admin forwards the sequences "hello, max, 2:1" through "<model>" with "trace"
    Then every forward token reports <bytes> parameter bytes, as the formula of SPEC-005 §4.2 gives

    Examples:
      | model        | bytes  |
      | cm-fwd-tiny  | 10304  |
      | cm-fwd-small | 87936  |
      | cm-fwd-wide  | 93824  |
      | default      | 315136 |

  @REQ-005-003 @capability:forward
  Scenario Outline: [005-03a] cm-fwd-small and cm-fwd-wide (100 times the experts, same k) report equal expert FLOPs for <sequences>
    Given the conformance model "cm-fwd-small" is loaded
    And the conformance model "cm-fwd-wide" is loaded
    When the admin forwards the sequences "<sequences>" through "cm-fwd-small" and through "cm-fwd-wide"
    Then both report equal expert and attention FLOPs at every position
    And every token of both reports 30720 expert FLOPs

    Examples:
      | sequences     |
      | ramp:32       |
      | hello, ramp:5 |

  @REQ-005-004
  Scenario: [005-04a] maxK and maxActiveFlopsPerToken lie within the bounds of SPEC-005 §4.4
    When an anonymous client sends GET "/v1/info"
    Then the info document declares limits.maxK within these bounds:
      | level  | minimum | maximum |
      | tier   | 2       | 4095    |
      | group  | 2       | 4095    |
      | expert | 4       | 4095    |
    And the info document declares maxActiveFlopsPerToken of at least 1048576 and below the FLOPs of cm-fwd-heavy

  @REQ-005-005
  Scenario Outline: [005-05a] <name>, whose topK.<level> is one above limits.maxK, is refused before any shard is fetched
    Given the conformance model "cm-tiny" is loaded
    When the admin loads the conformance model "<name>"
    Then the request fails with E_COMPUTE_BOUND and the state is unchanged
    And the fixture server received no shard request for "<name>"
    And the model "<name>" is not loaded

    Examples:
      | name            | level  |
      | cm-overk-tier   | tier   |
      | cm-overk-group  | group  |
      | cm-overk-expert | expert |

  @REQ-005-006
  Scenario: [005-06a] cm-fwd-heavy, whose FLOPs at maxSeq - 1 exceed the declared bound, is refused before any shard fetch
    Given the conformance model "cm-fwd-tiny" is loaded
    When the admin loads the conformance model "cm-fwd-heavy"
    Then the request fails with E_COMPUTE_BOUND and the state is unchanged
    And the fixture server received no shard request for "cm-fwd-heavy"
    And the model "cm-fwd-heavy" is not loaded
