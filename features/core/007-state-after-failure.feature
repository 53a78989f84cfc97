@SPEC-007
Feature: Failures of protocol 1.1 leave models, memory, state and seed as they were, and keep the order of checks
  Every failing request leaves GET /v1/models, /v1/state, /v1/memory and /v1/conformance/seed exactly as they were:
  loads that fail after the budget admitted them, forward requests refused or out of time, compute and memory refusals,
  illegal transitions and work refused while draining. The state check comes after the body checks and before the
  route's own checks.

  @REQ-007-013 @capability:models.load
  Scenario Outline: [007-13a] a load of <name> failing after its admission leaves memory, models and state as they were
    Given the conformance model "cm-small" is loaded
    And the routing seed is set to "77"
    And the memory budget is set to 50000000 bytes
    When the admin loads the conformance model "<name>"
    Then the request fails with <code> and the state is unchanged
    And the model "<name>" is not loaded
    And the memory document agrees with the model list

    Examples:
      | name            | code                 |
      | cm-corrupt      | E_MODEL_INTEGRITY    |
      | cm-truncated    | E_MODEL_FORMAT       |
      | cm-badheader    | E_MODEL_FORMAT       |
      | cm-noshard      | E_MODEL_FETCH_FAILED |
      | cm-fwd-badshape | E_MODEL_FORMAT       |

  @REQ-007-013 @capability:models.load
  Scenario Outline: [007-13b] a load refused for <reason> leaves memory, models and state as they were
    Given the conformance model "cm-fwd-tiny" is loaded
    And the memory budget is set to the bytes in use plus the resident bytes of "cm-small" minus 1
    When the admin loads the conformance model "<name>"
    Then the request fails with <code> and the state is unchanged

    Examples:
      | reason            | name            | code                     |
      | the memory budget | cm-small        | E_MEMORY_BUDGET          |
      | the compute bound | cm-fwd-heavy    | E_COMPUTE_BOUND          |
      | the maxK bound    | cm-overk-expert | E_COMPUTE_BOUND          |
      | its heads         | cm-fwd-oddhead  | E_MODEL_MANIFEST_INVALID |

  @REQ-007-013 @capability:models.load @capability:forward
  Scenario Outline: [007-13c] a forward failing with <code> leaves memory, models, state and seed as they were
    Given the conformance model "cm-fwd-small" is loaded
    And the conformance model "cm-small" is loaded
    And the routing seed is set to "77"
    And the forward delay is set to <n> ms per layer
    When the admin forwards the raw sequences "<sequences>" through "<model>" with deadlineMs <deadline>
    Then the request fails with <code> and the state is unchanged

    Examples:
      | model        | n   | sequences      | deadline | code                  |
      | cm-fwd-small | 0   | [[1, 2], [-3]] | 60000    | E_FORWARD_TOKEN       |
      | cm-fwd-small | 0   | [[1, 2], []]   | 60000    | E_FORWARD_LENGTH      |
      | cm-small     | 0   | [[1, 2]]       | 60000    | E_FORWARD_UNSUPPORTED |
      | cm-fwd-small | 300 | [[1, 2], [3]]  | 100      | E_DEADLINE_EXCEEDED   |

  @REQ-007-013 @capability:models.load
  Scenario Outline: [007-13d] <what> in <state> leaves memory, models, state and seed as they were
    Given the conformance model "cm-tiny" is loaded
    And the routing seed is set to "77"
    And the runtime has been put in state "<state>"
    When the admin sends <method> "<path>" with body:
      """
      <body>
      """
    Then the request fails with <code> and the state is unchanged

    Examples:
      | what                  | state    | method | path                          | body                                                            | code                |
      | an illegal transition | failed   | POST   | /v1/conformance/state         | {"transition": "recover"}                                       | E_STATE_TRANSITION  |
      | an illegal transition | draining | POST   | /v1/conformance/state         | {"transition": "degrade"}                                       | E_STATE_TRANSITION  |
      | a route               | draining | POST   | /v1/route                     | {"model": "cm-tiny", "layer": 0, "hidden": [[0,0,0,0,0,0,0,0]]} | E_STATE_UNAVAILABLE |
      | a builtin load        | failed   | POST   | /v1/models                    | {"builtin": "default"}                                          | E_STATE_UNAVAILABLE |
      | a budget below use    | degraded | PUT    | /v1/conformance/memory-budget | {"bytes": 1}                                                    | E_MEMORY_BUDGET     |

  @REQ-007-010 @REQ-007-013
  Scenario Outline: [007-13e] <method> <path> with <defect> fails with E_PROTOCOL_BAD_REQUEST and changes nothing
    Given the routing seed is set to "77"
    When the admin sends <method> "<path>" with body:
      """
      <body>
      """
    Then the request fails with E_PROTOCOL_BAD_REQUEST and the state is unchanged

    Examples:
      | method | path                          | defect                       | body                                                               |
      | POST   | /v1/forward                   | no sequences                 | {"model": "cm-fwd-tiny"}                                           |
      | POST   | /v1/forward                   | a string token               | {"model": "cm-fwd-tiny", "sequences": [["1"]]}                     |
      | POST   | /v1/forward                   | flat sequences               | {"model": "cm-fwd-tiny", "sequences": [1, 2]}                      |
      | POST   | /v1/forward                   | a deadline of 0              | {"model": "cm-fwd-tiny", "sequences": [[1]], "deadlineMs": 0}      |
      | POST   | /v1/forward                   | a string trace flag          | {"model": "cm-fwd-tiny", "sequences": [[1]], "trace": "yes"}       |
      | POST   | /v1/forward                   | an extra member              | {"model": "cm-fwd-tiny", "sequences": [[1]], "x": 1}               |
      | POST   | /v1/models                    | both manifestUrl and builtin | {"manifestUrl": "http://127.0.0.1:1/m.json", "builtin": "default"} |
      | POST   | /v1/models                    | another built-in name        | {"builtin": "tiny"}                                                |
      | POST   | /v1/conformance/state         | an unknown transition        | {"transition": "pause"}                                            |
      | POST   | /v1/conformance/state         | no transition                | {}                                                                 |
      | PUT    | /v1/conformance/delay         | a negative delay             | {"perLayerMs": -1}                                                 |
      | PUT    | /v1/conformance/delay         | a fractional delay           | {"perLayerMs": 1.5}                                                |
      | PUT    | /v1/conformance/delay         | a delay above 60000          | {"perLayerMs": 60001}                                              |
      | PUT    | /v1/conformance/memory-budget | a negative budget            | {"bytes": -1}                                                      |
      | PUT    | /v1/conformance/memory-budget | a string budget              | {"bytes": "100"}                                                   |

  @REQ-007-011 @capability:models.load
  Scenario Outline: [007-11h] in <state>, a work request with <faults> gets <code>
    Given the conformance model "cm-tiny" is loaded
    And the runtime has been put in state "<state>"
    When the admin sends POST "<path>" with body:
      """
      <body>
      """
    Then the request fails with <code> and the state is unchanged

    Examples: the body before the runtime state
      | state    | faults          | path        | body                                             | code                   |
      | draining | an extra member | /v1/forward | {"model": "cm-tiny", "sequences": [[1]], "x": 1} | E_PROTOCOL_BAD_REQUEST |
      | failed   | malformed JSON  | /v1/route   | {"model":                                        | E_PROTOCOL_BAD_REQUEST |
    Examples: the runtime state before the route's own checks
      | state    | faults                | path        | body                                                  | code                |
      | draining | an unknown model      | /v1/forward | {"model": "cm-absent", "sequences": [[1]]}            | E_STATE_UNAVAILABLE |
      | failed   | a router-only model   | /v1/forward | {"model": "cm-tiny", "sequences": [[1]]}              | E_STATE_UNAVAILABLE |
      | draining | a bad layer           | /v1/route   | {"model": "cm-tiny", "layer": 9, "hidden": [[0]]}     | E_STATE_UNAVAILABLE |
      | failed   | a manifest not served | /v1/models  | {"manifestUrl": "http://127.0.0.1:1/m/manifest.json"} | E_STATE_UNAVAILABLE |
    Examples: the route's own checks in SPEC-002 order
      | state    | faults                           | path        | body                                        | code                  |
      | degraded | a router-only model and no token | /v1/forward | {"model": "cm-tiny", "sequences": [[]]}     | E_FORWARD_UNSUPPORTED |
      | ready    | an unknown model and a bad token | /v1/forward | {"model": "cm-absent", "sequences": [[-1]]} | E_MODEL_NOT_FOUND     |
