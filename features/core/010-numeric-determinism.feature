@SPEC-010 @capability:models.load @capability:route
Feature: Numeric determinism: tie-key streams, gate tolerance, digests and reproducibility
  Tie keys come from SplitMix64 streams keyed by SHA-256 of their label; gates agree with the binary64 oracle within
  2^-40; digests cover ids and exact gate bits; and a runtime repeats itself bit for bit across repetitions, batch
  compositions, resets and reloads, non-dyadic inputs included.

  @REQ-010-001 @REQ-010-002
  Scenario: [010-01a] under the descriptor seed, ties of cm-tie at every level follow the tiebreak streams
    Given the conformance model "cm-tie" is loaded
    When the admin routes fixture inputs 0 to 39 of "cm-tie" at layer 0
    Then the tied candidates of "cm-tie" appear in tie-key order at every level
    And the routing result equals the oracle's

  @REQ-010-001 @REQ-010-002
  Scenario Outline: [010-01b] under the override seed <seed>, ties of cm-tie at every level follow its tiebreak streams
    Given the conformance model "cm-tie" is loaded
    And the routing seed is set to "<seed>"
    When the admin routes fixture inputs 0 to 39 of "cm-tie" at layer 0
    Then the tied candidates of "cm-tie" appear in tie-key order at every level
    And the routing result equals the oracle's

    Examples:
      | seed                 |
      | 2                    |
      | 3                    |
      | 99                   |
      | 9007199254740993     |
      | 18446744073709551615 |

  @REQ-010-001 @REQ-010-002
  Scenario Outline: [010-01c] zero vectors through <model> at layer <layer> are ordered by tie keys alone
    Given the conformance model "<model>" is loaded
    When the admin routes 2 zero vectors of length <d> through "<model>" at layer <layer>
    Then the routing result equals the oracle's

    Examples:
      | model    | d  | layer |
      | cm-small | 16 | 0     |
      | cm-small | 16 | 1     |
      | cm-wide  | 32 | 0     |

  @REQ-010-003 @REQ-010-005 @REQ-010-006
  Scenario Outline: [010-03a] scores and gates of <model> at layer <layer> survive the JSON round trip into the digests
    Given the conformance model "<model>" is loaded
    When the admin routes fixture inputs 0 to 15 of "<model>" at layer <layer>
    Then the reported digests match the reported experts and gates

    Examples:
      | model    | layer |
      | cm-small | 0     |
      | cm-small | 1     |
      | cm-wide  | 0     |
      | cm-tie   | 0     |

  @REQ-010-003
  Scenario Outline: [010-03b] gates of non-dyadic rows of <model> survive the JSON round trip into the digests
    Given the conformance model "<model>" is loaded
    When the admin routes 8 non-dyadic vectors through "<model>" at layer 0
    Then the reported digests match the reported experts and gates

    Examples:
      | model    |
      | cm-small |
      | cm-wide  |

  @REQ-010-004
  Scenario Outline: [010-04a] every gate of <model> for <first> to <last> is within 2^-40 of the oracle's
    Given the conformance model "<model>" is loaded
    When the admin routes fixture inputs <first> to <last> of "<model>" at layer 0
    Then every gate is within 2^-40 of the oracle's

    Examples:
      | model    | first | last |
      | cm-small | 0     | 31   |
      | cm-small | 5     | 5    |
      | cm-wide  | 0     | 31   |
      | cm-wide  | 7     | 7    |
      | cm-tie   | 0     | 15   |
      | cm-tiny  | 0     | 15   |

  @REQ-010-005
  Scenario Outline: [010-05a] each token digest of <model> is the SHA-256 of its experts' ids and gates
    Given the conformance model "<model>" is loaded
    When the admin routes fixture inputs 0 to 15 of "<model>" at layer 0
    Then every token digest is the SHA-256 of its experts' ids and gates

    Examples:
      | model    |
      | cm-small |
      | cm-wide  |

  @REQ-010-006
  Scenario Outline: [010-06a] the result digest of <model> is the SHA-256 of its token digests
    Given the conformance model "<model>" is loaded
    When the admin routes fixture inputs 0 to 15 of "<model>" at layer 0
    Then the result digest is the SHA-256 of its token digests

    Examples:
      | model    |
      | cm-small |
      | cm-wide  |

  @REQ-010-007
  Scenario Outline: [010-07a] the manifestDigest of <name> is the SHA-256 of the manifest bytes as served
    When the admin loads the conformance model "<name>"
    Then the model "<name>" reports the SHA-256 of its served manifest bytes as manifestDigest

    Examples:
      | name     |
      | cm-tiny  |
      | cm-small |
      | cm-tie   |
      | cm-wide  |

  @REQ-010-008
  Scenario Outline: [010-08a] repeating a route of fixture inputs through <model> gives identical digests
    Given the conformance model "<model>" is loaded
    When the admin routes fixture inputs 0 to 15 of "<model>" at layer 0
    Then repeating that route request 3 times gives identical results

    Examples:
      | model    |
      | cm-small |
      | cm-wide  |

  @REQ-010-008
  Scenario Outline: [010-08b] repeating a route of non-dyadic rows through <model> gives identical digests
    Given the conformance model "<model>" is loaded
    When the admin routes 16 non-dyadic vectors through "<model>" at layer 0
    Then repeating that route request 3 times gives identical results

    Examples:
      | model    |
      | cm-small |
      | cm-wide  |

  @REQ-010-009
  Scenario Outline: [010-09a] non-dyadic rows of <model> have the same token digest alone, reversed and amid other rows
    Given the conformance model "<model>" is loaded
    When the admin routes 12 non-dyadic vectors through "<model>" at layer 0
    Then routing each of those inputs alone gives the same token results
    And routing those inputs in reverse order gives the same token results
    And routing those inputs amid other rows gives the same token results

    Examples:
      | model    |
      | cm-small |
      | cm-wide  |

  @REQ-010-009
  Scenario: [010-09b] fixture rows of cm-tie have the same token digest alone, reversed and amid other rows
    Given the conformance model "cm-tie" is loaded
    When the admin routes fixture inputs 0 to 11 of "cm-tie" at layer 0
    Then routing each of those inputs alone gives the same token results
    And routing those inputs in reverse order gives the same token results
    And routing those inputs amid other rows gives the same token results

  @REQ-010-010
  Scenario Outline: [010-10a] the route of <what> through cm-tie is the same after a reset and a reload
    Given the conformance model "cm-tie" is loaded
    And the admin routes <what> through "cm-tie" at layer 0
    And the routing result is remembered as "before the reset"
    And the runtime is reset
    And the conformance model "cm-tie" is loaded
    When the admin repeats the route request remembered as "before the reset"
    Then the routing result is identical to the one remembered as "before the reset"

    Examples:
      | what                        |
      | 16 non-dyadic vectors       |
      | 4 zero vectors of length 16 |

  @REQ-010-010
  Scenario: [010-10b] the route of fixture inputs is the same after a reset and a reload under the same override
    Given the routing seed is set to "42"
    And the conformance model "cm-tie" is loaded
    And the admin routes fixture inputs 0 to 15 of "cm-tie" at layer 0
    And the routing result is remembered as "before the reset"
    And the runtime is reset
    And the routing seed is set to "42"
    And the conformance model "cm-tie" is loaded
    When the admin repeats the route request remembered as "before the reset"
    Then the routing result is identical to the one remembered as "before the reset"

  @REQ-010-010
  Scenario: [010-10c] the route is the same after a reset, another model's load and a reload
    Given the conformance model "cm-tie" is loaded
    And the admin routes 4 zero vectors of length 16 through "cm-tie" at layer 1
    And the routing result is remembered as "before the reset"
    And the runtime is reset
    And the conformance model "cm-small" is loaded
    And the model "cm-small" has been deleted
    And the conformance model "cm-tie" is loaded
    When the admin repeats the route request remembered as "before the reset"
    Then the routing result is identical to the one remembered as "before the reset"
