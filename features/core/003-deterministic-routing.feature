@SPEC-003 @capability:models.load @capability:route
Feature: Deterministic hierarchical routing
  A hidden vector selects tiers, then groups within the selected tiers, then experts within the selected groups, with
  exact scores, seeded tie-breaking, renormalised gates and a fixed output order. The oracle of the harness predicts
  every selection exactly, because the fixture weights and inputs are dyadic.

  @REQ-003-001 @REQ-003-003 @REQ-003-007
  Scenario Outline: [003-01a] fixture inputs of <model> at layer <layer> route exactly as the oracle routes them
    Given the conformance model "<model>" is loaded
    When the admin routes fixture inputs 0 to 15 of "<model>" at layer <layer>
    Then the routing result equals the oracle's

    Examples:
      | model    | layer |
      | cm-small | 0     |
      | cm-small | 1     |
      | cm-wide  | 0     |
      | cm-tiny  | 1     |

  @REQ-003-001
  Scenario Outline: [003-01b] every score of <model> at layer <layer> is the exact dot product of its router row
    Given the conformance model "<model>" is loaded
    When the admin routes fixture inputs 0 to 15 of "<model>" at layer <layer>
    Then every reported score equals the dot product of its router row and the token's input

    Examples:
      | model    | layer |
      | cm-small | 0     |
      | cm-small | 1     |
      | cm-wide  | 0     |

  @REQ-003-002
  Scenario Outline: [003-02a] each token of <model> carries <tiers> tiers, <groups> groups and <experts> experts
    Given the conformance model "<model>" is loaded
    When the admin routes fixture inputs 0 to 7 of "<model>" at layer 0
    Then every token has <tiers> tiers, <groups> groups and <experts> experts

    Examples:
      | model    | tiers | groups | experts |
      | cm-tiny  | 1     | 1      | 2       |
      | cm-small | 2     | 4      | 8       |
      | cm-wide  | 2     | 4      | 16      |

  @REQ-003-003
  Scenario Outline: [003-03a] <model> selects groups within selected tiers and experts within selected groups
    Given the conformance model "<model>" is loaded
    When the admin routes fixture inputs 0 to 15 of "<model>" at layer 0
    Then every selected group belongs to a selected tier and every selected expert to a selected group
    And the selected tiers, groups and experts are the oracle's

    Examples:
      | model    |
      | cm-small |
      | cm-wide  |

  @REQ-003-004
  Scenario Outline: [003-04a] tied candidates of cm-tie follow their seeded tie keys (fixture input <input>: <case>)
    Given the conformance model "cm-tie" is loaded
    When the admin routes fixture inputs <input> to <input> of "cm-tie" at layer 0
    Then the tied candidates of "cm-tie" appear in tie-key order
    And the routing result equals the oracle's

    Examples:
      | input | case                                                          |
      | 0     | both members of every tied pair are selected                  |
      | 3     | both members of the tied tiers and groups are selected        |
      | 24    | every tied pair straddles the top-k boundary                  |
      | 34    | every tied pair straddles the top-k boundary                  |
      | 30    | the tied groups are both selected, tiers and experts straddle |

  @REQ-003-004 @REQ-003-008
  Scenario Outline: [003-04b] under the override seed <seed>, ties of cm-tie follow that seed's tie keys
    Given the conformance model "cm-tie" is loaded
    And the routing seed is set to "<seed>"
    When the admin routes fixture inputs 0 to 39 of "cm-tie" at layer 0
    Then the routing seed reported is "<seed>"
    And the tied candidates of "cm-tie" appear in tie-key order at every level
    And the routing result equals the oracle's

    Examples:
      | seed                 |
      | 0                    |
      | 1                    |
      | 42                   |
      | 4321                 |
      | 18446744073709551615 |

  @REQ-003-004
  Scenario: [003-04c] zero vectors tie every candidate, and the tie keys alone decide the selection
    Given the conformance model "cm-small" is loaded
    When the admin routes 3 zero vectors of length 16 through "cm-small" at layer 1
    Then the routing result equals the oracle's

  @REQ-003-005
  Scenario Outline: [003-05a] tier and group gates of <model> are the softmax of the selected scores
    Given the conformance model "<model>" is loaded
    When the admin routes fixture inputs 0 to 15 of "<model>" at layer 0
    Then every tier and group gate is the softmax of the selected scores under its parent
    And the routing result equals the oracle's

    Examples:
      | model    |
      | cm-small |
      | cm-wide  |
      | cm-tie   |

  @REQ-003-006
  Scenario Outline: [003-06a] every expert gate of <model> is the product of its tier gate, group gate and expert weight
    Given the conformance model "<model>" is loaded
    When the admin routes fixture inputs 0 to 15 of "<model>" at layer 0
    Then every expert gate is the product of its tier gate, its group gate and its weight among its group's selected experts
    And the routing result equals the oracle's

    Examples:
      | model    |
      | cm-small |
      | cm-wide  |

  @REQ-003-007
  Scenario Outline: [003-07a] entries of <model> come in rank order and tokens in the order of the rows
    Given the conformance model "<model>" is loaded
    When the admin routes fixture inputs 0 to 15 of "<model>" at layer 0
    Then the tiers, groups and experts of every token are in the output order of SPEC-003
    And the tokens are in the order of the request's rows

    Examples:
      | model    |
      | cm-small |
      | cm-wide  |
      | cm-tie   |

  @REQ-003-008
  Scenario Outline: [003-08a] without an override, <model> routes with its descriptor seed and reports it
    Given the conformance model "<model>" is loaded
    When the admin routes fixture inputs 0 to 15 of "<model>" at layer 0
    Then the routing seed reported is "<seed>"
    And the routing result equals the oracle's

    Examples:
      | model    | seed |
      | cm-tie   | 5150 |
      | cm-small | 1234 |

  @REQ-003-008
  Scenario: [003-08b] an override set after a model was loaded applies to that model
    Given the conformance model "cm-small" is loaded
    And the routing seed is set to "99"
    When the admin routes fixture inputs 0 to 15 of "cm-small" at layer 0
    Then the routing seed reported is "99"
    And the routing result equals the oracle's

  @REQ-003-008
  Scenario: [003-08c] once a reset clears the override, the descriptor seed applies again
    Given the routing seed is set to "1"
    And the runtime is reset
    And the conformance model "cm-tie" is loaded
    When the admin routes fixture inputs 0 to 3 of "cm-tie" at layer 0
    Then the routing seed reported is "5150"
    And the tied candidates of "cm-tie" appear in tie-key order at every level

  @REQ-003-009
  Scenario Outline: [003-09a] each row of <model> routes the same alone, reversed and amid other rows
    Given the conformance model "<model>" is loaded
    When the admin routes fixture inputs 0 to 15 of "<model>" at layer 0
    Then routing each of those inputs alone gives the same token results
    And routing those inputs in reverse order gives the same token results
    And routing those inputs amid other rows gives the same token results

    Examples:
      | model    |
      | cm-small |
      | cm-wide  |
