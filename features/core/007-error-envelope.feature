@SPEC-007
Feature: One error envelope with registered codes, statuses and retry flags
  Every failure is answered with the same JSON envelope. Its code is registered, its domain, HTTP status and retry
  flag are those of the registry, its message explains without revealing internals, and the failed request leaves
  the observable state exactly as it was.

  @REQ-007-001 @REQ-007-002 @REQ-007-003 @REQ-007-004
  Scenario Outline: [007-01a] <what> is answered with the registered envelope of <code>
    Given a tenant "t1" is provisioned
    When <who> sends <method> "<path>"
    Then the request fails with <code>
    And the error envelope has exactly the members code, domain, message and retryable

    Examples:
      | what                                   | who                            | method | path                 | code                          |
      | an unknown path                        | the admin                      | GET    | /v1/nope             | E_PROTOCOL_NOT_FOUND          |
      | a method the path does not accept      | the admin                      | PUT    | /v1/info             | E_PROTOCOL_METHOD_NOT_ALLOWED |
      | a request without a credential         | an anonymous client            | GET    | /v1/models           | E_AUTH_MISSING_CREDENTIAL     |
      | a request with an unknown token        | a client with an unknown token | GET    | /v1/state            | E_AUTH_INVALID_CREDENTIAL     |
      | a tenant on the control API            | tenant "t1"                    | GET    | /v1/conformance/seed | E_AUTH_FORBIDDEN              |
      | a lookup of a model that is not loaded | the admin                      | GET    | /v1/models/cm-small  | E_MODEL_NOT_FOUND             |

  @REQ-007-001 @REQ-007-002 @REQ-007-003 @REQ-007-004 @capability:models.load
  Scenario Outline: [007-01b] <what> is answered with the registered envelope of <code>
    Given a tenant "t1" is provisioned
    And the conformance model "cm-tiny" is loaded
    When the admin sends <method> "<path>" with body:
      """
      <body>
      """
    Then the request fails with <code>
    And the error envelope has exactly the members code, domain, message and retryable

    Examples:
      | what                    | method | path                    | body                                                                | code                    |
      | malformed JSON          | POST   | /v1/route               | {"model": "cm-tiny", "layer": 0,                                    | E_PROTOCOL_BAD_REQUEST  |
      | a layer out of range    | POST   | /v1/route               | {"model": "cm-tiny", "layer": 5, "hidden": [[0,0,0,0,0,0,0,0]]}     | E_ROUTING_LAYER         |
      | a row of the wrong size | POST   | /v1/route               | {"model": "cm-tiny", "layer": 0, "hidden": [[0]]}                   | E_ROUTING_SHAPE         |
      | a non-finite element    | POST   | /v1/route               | {"model": "cm-tiny", "layer": 0, "hidden": [[1e400,0,0,0,0,0,0,0]]} | E_ROUTING_NOT_FINITE    |
      | a non-canonical seed    | PUT    | /v1/conformance/seed    | {"seed": "01"}                                                      | E_CONTROL_SEED_INVALID  |
      | a tenant name in use    | POST   | /v1/conformance/tenants | {"name": "t1"}                                                      | E_CONTROL_TENANT_EXISTS |

  @REQ-007-001 @REQ-007-002 @REQ-007-003 @REQ-007-004 @capability:models.load
  Scenario Outline: [007-01c] a load refused for <defect> is answered with the registered envelope of <code>
    Given the conformance model "cm-small" is loaded
    When the admin loads the conformance model "<name>"
    Then the request fails with <code>
    And the error envelope has exactly the members code, domain, message and retryable

    Examples:
      | defect                     | name              | code                     |
      | a conflicting manifest     | cm-small-reseeded | E_MODEL_CONFLICT         |
      | a shard that is not served | cm-noshard        | E_MODEL_FETCH_FAILED     |
      | an invalid descriptor      | cm-badk           | E_MODEL_MANIFEST_INVALID |
      | a shard hash mismatch      | cm-corrupt        | E_MODEL_INTEGRITY        |
      | an invalid shard header    | cm-badheader      | E_MODEL_FORMAT           |
      | a manifest over its limit  | cm-oversize       | E_MODEL_LIMIT            |

  @REQ-007-001 @REQ-007-002 @REQ-007-003 @REQ-007-004 @capability:models.load
  Scenario: [007-01d] a load at capacity is answered with the registered envelope of E_MODEL_CAPACITY
    Given the runtime is filled to maxModels with capacity copies
    When the admin loads one more capacity copy
    Then the request fails with E_MODEL_CAPACITY
    And the error envelope has exactly the members code, domain, message and retryable

  @REQ-007-005 @capability:models.load
  Scenario Outline: [007-05a] a failed load of <name> leaves models, state and seed override as they were
    Given the conformance model "cm-tiny" is loaded
    And the conformance model "cm-small" is loaded
    And the routing seed is set to "77"
    When the admin loads the conformance model "<name>"
    Then the request fails with <code> and the state is unchanged
    And the model "<name>" is not loaded
    And the model list is exactly "cm-small, cm-tiny"

    Examples:
      | name         | code                     |
      | cm-corrupt   | E_MODEL_INTEGRITY        |
      | cm-truncated | E_MODEL_FORMAT           |
      | cm-badheader | E_MODEL_FORMAT           |
      | cm-badshape  | E_MODEL_FORMAT           |
      | cm-noshard   | E_MODEL_FETCH_FAILED     |
      | cm-badk      | E_MODEL_MANIFEST_INVALID |
      | cm-badtie    | E_MODEL_MANIFEST_INVALID |
      | cm-badjson   | E_MODEL_MANIFEST_INVALID |
      | cm-oversize  | E_MODEL_LIMIT            |

  @REQ-007-005 @capability:models.load
  Scenario: [007-05b] a load refused at capacity leaves every loaded model in place
    Given the runtime is filled to maxModels with capacity copies
    And the routing seed is set to "77"
    When the admin loads one more capacity copy
    Then the request fails with E_MODEL_CAPACITY and the state is unchanged

  @REQ-007-005 @capability:models.load
  Scenario Outline: [007-05c] a failed <what> leaves models, state and seed override as they were
    Given a tenant "t1" is provisioned
    And the conformance model "cm-tiny" is loaded
    And the routing seed is set to "77"
    When <who> sends <method> "<path>" with body:
      """
      <body>
      """
    Then the request fails with <code> and the state is unchanged
    And tenant "t1" is admitted by the runtime API

    Examples:
      | what                      | who         | method | path                    | body                                              | code                    |
      | route of a bad layer      | the admin   | POST   | /v1/route               | {"model": "cm-tiny", "layer": 9, "hidden": [[0]]} | E_ROUTING_LAYER         |
      | seed change               | the admin   | PUT    | /v1/conformance/seed    | {"seed": "-5"}                                    | E_CONTROL_SEED_INVALID  |
      | tenant creation           | the admin   | POST   | /v1/conformance/tenants | {"name": "t1"}                                    | E_CONTROL_TENANT_EXISTS |
      | reset by a tenant         | tenant "t1" | POST   | /v1/conformance/reset   | {}                                                | E_AUTH_FORBIDDEN        |
      | load of a bad manifestUrl | the admin   | POST   | /v1/models              | {"manifestUrl": "ftp://example.invalid/m.json"}   | E_PROTOCOL_BAD_REQUEST  |

  @REQ-007-012 @capability:models.load
  Scenario Outline: [007-12a] the message of <code> reveals no stack trace, file system path or credential
    Given a tenant "t1" is provisioned
    When <who> sends <method> "<path>" with body:
      """
      <body>
      """
    Then the request fails with <code>
    And the error message reveals no stack trace, file system path or credential

    Examples:
      | who                            | method | path                 | body                                                  | code                      |
      | a client with an unknown token | POST   | /v1/route            | {}                                                    | E_AUTH_INVALID_CREDENTIAL |
      | tenant "t1"                    | PUT    | /v1/conformance/seed | {"seed": "1"}                                         | E_AUTH_FORBIDDEN          |
      | the admin                      | POST   | /v1/route            | {"model": [                                           | E_PROTOCOL_BAD_REQUEST    |
      | the admin                      | POST   | /v1/route            | {"model": "cm-tiny", "layer": 0, "hidden": [[0]]}     | E_MODEL_NOT_FOUND         |
      | the admin                      | POST   | /v1/models           | {"manifestUrl": "http://127.0.0.1:1/m/manifest.json"} | E_MODEL_FETCH_FAILED      |

  @REQ-007-012 @capability:models.load
  Scenario Outline: [007-12b] the message of a load refused with <code> reveals no internals (<name>)
    When the admin loads the conformance model "<name>"
    Then the request fails with <code>
    And the error message reveals no stack trace, file system path or credential

    Examples:
      | name         | code                     |
      | cm-badjson   | E_MODEL_MANIFEST_INVALID |
      | cm-badheader | E_MODEL_FORMAT           |
      | cm-noshard   | E_MODEL_FETCH_FAILED     |
