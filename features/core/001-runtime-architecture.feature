@SPEC-001
Feature: Runtime architecture: identity, limits, modes, the built-in model and one view of the loaded models
  A runtime at protocol 1.1 claims the forward capability, declares the new limits within the core bounds and keeps its
  info document fixed for its lifetime. Its production and conformance modes differ only in the control API. It carries
  the built-in model default, pinned by a descriptor digest, and every component sees each model appear and disappear
  at once.

  @REQ-001-001
  Scenario Outline: [001-01a] GET /v1/info, read by <who>, declares protocol 1.1 or later and the forward capability
    Given a tenant "t1" is provisioned
    When <who> sends GET "/v1/info"
    Then the request succeeds with status 200 and a body valid against "protocol/info"
    And the info document declares protocol version 1.1 or a later 1.x version
    And the info document declares capability "models.load"
    And the info document declares capability "route"
    And the info document declares capability "forward"

    Examples:
      | who                 |
      | an anonymous client |
      | tenant "t1"         |

  @REQ-001-002
  Scenario: [001-02a] maxSeq, maxK, maxActiveFlopsPerToken and memoryBudgetBytes lie within the core bounds
    When an anonymous client sends GET "/v1/info"
    Then the info document declares limits within these bounds:
      | limit             | minimum  | maximum |
      | maxSeq            | 64       | 4096    |
      | memoryBudgetBytes | 16777216 | none    |
    And the info document declares limits.maxK within these bounds:
      | level  | minimum | maximum |
      | tier   | 2       | 4095    |
      | group  | 2       | 4095    |
      | expert | 4       | 4095    |
    And the info document declares maxActiveFlopsPerToken of at least 1048576 and below the FLOPs of cm-fwd-heavy

  @REQ-001-003
  Scenario Outline: [001-03a] the info document stays the one of the start of the run after <what>
    Given <action>
    When an anonymous client sends GET "/v1/info"
    Then the info document is identical to the one read at the start of the run

    Examples:
      | what               | action                                         |
      | loads              | the models "cm-small, cm-fwd-small" are loaded |
      | the built-in model | the built-in model "default" is loaded         |
      | a budget change    | the memory budget is set to 123456789 bytes    |
      | a delay change     | the forward delay is set to 7 ms per layer     |
      | a seed override    | the routing seed is set to "5"                 |
      | a drain            | the runtime has been put in state "draining"   |
      | a failure          | the runtime has been put in state "failed"     |
      | a degradation      | the runtime has been put in state "degraded"   |
      | a reset            | the runtime is reset                           |

  @REQ-001-003
  Scenario: [001-03b] the info document is unchanged by a delete and a recovery
    Given the conformance model "cm-small" is loaded
    And the model "cm-small" has been deleted
    And the runtime has been put in state "degraded"
    And the admin applies the transition "recover"
    When the admin sends GET "/v1/info"
    Then the info document is identical to the one read at the start of the run

  @REQ-001-004 @production @capability:models.load @capability:forward @capability:route
  Scenario: [001-04a] production and conformance mode report the same identity, limits and results for default
    Given the built-in model "default" is loaded in both modes
    When the admin forwards the fixture sequences of "default" with "trace and logits" in both modes
    And the admin routes fixture inputs 0 to 15 of "default" at layer 1 in both modes
    Then both modes report the same runtime identity and limits
    And both modes returned the same forward and route results

  @REQ-001-004 @production @capability:models.load @capability:forward @capability:route
  Scenario: [001-04b] production and conformance mode route and forward family models alike, under their own seeds
    Given the conformance models "cm-tie, cm-fwd-small" are loaded in both modes
    When the admin forwards the fixture sequences of "cm-fwd-small" with "trace and logits" in both modes
    And the admin routes fixture inputs 0 to 39 of "cm-tie" at layer 0 in both modes
    Then both modes returned the same forward and route results

  @REQ-001-005 @capability:models.load
  Scenario: [001-05a] the built-in model loads as default with the pinned descriptor and digest
    When the admin loads the built-in model "default"
    Then the response status is 201
    And the response is the built-in model with its pinned descriptor, digest and 235040 parameters
    And the model "default" reports 235040 parameters wherever it is shown

  @REQ-001-005 @capability:models.load
  Scenario: [001-05b] loading the built-in model again answers 200 with the same Model and loads nothing new
    Given the built-in model "default" is loaded
    When the admin loads the built-in model "default"
    Then the response status is 200
    And the response is the same Model as when "default" was loaded
    And the runtime state reports 1 loaded model

  @REQ-001-005 @capability:models.load
  Scenario: [001-05c] a tenant loads the built-in model with the same pinned descriptor and digest
    Given a tenant "t1" is provisioned
    When tenant "t1" loads the built-in model "default"
    Then the response status is 201
    And the response is the built-in model with its pinned descriptor, digest and 235040 parameters

  @REQ-001-006 @capability:models.load @capability:forward
  Scenario Outline: [001-06a] the logits of default for <sequences> are the oracle's for the generated weights of seed 0
    Given the built-in model "default" is loaded
    When the admin forwards the sequences "<sequences>" through "default" with "trace and logits"
    Then the forward logits are within the oracle's tolerance
    And the forward traces equal the oracle's wherever routing is well separated

    Examples:
      | sequences            |
      | hello, max, 1:5, 2:1 |
      | ramp:64, 4:17        |

  @REQ-001-007 @capability:models.load @capability:route
  Scenario Outline: [001-07a] once its load answers, <name> is listed, accounted, counted and served
    Given the conformance model "cm-tiny" is loaded
    When the admin loads the model "<name>"
    Then the response status is 201
    And the model "<name>" is listed, accounted, counted and served

    Examples:
      | name         |
      | cm-small     |
      | cm-fwd-small |
      | default      |

  @REQ-001-007 @capability:models.load @capability:route
  Scenario Outline: [001-07b] once its delete answers, <name> is neither listed, accounted, counted nor served
    Given the conformance model "cm-tiny" is loaded
    And the model "<name>" is loaded
    When the admin sends DELETE "/v1/models/<name>"
    Then the request succeeds with status 204 and no body
    And the model "<name>" is neither listed, accounted, counted nor served
    And the model list is exactly "cm-tiny"

    Examples:
      | name         |
      | cm-small     |
      | cm-fwd-small |
      | default      |

  @REQ-001-008 @capability:models.load @capability:forward
  Scenario Outline: [001-08a] the success response of <route> has its schema and the JSON media type
    Given the built-in model "default" is loaded
    When the admin sends a well-formed "<route>" request
    Then the request succeeds with the status and body schema of "<route>"

    Examples:
      | route                             |
      | POST /v1/forward                  |
      | GET /v1/memory                    |
      | POST /v1/conformance/state        |
      | PUT /v1/conformance/delay         |
      | PUT /v1/conformance/memory-budget |
      | POST /v1/models builtin           |

  @REQ-001-008 @capability:models.load
  Scenario Outline: [001-08b] the failure of <what> is a schema-valid error envelope served as JSON
    Given a tenant "t1" is provisioned
    And the conformance model "cm-tiny" is loaded
    When <who> sends <method> "<path>" with body:
      """
      <body>
      """
    Then the request fails with <code>
    And the error envelope has exactly the members code, domain, message and retryable

    Examples:
      | what                          | who                 | method | path                          | body                                       | code                      |
      | a forward without credential  | an anonymous client | POST   | /v1/forward                   | {"model": "cm-tiny", "sequences": [[1]]}   | E_AUTH_MISSING_CREDENTIAL |
      | a forward on a router model   | tenant "t1"         | POST   | /v1/forward                   | {"model": "cm-tiny", "sequences": [[1]]}   | E_FORWARD_UNSUPPORTED     |
      | a forward with a string token | the admin           | POST   | /v1/forward                   | {"model": "cm-tiny", "sequences": [["1"]]} | E_PROTOCOL_BAD_REQUEST    |
      | a transition by a tenant      | tenant "t1"         | POST   | /v1/conformance/state         | {"transition": "drain"}                    | E_AUTH_FORBIDDEN          |
      | an illegal transition         | the admin           | POST   | /v1/conformance/state         | {"transition": "recover"}                  | E_STATE_TRANSITION        |
      | an unknown transition         | the admin           | POST   | /v1/conformance/state         | {"transition": "pause"}                    | E_PROTOCOL_BAD_REQUEST    |
      | a negative delay              | the admin           | PUT    | /v1/conformance/delay         | {"perLayerMs": -1}                         | E_PROTOCOL_BAD_REQUEST    |
      | a budget below the bytes used | the admin           | PUT    | /v1/conformance/memory-budget | {"bytes": 1}                               | E_MEMORY_BUDGET           |
      | an unknown built-in model     | the admin           | POST   | /v1/models                    | {"builtin": "other"}                       | E_PROTOCOL_BAD_REQUEST    |

  @REQ-001-008
  Scenario Outline: [001-08c] GET /v1/memory from <who> fails with a schema-valid <code> envelope
    When <who> sends GET "/v1/memory"
    Then the request fails with <code>
    And the error envelope has exactly the members code, domain, message and retryable

    Examples:
      | who                                   | code                      |
      | an anonymous client                   | E_AUTH_MISSING_CREDENTIAL |
      | a client with an unknown token        | E_AUTH_INVALID_CREDENTIAL |
      | a client with a non-bearer credential | E_AUTH_INVALID_CREDENTIAL |
