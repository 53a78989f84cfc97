@SPEC-006 @capability:models.load
Feature: The memory model: exact resident bytes, one budget, admission without over-commit
  Each loaded model accounts for 4 bytes per parameter. GET /v1/memory reports the budget, the bytes in use and each
  model's bytes; a load that would exceed the budget is refused whole, also when loads race, and the control API moves
  the budget but never below the bytes in use. A reset restores the declared budget.

  @REQ-006-001
  Scenario: [006-01a] the memory document lists each loaded model's resident bytes by id, and their sum
    Given the conformance model "cm-wide" is loaded
    And the conformance model "cm-small" is loaded
    And the built-in model "default" is loaded
    When the admin sends GET "/v1/memory"
    Then the request succeeds with status 200 and a body valid against "protocol/memory"
    And the memory document lists exactly:
      | id       | bytes  |
      | cm-small | 18944  |
      | cm-wide  | 140288 |
      | default  | 940160 |
    And the memory document agrees with the model list and the declared budget

  @REQ-006-001
  Scenario Outline: [006-01b] a <who> reads the memory document, consistent with the models <names>
    Given a tenant "t1" is provisioned
    And the models "<names>" are loaded
    When <who> sends GET "/v1/memory"
    Then the request succeeds with status 200 and a body valid against "protocol/memory"
    And the memory document agrees with the model list and the declared budget

    Examples:
      | who         | names                            |
      | the admin   |                                  |
      | tenant "t1" | cm-fwd-small                     |
      | tenant "t1" | cm-cap-10, cm-cap-9, cm-tiny     |
      | the admin   | cm-fwd-wide, cm-fwd-tiny, cm-tie |

  @REQ-006-002
  Scenario Outline: [006-02a] a load of <name> one byte over the budget fails with E_MEMORY_BUDGET and changes nothing
    Given the conformance model "cm-small" is loaded
    And the memory budget is set to the bytes in use plus the resident bytes of "<name>" minus 1
    When the admin loads the model "<name>"
    Then the request fails with E_MEMORY_BUDGET and the state is unchanged
    And the model "<name>" is not loaded

    Examples:
      | name         |
      | cm-fwd-small |
      | cm-wide      |
      | default      |

  @REQ-006-002
  Scenario: [006-02b] under a budget of 1 byte, no model loads and the inventory stays empty
    Given the memory budget is set to 1 bytes
    When the admin loads the conformance model "cm-tiny"
    Then the request fails with E_MEMORY_BUDGET and the state is unchanged
    And the model list is empty

  @REQ-006-003
  Scenario: [006-03a] loading cm-small and cm-wide concurrently under a budget for either alone admits exactly one
    When "cm-small" and "cm-wide" are loaded concurrently under a budget of 140288 bytes, 6 times
    Then each time exactly one load succeeded, the other failed with E_MEMORY_BUDGET, and memory listed only the winner

  @REQ-006-004
  Scenario: [006-04a] a repeated load answered 200 leaves the bytes in use unchanged
    Given the conformance model "cm-small" is loaded
    And the bytes in use are remembered
    When the admin loads the conformance model "cm-small"
    Then the response status is 200
    And the bytes in use are unchanged

  @REQ-006-004
  Scenario Outline: [006-04b] deleting <name> gives its resident bytes back
    Given the conformance model "cm-tiny" is loaded
    And the model "<name>" is loaded
    And the bytes in use are remembered
    When the admin sends DELETE "/v1/models/<name>"
    Then the request succeeds with status 204 and no body
    And the bytes in use fell by the resident bytes of "<name>"
    And the memory document agrees with the model list and the declared budget

    Examples:
      | name         |
      | cm-fwd-small |
      | default      |

  @REQ-006-004
  Scenario Outline: [006-04c] <name> fits exactly when the bytes in use plus its bytes equal the budget
    Given the conformance model "cm-tiny" is loaded
    And the memory budget is set to the bytes in use plus the resident bytes of "<name>" minus 0
    When the admin loads the model "<name>"
    Then the response status is 201
    And the bytes in use equal the budget

    Examples:
      | name         |
      | cm-small     |
      | cm-fwd-small |
      | default      |

  @REQ-006-005
  Scenario Outline: [006-05a] a budget of the bytes in use plus <extra> is set and answered with the memory document
    Given the conformance model "cm-small" is loaded
    When the admin sets the memory budget to the bytes in use plus <extra>
    Then the request succeeds with status 200 and a body valid against "protocol/memory"
    And the response is the memory document with the new budget
    And the memory document agrees with the model list

    Examples:
      | extra      |
      | 0          |
      | 1          |
      | 4294967296 |

  @REQ-006-005
  Scenario Outline: [006-05b] a budget <below> below the bytes in use is refused with E_MEMORY_BUDGET, keeping the budget
    Given the conformance model "cm-small" is loaded
    And the memory budget is set to 5000000 bytes
    When the admin sets the memory budget to the bytes in use minus <below>
    Then the request fails with E_MEMORY_BUDGET and the state is unchanged
    And the memory budget reads 5000000 bytes

    Examples:
      | below |
      | 1     |
      | 18944 |

  @REQ-006-006
  Scenario: [006-06a] a reset restores the declared budget and frees every byte
    Given the conformance model "cm-small" is loaded
    And the memory budget is set to the bytes in use plus the resident bytes of "cm-small" minus 0
    When the admin sends POST "/v1/conformance/reset"
    Then the request succeeds with status 200 and a body valid against "protocol/reset-response"
    And the memory document shows the declared budget, no bytes in use and no models

  @REQ-006-006
  Scenario: [006-06b] after a budget of 1 byte and a reset, a model loads again
    Given the memory budget is set to 1 bytes
    And the runtime is reset
    When the admin loads the conformance model "cm-small"
    Then the response status is 201
    And the memory document agrees with the model list and the declared budget

  @REQ-006-007
  Scenario: [006-07a] a load refused for the budget fetches no shard
    Given the memory budget is set to 1 bytes
    When the admin loads the conformance model "cm-fwd-small"
    Then the request fails with E_MEMORY_BUDGET
    And the fixture server received no shard request for "cm-fwd-small"
