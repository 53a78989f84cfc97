@SPEC-000 @production
Feature: Production mode has no control API
  A runtime started in production mode reports that mode and answers every path under /v1/conformance/ exactly as a
  path that does not exist, whatever the method and whatever the credential, the admin's included.

  @REQ-000-007
  Scenario: [000-07a] the production-mode runtime reports mode production
    When an anonymous client sends GET "/v1/info" to the production-mode runtime
    Then the info document declares mode "production"

  @REQ-000-007
  Scenario Outline: [000-07b] <method> <path> from the admin in production mode is an unknown route
    When the admin sends <method> "<path>" to the production-mode runtime
    Then the production-mode response is the same as for an unknown route

    Examples: reset
      | method | path                  |
      | POST   | /v1/conformance/reset |
      | GET    | /v1/conformance/reset |
      | DELETE | /v1/conformance/reset |
    Examples: seed
      | method | path                 |
      | GET    | /v1/conformance/seed |
      | PUT    | /v1/conformance/seed |
      | POST   | /v1/conformance/seed |
      | DELETE | /v1/conformance/seed |
    Examples: tenants
      | method | path                    |
      | POST   | /v1/conformance/tenants |
      | GET    | /v1/conformance/tenants |
      | PATCH  | /v1/conformance/tenants |
    Examples: the control paths of protocol 1.1
      | method | path                          |
      | POST   | /v1/conformance/state         |
      | GET    | /v1/conformance/state         |
      | PUT    | /v1/conformance/delay         |
      | PUT    | /v1/conformance/memory-budget |
      | GET    | /v1/conformance/memory-budget |
    Examples: other control paths
      | method | path                          |
      | GET    | /v1/conformance               |
      | GET    | /v1/conformance/info          |
      | POST   | /v1/conformance/tenants/t1    |
      | PUT    | /v1/conformance/no-such-power |

  @REQ-000-007
  Scenario Outline: [000-07c] <method> <path> from <who> in production mode is an unknown route
    When <who> sends <method> "<path>" to the production-mode runtime
    Then the production-mode response is the same as for an unknown route

    Examples:
      | who                                   | method | path                    |
      | an anonymous client                   | POST   | /v1/conformance/reset   |
      | an anonymous client                   | GET    | /v1/conformance/seed    |
      | a client with an unknown token        | POST   | /v1/conformance/tenants |
      | a client with an unknown token        | PUT    | /v1/conformance/seed    |
      | a client with a non-bearer credential | POST   | /v1/conformance/reset   |

  @REQ-000-007
  Scenario Outline: [000-07d] a well-formed <method> <path> body from the admin in production mode is an unknown route
    When the admin sends <method> "<path>" to the production-mode runtime with body:
      """
      <body>
      """
    Then the production-mode response is the same as for an unknown route

    Examples:
      | method | path                          | body                    |
      | PUT    | /v1/conformance/seed          | {"seed": "42"}          |
      | POST   | /v1/conformance/tenants       | {"name": "t1"}          |
      | POST   | /v1/conformance/reset         | {}                      |
      | POST   | /v1/conformance/state         | {"transition": "drain"} |
      | PUT    | /v1/conformance/delay         | {"perLayerMs": 5}       |
      | PUT    | /v1/conformance/memory-budget | {"bytes": 1}            |

  @REQ-000-007 @capability:models.load
  Scenario: [000-07e] a reset sent to the production-mode runtime unloads nothing
    Given the production-mode runtime has the conformance model "cm-tiny" loaded
    When the admin sends POST "/v1/conformance/reset" to the production-mode runtime
    Then the production-mode response is the same as for an unknown route
    And the production-mode runtime still lists the model "cm-tiny"
