@SPEC-003 @capability:models.load @capability:route
Feature: Validation of route requests
  A route request names a loaded model, a layer of it, and between 1 and maxTokensPerRequest rows of exactly dModel
  finite numbers; each violation has its own code, checked in that order, and routing changes no state.

  @REQ-003-010
  Scenario Outline: [003-10a] routing through "<model>", which is not loaded, fails with E_MODEL_NOT_FOUND
    Given the conformance model "cm-tiny" is loaded
    When the admin routes 1 zero vector of length 8 through "<model>" at layer 0
    Then the request fails with E_MODEL_NOT_FOUND and the state is unchanged

    Examples:
      | model     |
      | cm-small  |
      | cm-absent |
      | cm-tin    |

  @REQ-003-010
  Scenario: [003-10b] routing through a deleted model fails with E_MODEL_NOT_FOUND
    Given the conformance model "cm-tiny" is loaded
    And the model "cm-tiny" has been deleted
    When the admin routes the zero vector through "cm-tiny" at layer 0
    Then the request fails with E_MODEL_NOT_FOUND and the state is unchanged

  @REQ-003-011
  Scenario Outline: [003-11a] layer <layer> of cm-tiny, which has layers 0 and 1, fails with E_ROUTING_LAYER
    Given the conformance model "cm-tiny" is loaded
    When the admin routes the zero vector through "cm-tiny" at layer <layer>
    Then the request fails with E_ROUTING_LAYER and the state is unchanged

    Examples:
      | layer   |
      | 2       |
      | 3       |
      | 64      |
      | -1      |
      | 1000000 |

  @REQ-003-012
  Scenario Outline: [003-12a] <rows> rows of length <length> through cm-tiny (dModel 8) fail with E_ROUTING_SHAPE
    Given the conformance model "cm-tiny" is loaded
    When the admin routes <rows> zero vectors of length <length> through "cm-tiny" at layer 0
    Then the request fails with E_ROUTING_SHAPE and the state is unchanged

    Examples:
      | rows | length |
      | 0    | 8      |
      | 1    | 7      |
      | 1    | 9      |
      | 1    | 0      |
      | 3    | 16     |

  @REQ-003-012
  Scenario Outline: [003-12b] one row of the wrong length among correct rows (<lengths>) fails with E_ROUTING_SHAPE
    Given the conformance model "cm-tiny" is loaded
    When the admin routes zero vectors of lengths "<lengths>" through "cm-tiny" at layer 0
    Then the request fails with E_ROUTING_SHAPE and the state is unchanged

    Examples:
      | lengths    |
      | 8, 8, 9    |
      | 7, 8, 8    |
      | 8, 0, 8, 8 |

  @REQ-003-012
  Scenario: [003-12c] one row more than maxTokensPerRequest fails with E_ROUTING_SHAPE
    Given the conformance model "cm-tiny" is loaded
    When the admin routes one more zero vector than maxTokensPerRequest through "cm-tiny" at layer 0
    Then the request fails with E_ROUTING_SHAPE and the state is unchanged

  @REQ-003-012
  Scenario: [003-12d] exactly maxTokensPerRequest rows are routed
    Given the conformance model "cm-tiny" is loaded
    When the admin routes exactly maxTokensPerRequest fixture inputs through "cm-tiny" at layer 0
    Then the routing result equals the oracle's

  @REQ-003-013
  Scenario Outline: [003-13a] the element <literal>, beyond the binary64 range, fails with E_ROUTING_NOT_FINITE
    Given the conformance model "cm-tiny" is loaded
    When the admin routes a vector of "cm-tiny" whose first element is written "<literal>"
    Then the request fails with E_ROUTING_NOT_FINITE and the state is unchanged

    Examples:
      | literal  |
      | 1e400    |
      | -1e400   |
      | 1e309    |
      | 1.8e308  |
      | -2E+308  |
      | 1e999999 |

  @REQ-003-014
  Scenario Outline: [003-14a] the result names the model and layer of the request (<model>, layer <layer>)
    Given the conformance model "<model>" is loaded
    When the admin routes fixture inputs 0 to 1 of "<model>" at layer <layer>
    Then the result names model "<model>" and layer <layer>

    Examples:
      | model    | layer |
      | cm-small | 1     |
      | cm-small | 0     |
      | cm-tiny  | 1     |
