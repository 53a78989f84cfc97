@SPEC-007
Feature: Protocol-level failures and the order of checks
  Unknown paths, wrong methods, bodies of another media type, oversized bodies and malformed or schema-invalid JSON
  each have their code; when a request fails several checks, the first in the SPEC-007 order decides.

  @REQ-007-006
  Scenario Outline: [007-06a] <method> <path> from <who> matches no route and fails with E_PROTOCOL_NOT_FOUND
    When <who> sends <method> "<path>"
    Then the request fails with E_PROTOCOL_NOT_FOUND and the state is unchanged

    Examples:
      | method | path                     | who                            |
      | GET    | /v1/nope                 | the admin                      |
      | GET    | /v1/nope                 | an anonymous client            |
      | POST   | /v1/models/cm-tiny/extra | a client with an unknown token |
      | DELETE | /v2/models               | the admin                      |
      | GET    | /                        | an anonymous client            |
      | GET    | /v1/info/details         | the admin                      |
      | PATCH  | /v1/routes               | the admin                      |
      | GET    | /v1/conformance/nope     | an anonymous client            |
      | PUT    | /v1/conformance/nope     | the admin                      |

  @REQ-007-007
  Scenario Outline: [007-07a] <method> <path> is refused with E_PROTOCOL_METHOD_NOT_ALLOWED (<who>)
    When <who> sends <method> "<path>"
    Then the request fails with E_PROTOCOL_METHOD_NOT_ALLOWED and the state is unchanged

    Examples:
      | method | path                    | who                 |
      | PUT    | /v1/info                | the admin           |
      | POST   | /v1/info                | an anonymous client |
      | PATCH  | /v1/models              | the admin           |
      | PUT    | /v1/models              | the admin           |
      | GET    | /v1/route               | the admin           |
      | DELETE | /v1/route               | the admin           |
      | DELETE | /v1/state               | the admin           |
      | POST   | /v1/models/cm-tiny      | the admin           |
      | PUT    | /v1/models/cm-tiny      | the admin           |
      | GET    | /v1/conformance/reset   | the admin           |
      | DELETE | /v1/conformance/seed    | the admin           |
      | GET    | /v1/conformance/tenants | the admin           |

  @REQ-007-008 @capability:models.load
  Scenario Outline: [007-08a] a <type> body on <method> <path> fails with E_PROTOCOL_UNSUPPORTED_MEDIA_TYPE
    Given the conformance model "cm-tiny" is loaded
    And the routing seed is set to "77"
    When the admin sends <method> "<path>" with content type "<type>" and body:
      """
      <body>
      """
    Then the request fails with E_PROTOCOL_UNSUPPORTED_MEDIA_TYPE and the state is unchanged

    Examples:
      | method | path                    | type                              | body                                                            |
      | POST   | /v1/route               | text/plain                        | {"model": "cm-tiny", "layer": 0, "hidden": [[0,0,0,0,0,0,0,0]]} |
      | POST   | /v1/route               | application/json-patch+json       | {"model": "cm-tiny", "layer": 0, "hidden": [[0,0,0,0,0,0,0,0]]} |
      | POST   | /v1/models              | application/x-www-form-urlencoded | manifestUrl=http%3A%2F%2F127.0.0.1%3A1%2Fm.json                 |
      | PUT    | /v1/conformance/seed    | text/plain                        | {"seed": "5"}                                                   |
      | POST   | /v1/conformance/tenants | text/json                         | {"name": "t2"}                                                  |

  @REQ-007-008 @capability:models.load @capability:route
  Scenario: [007-08b] a media type parameter such as charset leaves the body acceptable
    Given the conformance model "cm-tiny" is loaded
    When the admin sends POST "/v1/route" with content type "application/json; charset=utf-8" and body:
      """
      {"model": "cm-tiny", "layer": 0, "hidden": [[0, 0, 0, 0, 0, 0, 0, 0]]}
      """
    Then the request succeeds with status 200 and a body valid against "protocol/route-result"

  @REQ-007-009 @capability:models.load
  Scenario Outline: [007-09a] a body of 64 MiB + 1 byte on <path> fails with E_PROTOCOL_PAYLOAD_TOO_LARGE
    Given the conformance model "cm-tiny" is loaded
    When the admin sends POST "<path>" with a body of 67108865 bytes
    Then the request fails with E_PROTOCOL_PAYLOAD_TOO_LARGE and the state is unchanged

    Examples:
      | path       |
      | /v1/route  |
      | /v1/models |

  @REQ-007-010
  Scenario: [007-10a] a body of 1 MiB is within every runtime's body limit and is judged as JSON
    When the admin sends POST "/v1/route" with a body of 1048576 bytes
    Then the request fails with E_PROTOCOL_BAD_REQUEST and the state is unchanged

  @REQ-007-010 @capability:models.load
  Scenario Outline: [007-10b] <method> <path> with <defect> fails with E_PROTOCOL_BAD_REQUEST
    Given the conformance model "cm-tiny" is loaded
    And the routing seed is set to "77"
    When the admin sends <method> "<path>" with body:
      """
      <body>
      """
    Then the request fails with E_PROTOCOL_BAD_REQUEST and the state is unchanged

    Examples: malformed JSON
      | method | path      | defect                 | body                                                                   |
      | POST   | /v1/route | an unterminated object | {"model": "cm-tiny", "layer": 0, "hidden": [[0,0,0,0,0,0,0,0]]         |
      | POST   | /v1/route | a NaN literal          | {"model": "cm-tiny", "layer": 0, "hidden": [[NaN,0,0,0,0,0,0,0]]}      |
      | POST   | /v1/route | an Infinity literal    | {"model": "cm-tiny", "layer": 0, "hidden": [[Infinity,0,0,0,0,0,0,0]]} |
      | POST   | /v1/route | a trailing comma       | {"model": "cm-tiny", "layer": 0, "hidden": [[0,0,0,0,0,0,0,0]],}       |
      | POST   | /v1/route | single quotes          | {'model': 'cm-tiny', 'layer': 0, 'hidden': [[0,0,0,0,0,0,0,0]]}        |
    Examples: route requests against their schema
      | method | path      | defect              | body                                                                    |
      | POST   | /v1/route | an array body       | [1, 2]                                                                  |
      | POST   | /v1/route | an extra member     | {"model": "cm-tiny", "layer": 0, "hidden": [[0,0,0,0,0,0,0,0]], "x": 1} |
      | POST   | /v1/route | no layer            | {"model": "cm-tiny", "hidden": [[0,0,0,0,0,0,0,0]]}                     |
      | POST   | /v1/route | no hidden           | {"model": "cm-tiny", "layer": 0}                                        |
      | POST   | /v1/route | a string layer      | {"model": "cm-tiny", "layer": "0", "hidden": [[0,0,0,0,0,0,0,0]]}       |
      | POST   | /v1/route | a fractional layer  | {"model": "cm-tiny", "layer": 0.5, "hidden": [[0,0,0,0,0,0,0,0]]}       |
      | POST   | /v1/route | a flat hidden       | {"model": "cm-tiny", "layer": 0, "hidden": [0,0,0,0,0,0,0,0]}           |
      | POST   | /v1/route | a string element    | {"model": "cm-tiny", "layer": 0, "hidden": [["0",0,0,0,0,0,0,0]]}       |
      | POST   | /v1/route | a null element      | {"model": "cm-tiny", "layer": 0, "hidden": [[null,0,0,0,0,0,0,0]]}      |
      | POST   | /v1/route | a numeric model     | {"model": 7, "layer": 0, "hidden": [[0,0,0,0,0,0,0,0]]}                 |
      | POST   | /v1/route | an upper-case model | {"model": "CM-TINY", "layer": 0, "hidden": [[0,0,0,0,0,0,0,0]]}         |
    Examples: control and load requests against their schemas
      | method | path                    | defect                | body                                                 |
      | POST   | /v1/models              | no manifestUrl        | {}                                                   |
      | POST   | /v1/models              | a numeric manifestUrl | {"manifestUrl": 42}                                  |
      | POST   | /v1/models              | an ftp manifestUrl    | {"manifestUrl": "ftp://example.invalid/m.json"}      |
      | POST   | /v1/models              | an extra member       | {"manifestUrl": "http://127.0.0.1:1/m.json", "x": 1} |
      | PUT    | /v1/conformance/seed    | a numeric seed        | {"seed": 42}                                         |
      | PUT    | /v1/conformance/seed    | no seed               | {}                                                   |
      | PUT    | /v1/conformance/seed    | an extra member       | {"seed": "1", "x": 2}                                |
      | POST   | /v1/conformance/tenants | a name with a space   | {"name": "bad name"}                                 |
      | POST   | /v1/conformance/tenants | no name               | {}                                                   |
      | POST   | /v1/conformance/reset   | a member              | {"everything": true}                                 |
