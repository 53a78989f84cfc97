@SPEC-003 @capability:models.load @capability:forward
Feature: Routing inside the forward pass: trace structure, agreement with the oracle and the routing seed
  Every layer of a forward pass routes each token's normalised hidden vector with the HSER rule. The trace reports the
  selected experts of every token and layer; where the oracle's decisions are well separated it must name the same
  experts in the same order, and the whole request runs under the one seed its result reports.

  @REQ-003-016
  Scenario Outline: [003-16a] every trace entry of <model> holds k experts from distinct tiers and groups, adjacent
    Given the model "<model>" is loaded
    When the admin forwards the fixture sequences of "<model>" with "trace"
    Then every forward trace entry has the structure of SPEC-003: counts, adjacency, global ids and a gate sum of 1

    Examples:
      | model        |
      | cm-fwd-tiny  |
      | cm-fwd-small |
      | cm-fwd-wide  |
      | default      |

  @REQ-003-016
  Scenario: [003-16b] under an override seed, trace entries of ramps through cm-fwd-wide keep their structure
    Given the conformance model "cm-fwd-wide" is loaded
    And the routing seed is set to "18446744073709551615"
    When the admin forwards the sequences "ramp:32, 11:17, 12:2" through "cm-fwd-wide" with "trace"
    Then every forward trace entry has the structure of SPEC-003: counts, adjacency, global ids and a gate sum of 1

  @REQ-003-017
  Scenario Outline: [003-17a] the trace of <model> names the oracle's experts in order wherever routing is well separated
    Given the model "<model>" is loaded
    When the admin forwards the fixture sequences of "<model>" with "trace"
    Then the forward traces equal the oracle's wherever routing is well separated

    Examples:
      | model        |
      | cm-fwd-tiny  |
      | cm-fwd-small |
      | cm-fwd-wide  |
      | default      |

  @REQ-003-017
  Scenario Outline: [003-17b] the trace of <sequences> through <model> names the oracle's experts in order
    Given the conformance model "<model>" is loaded
    When the admin forwards the sequences "<sequences>" through "<model>" with "trace and logits"
    Then the forward traces equal the oracle's wherever routing is well separated

    Examples:
      | model        | sequences          |
      | cm-fwd-small | ramp:32, 8:31, 9:2 |
      | cm-fwd-wide  | ramp:32, 8:31, 9:2 |

  @REQ-003-018
  Scenario Outline: [003-18a] without an override, a forward on <model> runs under its descriptor seed <seed>
    Given the model "<model>" is loaded
    When the admin forwards the fixture sequences of "<model>" with "trace"
    Then the forward result reports the routing seed "<seed>"
    And the forward traces equal the oracle's wherever routing is well separated

    Examples:
      | model        | seed |
      | cm-fwd-tiny  | 160  |
      | cm-fwd-small | 239  |
      | default      | 0    |

  @REQ-003-018
  Scenario Outline: [003-18b] under the override seed <seed>, a forward on cm-fwd-small runs under that seed
    Given the conformance model "cm-fwd-small" is loaded
    And the routing seed is set to "<seed>"
    When the admin forwards the fixture sequences of "cm-fwd-small" with "trace"
    Then the forward result reports the routing seed "<seed>"
    And the forward traces equal the oracle's wherever routing is well separated

    Examples:
      | seed                 |
      | 0                    |
      | 42                   |
      | 18446744073709551615 |

  @REQ-003-018
  Scenario: [003-18c] once a reset clears the override, forwards run under the descriptor seed again
    Given the routing seed is set to "42"
    And the runtime is reset
    And the conformance model "cm-fwd-small" is loaded
    When the admin forwards the fixture sequences of "cm-fwd-small"
    Then the forward result reports the routing seed "239"

  @REQ-003-019 @capability:route
  Scenario Outline: [003-19a] fixture vectors through <model> at layer <layer> route exactly as the oracle routes them
    Given the conformance model "<model>" is loaded
    When the admin routes fixture inputs 0 to 15 of "<model>" at layer <layer>
    Then the routing result equals the oracle's
    And every reported score equals the dot product of its router row and the token's input
    And the reported digests match the reported experts and gates

    Examples:
      | model        | layer |
      | cm-fwd-small | 0     |
      | cm-fwd-small | 1     |
      | cm-fwd-wide  | 0     |
      | cm-fwd-wide  | 1     |

  @REQ-003-019 @capability:route
  Scenario: [003-19b] fixture vectors through the built-in model route exactly as the oracle routes them
    Given the built-in model "default" is loaded
    When the admin routes fixture inputs 0 to 31 of "default" at layer 1
    Then the routing result equals the oracle's
