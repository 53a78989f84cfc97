@SPEC-009
Feature: What each runtime state admits: refused work, unchanged inspection, identical results
  Draining and failed runtimes refuse work requests with a retryable E_STATE_UNAVAILABLE and change nothing, yet answer
  every other runtime route exactly as a ready runtime does. A degraded runtime serves the results of a ready one, and
  resume and recover restore the same service; a forward admitted before a drain still completes.

  @REQ-009-004 @capability:models.load @capability:forward @capability:route
  Scenario Outline: [009-04a] in <state>, <who> sending a well-formed <route> gets E_STATE_UNAVAILABLE, retryably
    Given a tenant "t1" is provisioned
    And the conformance model "cm-tiny" is loaded
    And the built-in model "default" is loaded
    And the runtime has been put in state "<state>"
    When <who> sends a well-formed "<route>" request
    Then the request fails with E_STATE_UNAVAILABLE and the state is unchanged
    And the error is marked retryable

    Examples:
      | state    | who         | route                   |
      | draining | the admin   | POST /v1/forward        |
      | draining | tenant "t1" | POST /v1/route          |
      | draining | the admin   | POST /v1/models         |
      | draining | tenant "t1" | POST /v1/models builtin |
      | failed   | tenant "t1" | POST /v1/forward        |
      | failed   | the admin   | POST /v1/route          |
      | failed   | tenant "t1" | POST /v1/models         |
      | failed   | the admin   | POST /v1/models builtin |

  @REQ-009-004 @capability:models.load
  Scenario Outline: [009-04b] a load of <name> in <state> loads nothing and fetches nothing
    Given the runtime has been put in state "<state>"
    When the admin loads the conformance model "<name>"
    Then the request fails with E_STATE_UNAVAILABLE and the state is unchanged
    And the fixture server received no shard request for "<name>"
    And the model list is empty

    Examples:
      | state    | name         |
      | draining | cm-fwd-small |
      | failed   | cm-small     |

  @REQ-009-005 @capability:models.load
  Scenario Outline: [009-05a] in <state>, <route> answers exactly as in ready
    Given a tenant "t1" is provisioned
    And the conformance model "cm-tiny" is loaded
    And the response to a well-formed "<route>" request is remembered
    And the runtime has been put in state "<state>"
    When tenant "t1" sends a well-formed "<route>" request
    Then the request succeeds with the status and body schema of "<route>"
    And the response body is the one remembered for "<route>"

    Examples:
      | state    | route               |
      | draining | GET /v1/info        |
      | draining | GET /v1/models      |
      | draining | GET /v1/models/{id} |
      | draining | GET /v1/memory      |
      | degraded | GET /v1/models      |
      | degraded | GET /v1/memory      |
      | failed   | GET /v1/info        |
      | failed   | GET /v1/models      |
      | failed   | GET /v1/models/{id} |
      | failed   | GET /v1/memory      |

  @REQ-009-005 @capability:models.load
  Scenario Outline: [009-05b] in <state>, a model is deleted and an unknown one is not found, as in ready
    Given the conformance model "cm-tiny" is loaded
    And the conformance model "cm-small" is loaded
    And the runtime has been put in state "<state>"
    When the admin sends DELETE "/v1/models/cm-tiny"
    Then the request succeeds with status 204 and no body
    And the model list is exactly "cm-small"
    And the runtime state reads "<state>" with 1 model
    And the model "cm-tiny" is not loaded

    Examples:
      | state    |
      | draining |
      | degraded |
      | failed   |

  @REQ-009-006 @capability:models.load @capability:route
  Scenario Outline: [009-06a] in degraded, a route of <model> at layer <layer> gives the result it gives in ready
    Given the conformance model "<model>" is loaded
    And the admin routes fixture inputs 0 to 15 of "<model>" at layer <layer>
    And the routing result is remembered as "ready"
    And the runtime has been put in state "degraded"
    When the admin repeats the route request remembered as "ready"
    Then the routing result is identical to the one remembered as "ready"

    Examples:
      | model        | layer |
      | cm-small     | 1     |
      | cm-tie       | 0     |
      | cm-fwd-small | 1     |

  @REQ-009-006 @capability:models.load @capability:forward
  Scenario Outline: [009-06b] in degraded, a forward on <model> gives the result it gives in ready
    Given the model "<model>" is loaded
    And the admin forwards the fixture sequences of "<model>" with "trace and logits"
    And the forward result is remembered as "ready"
    And the runtime has been put in state "degraded"
    When the admin repeats the forward request remembered as "ready"
    Then the forward result is identical to the one remembered as "ready"

    Examples:
      | model        |
      | cm-fwd-small |
      | default      |

  @REQ-009-007 @capability:models.load @capability:forward
  Scenario Outline: [009-07a] after <state> and <transition>, work is served again with the same results
    Given the model "cm-fwd-small" is loaded
    And the admin forwards the fixture sequences of "cm-fwd-small" with "trace and logits"
    And the forward result is remembered as "before"
    And the runtime has been put in state "<state>"
    And the runtime state is remembered
    When the admin applies the transition "<transition>"
    And the admin repeats the forward request remembered as "before"
    Then the forward result is identical to the one remembered as "before"
    And the runtime state reads "ready" with 1 model and since 1 above the remembered one

    Examples:
      | state    | transition |
      | draining | resume     |
      | degraded | recover    |

  @REQ-009-007 @capability:models.load
  Scenario: [009-07b] after a reset from failed, models load again
    Given the runtime has been put in state "failed"
    And the runtime is reset
    When the admin loads the conformance model "cm-small"
    Then the response status is 201

  @REQ-009-009 @capability:models.load @capability:forward
  Scenario: [009-09a] a forward admitted before a drain completes normally
    Given the conformance model "cm-fwd-small" is loaded
    And the admin forwards the sequences "hello" through "cm-fwd-small" with "trace and logits"
    And the forward result is remembered as "without delay"
    And the forward delay is set to 300 ms per layer
    When the admin repeats the forward request remembered as "without delay" while the runtime is drained
    Then the forward result is identical to the one remembered as "without delay"
    And the runtime state reads "draining" with 1 model
