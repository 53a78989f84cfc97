@SPEC-007
Feature: The order of checks when a request fails several
  Path, then method, then credential, then media type, then body size, then JSON and schema, then the route's own
  checks in its spec's order: the first failing check decides the code.

  @REQ-007-011 @capability:models.load
  Scenario Outline: [007-11a] <who> sending a body with <faults> gets <code>
    Given a tenant "t1" is provisioned
    And the conformance model "cm-tiny" is loaded
    When <who> sends <method> "<path>" with body:
      """
      <body>
      """
    Then the request fails with <code> and the state is unchanged

    Examples: the credential before the body
      | faults                               | who                            | method | path                 | body                | code                      |
      | no credential and malformed JSON     | an anonymous client            | POST   | /v1/route            | {"model":           | E_AUTH_MISSING_CREDENTIAL |
      | an unknown token and an invalid body | a client with an unknown token | POST   | /v1/models           | {"manifestUrl": 42} | E_AUTH_INVALID_CREDENTIAL |
      | a tenant on control and a bad seed   | tenant "t1"                    | PUT    | /v1/conformance/seed | {"seed": "01"}      | E_AUTH_FORBIDDEN          |
      | a tenant on control and bad JSON     | tenant "t1"                    | PUT    | /v1/conformance/seed | {"seed":            | E_AUTH_FORBIDDEN          |
    Examples: the schema before the route's own checks
      | faults                              | who       | method | path      | body                                                      | code                   |
      | a string layer and an unknown model | the admin | POST   | /v1/route | {"model": "cm-absent", "layer": "0", "hidden": [[0]]}     | E_PROTOCOL_BAD_REQUEST |
      | an extra member and a bad layer     | the admin | POST   | /v1/route | {"model": "cm-tiny", "layer": 9, "hidden": [[0]], "x": 1} | E_PROTOCOL_BAD_REQUEST |
    Examples: the route's checks in SPEC-003 order
      | faults                                 | who       | method | path      | body                                                                                    | code              |
      | an unknown model, bad layer and shape  | the admin | POST   | /v1/route | {"model": "cm-absent", "layer": 9, "hidden": []}                                        | E_MODEL_NOT_FOUND |
      | a bad layer and no rows                | the admin | POST   | /v1/route | {"model": "cm-tiny", "layer": 9, "hidden": []}                                          | E_ROUTING_LAYER   |
      | a negative layer and a non-finite row  | the admin | POST   | /v1/route | {"model": "cm-tiny", "layer": -1, "hidden": [[1e400,0,0,0,0,0,0,0]]}                    | E_ROUTING_LAYER   |
      | a short row holding a non-finite value | the admin | POST   | /v1/route | {"model": "cm-tiny", "layer": 0, "hidden": [[1e400]]}                                   | E_ROUTING_SHAPE   |
      | a good row, then a long non-finite row | the admin | POST   | /v1/route | {"model": "cm-tiny", "layer": 0, "hidden": [[0,0,0,0,0,0,0,0],[1e400,0,0,0,0,0,0,0,0]]} | E_ROUTING_SHAPE   |

  @REQ-007-011
  Scenario Outline: [007-11b] <who> sending <method> <path> gets <code>: path and method come before the credential
    Given a tenant "t1" is provisioned
    When <who> sends <method> "<path>"
    Then the request fails with <code> and the state is unchanged

    Examples:
      | who                            | method | path                  | code                          |
      | an anonymous client            | GET    | /v1/no-such-route     | E_PROTOCOL_NOT_FOUND          |
      | a client with an unknown token | DELETE | /v1/models/cm-x/y     | E_PROTOCOL_NOT_FOUND          |
      | an anonymous client            | DELETE | /v1/route             | E_PROTOCOL_METHOD_NOT_ALLOWED |
      | a client with an unknown token | GET    | /v1/conformance/reset | E_PROTOCOL_METHOD_NOT_ALLOWED |
      | tenant "t1"                    | PUT    | /v1/conformance/seed  | E_AUTH_FORBIDDEN              |

  @REQ-007-011
  Scenario: [007-11c] an unknown token with a text/plain body gets E_AUTH_INVALID_CREDENTIAL
    When a client with an unknown token sends POST "/v1/route" with content type "text/plain" and body:
      """
      not json at all
      """
    Then the request fails with E_AUTH_INVALID_CREDENTIAL and the state is unchanged

  @REQ-007-011
  Scenario: [007-11d] a text/plain body that is not JSON gets E_PROTOCOL_UNSUPPORTED_MEDIA_TYPE
    When the admin sends POST "/v1/route" with content type "text/plain" and body:
      """
      {"model":
      """
    Then the request fails with E_PROTOCOL_UNSUPPORTED_MEDIA_TYPE and the state is unchanged

  @REQ-007-011
  Scenario: [007-11e] a text/plain body of 64 MiB + 1 byte gets E_PROTOCOL_UNSUPPORTED_MEDIA_TYPE
    When the admin sends POST "/v1/route" with content type "text/plain" and a body of 67108865 bytes
    Then the request fails with E_PROTOCOL_UNSUPPORTED_MEDIA_TYPE and the state is unchanged

  @REQ-007-011
  Scenario: [007-11f] a JSON body of 64 MiB + 1 byte that fails the schema gets E_PROTOCOL_PAYLOAD_TOO_LARGE
    When the admin sends POST "/v1/route" with a body of 67108865 bytes
    Then the request fails with E_PROTOCOL_PAYLOAD_TOO_LARGE and the state is unchanged

  @REQ-007-011
  Scenario: [007-11g] no credential with a body of 64 MiB + 1 byte gets E_AUTH_MISSING_CREDENTIAL
    When an anonymous client sends POST "/v1/route" with a body of 67108865 bytes
    Then the request fails with E_AUTH_MISSING_CREDENTIAL and the state is unchanged
