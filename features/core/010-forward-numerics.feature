@SPEC-010 @capability:models.load @capability:forward
Feature: Forward numerics: binary32 logits, their digests, the oracle's tolerance and bit-identical repetition
  Logits are binary32 values that round-trip through JSON into the token digest; sequence and result digests cover the
  token digests in order. Logits agree with the binary64 oracle within 1e-3·(1 + |oracle|), and a runtime repeats a
  sequence's token digests bit for bit: repeated, batched with other sequences of other lengths, as a prefix, and after
  a reset and a reload.

  @REQ-010-013
  Scenario Outline: [010-13a] the logits of <model> are binary32 values and each token digest is the SHA-256 of them
    Given the model "<model>" is loaded
    When the admin forwards the fixture sequences of "<model>" with "logits"
    Then every reported logit is a binary32 value
    And every forward token digest is the SHA-256 of its logits as binary32 little-endian

    Examples:
      | model        |
      | cm-fwd-tiny  |
      | cm-fwd-small |
      | cm-fwd-wide  |
      | default      |

  @REQ-010-014
  Scenario Outline: [010-14a] the sequence digests and the result digest of <model> cover the digests below them in order
    Given the model "<model>" is loaded
    When the admin forwards the sequences "<sequences>" through "<model>"
    Then every forward sequence digest and the result digest are the SHA-256 of the digests they cover

    Examples:
      | model        | sequences            |
      | cm-fwd-small | hello, max, 1:5, 2:1 |
      | cm-fwd-tiny  | 2:1                  |
      | default      | 0:7, 3:2, 0:7        |

  @REQ-010-015
  Scenario Outline: [010-15a] the logits of <model> for its fixture sequences are within the oracle's tolerance
    Given the conformance model "<model>" is loaded
    When the admin forwards the fixture sequences of "<model>" with "logits"
    Then the forward logits are within the oracle's tolerance

    Examples:
      | model        |
      | cm-fwd-tiny  |
      | cm-fwd-small |
      | cm-fwd-wide  |

  @REQ-010-015
  Scenario Outline: [010-15b] the logits of <model> for the sequences <sequences> are within the oracle's tolerance
    Given the conformance model "<model>" is loaded
    When the admin forwards the sequences "<sequences>" through "<model>" with "trace and logits"
    Then the forward logits are within the oracle's tolerance

    Examples:
      | model        | sequences        |
      | cm-fwd-small | ramp:32, 7:20    |
      | cm-fwd-wide  | 5:32, hello, 9:3 |

  @REQ-010-016
  Scenario Outline: [010-16a] each sequence of <model> has the same token digests alone, repeated and amid other lengths
    Given the model "<model>" is loaded
    When the admin forwards the sequences "<sequences>" through "<model>"
    Then repeating that forward request 2 times gives identical results
    And each of those sequences forwarded alone gives the same token digests
    And each of those sequences forwarded amid sequences of other lengths at every position gives the same token digests

    Examples:
      | model        | sequences             |
      | cm-fwd-small | hello, 1:5, 2:1       |
      | cm-fwd-tiny  | max, 2:1, 6:3         |
      | cm-fwd-wide  | 1:5, hello            |
      | default      | 1:5, 2:1, hello, 0:40 |

  @REQ-010-016
  Scenario: [010-16b] one sequence repeated in a request gives the same token digests in every copy
    Given the conformance model "cm-fwd-small" is loaded
    When the admin forwards the sequences "4:9, 4:9, 2:30, 4:9, 1:1, 4:9" through "cm-fwd-small"
    Then the sequence results at positions "0, 1, 3, 5" of the request are identical

  @REQ-010-017
  Scenario Outline: [010-17a] the first tokens of a sequence of <model> equal its prefixes of lengths <lengths> sent alone
    Given the model "<model>" is loaded
    When the admin forwards the sequences "<sequence>" through "<model>"
    Then its prefixes of lengths "<lengths>" forwarded alone give the token digests of its first tokens

    Examples:
      | model        | sequence | lengths   |
      | cm-fwd-small | 0:24     | 1, 7, 23  |
      | cm-fwd-tiny  | max      | 1, 2, 15  |
      | cm-fwd-wide  | hello    | 1, 6, 11  |
      | default      | max      | 1, 13, 63 |

  @REQ-010-018
  Scenario Outline: [010-18a] the forward result digest of <model> is the same after a reset and a reload
    Given the model "<model>" is loaded
    And the admin forwards the fixture sequences of "<model>" with "trace"
    And the forward result is remembered as "before the reset"
    And the runtime is reset
    And the model "<model>" is loaded
    When the admin repeats the forward request remembered as "before the reset"
    Then the forward result is identical to the one remembered as "before the reset"

    Examples:
      | model        |
      | cm-fwd-tiny  |
      | cm-fwd-small |
      | default      |

  @REQ-010-018
  Scenario: [010-18b] under the same seed override, the forward result digest is the same after a reset and a reload
    Given the routing seed is set to "42"
    And the conformance model "cm-fwd-small" is loaded
    And the admin forwards the fixture sequences of "cm-fwd-small" with "logits"
    And the forward result is remembered as "before the reset"
    And the runtime is reset
    And the routing seed is set to "42"
    And the conformance model "cm-fwd-tiny" is loaded
    And the conformance model "cm-fwd-small" is loaded
    When the admin repeats the forward request remembered as "before the reset"
    Then the forward result is identical to the one remembered as "before the reset"
