@SPEC-004 @capability:models.load
Feature: Tier metadata: descriptors, router tensors, global ids and parameter counts
  A model's descriptor fixes its hierarchy, the router tensors and their shapes, the global ids of groups and experts,
  and its parameter count. Metadata that breaks these rules is refused before it can shape any routing decision.

  @REQ-004-001
  Scenario Outline: [004-01a] the manifest of <name> (<defect>) is refused with E_MODEL_MANIFEST_INVALID
    Given the conformance model "cm-tiny" is loaded
    When the admin loads the conformance model "<name>"
    Then the request fails with E_MODEL_MANIFEST_INVALID and the state is unchanged
    And the model "<name>" is not loaded

    Examples:
      | name       | defect                               |
      | cm-badjson | not valid JSON                       |
      | cm-badk    | topK.expert above expertsPerGroup    |
      | cm-badtie  | a tie whose row is beyond its tensor |

  @REQ-004-002
  Scenario: [004-02a] a tensor declared with a shape other than SPEC-004's is refused with E_MODEL_FORMAT (cm-badshape)
    Given the conformance model "cm-tiny" is loaded
    When the admin loads the conformance model "cm-badshape"
    Then the request fails with E_MODEL_FORMAT and the state is unchanged
    And the model "cm-badshape" is not loaded

  @REQ-004-003
  Scenario Outline: [004-03a] <name> reports L·(T + T·G + T·G·E)·d = <parameters> router parameters
    When the admin loads the conformance model "<name>"
    Then the model "<name>" reports <parameters> router parameters

    Examples:
      | name     | parameters |
      | cm-tiny  | 352        |
      | cm-small | 4736       |
      | cm-tie   | 4736       |
      | cm-wide  | 35072      |

  @REQ-004-004
  Scenario Outline: [004-04a] <name> reports the descriptor of its manifest unchanged
    When the admin loads the conformance model "<name>"
    Then the model "<name>" reports the descriptor of its manifest

    Examples:
      | name    |
      | cm-tie  |
      | cm-wide |
      | cm-tiny |

  @REQ-004-005 @capability:route
  Scenario Outline: [004-05a] route results of <model> give each group and expert its global id
    Given the conformance model "<model>" is loaded
    When the admin routes fixture inputs 0 to 15 of "<model>" at layer 0
    Then every group id and expert id is the global id its tier, group and expert indices give
    And the routing result equals the oracle's

    Examples:
      | model    |
      | cm-small |
      | cm-wide  |

  @REQ-004-006 @capability:route
  Scenario Outline: [004-06a] <model> at layer <layer> scores each candidate with its own router row
    Given the conformance model "<model>" is loaded
    When the admin routes fixture inputs 0 to 15 of "<model>" at layer <layer>
    Then every reported score equals the dot product of its router row and the token's input
    And the selected tiers, groups and experts are the oracle's

    Examples:
      | model    | layer |
      | cm-small | 0     |
      | cm-small | 1     |
      | cm-wide  | 0     |

  @REQ-004-007 @capability:route
  Scenario Outline: [004-07a] no tier, group or expert is selected twice within a token of <model>
    Given the conformance model "<model>" is loaded
    When the admin routes fixture inputs 0 to 31 of "<model>" at layer 0
    Then no token names the same tier, group id or expert id twice

    Examples:
      | model    |
      | cm-small |
      | cm-wide  |
      | cm-tie   |

  @REQ-004-007 @capability:route
  Scenario: [004-07b] with every score tied, no candidate is selected twice
    Given the conformance model "cm-wide" is loaded
    When the admin routes 4 zero vectors of length 32 through "cm-wide" at layer 0
    Then no token names the same tier, group id or expert id twice
    And every token has 2 tiers, 4 groups and 16 experts

  @REQ-004-008
  Scenario Outline: [004-08a] the invalid manifest of <name> is refused before any shard is fetched
    When the admin loads the conformance model "<name>"
    Then the request fails with E_MODEL_MANIFEST_INVALID
    And the fixture server received no shard request for "<name>"

    Examples:
      | name      |
      | cm-badk   |
      | cm-badtie |
