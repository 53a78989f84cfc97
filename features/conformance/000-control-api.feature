@SPEC-000
Feature: The control API in conformance mode
  Reset, the routing seed override and tenant provisioning make black-box scenarios reproducible. Each does exactly
  what it says, observed through the runtime API and the control API themselves.

  @REQ-000-008 @capability:models.load
  Scenario: [000-08a] reset unloads every model, deletes every tenant and clears the seed override
    Given the conformance model "cm-tiny" is loaded
    And the conformance model "cm-small" is loaded
    And a tenant "t1" is provisioned
    And the routing seed is set to "42"
    When the admin sends POST "/v1/conformance/reset"
    Then the request succeeds with status 200 and a body valid against "protocol/reset-response"
    And the response body is the JSON:
      """
      {"reset": true}
      """
    And the model list is empty
    And the runtime state reports 0 loaded models
    And the routing seed override is cleared
    And tenant "t1" is refused by the runtime API with E_AUTH_INVALID_CREDENTIAL
    And the admin is admitted by the runtime API
    And the admin can provision tenant "t1"

  @REQ-000-008 @capability:models.load
  Scenario: [000-08b] reset accepts an empty JSON object as its body
    Given the conformance model "cm-tiny" is loaded
    And the routing seed is set to "42"
    When the admin sends POST "/v1/conformance/reset" with body:
      """
      {}
      """
    Then the request succeeds with status 200 and a body valid against "protocol/reset-response"
    And the model list is empty
    And the runtime state reports 0 loaded models
    And the routing seed override is cleared

  @REQ-000-009
  Scenario: [000-09a] with no override set, the seed override reads null
    When the admin sends GET "/v1/conformance/seed"
    Then the request succeeds with status 200 and a body valid against "protocol/seed-response"
    And the response body is the JSON:
      """
      {"seed": null}
      """

  @REQ-000-009
  Scenario Outline: [000-09b] the seed override <seed> is stored, echoed and read back
    When the admin sets the routing seed to "<seed>"
    Then the request succeeds with status 200 and a body valid against "protocol/seed-response"
    And the response body is the JSON:
      """
      {"seed": "<seed>"}
      """
    And the routing seed override reads "<seed>"

    Examples:
      | seed                 |
      | 0                    |
      | 42                   |
      | 9007199254740993     |
      | 18446744073709551615 |

  @REQ-000-009
  Scenario: [000-09c] a later override replaces an earlier one
    Given the routing seed is set to "1"
    When the admin sets the routing seed to "2"
    Then the request succeeds with status 200 and a body valid against "protocol/seed-response"
    And the routing seed override reads "2"

  @REQ-000-009
  Scenario Outline: [000-09d] the seed "<seed>" (<defect>) is refused with E_CONTROL_SEED_INVALID
    Given the routing seed is set to "7"
    When the admin sets the routing seed to "<seed>"
    Then the request fails with E_CONTROL_SEED_INVALID and the state is unchanged
    And the routing seed override reads "7"

    Examples:
      | seed                  | defect               |
      | 01                    | a leading zero       |
      | 00                    | a leading zero       |
      | -1                    | a sign               |
      | +1                    | a sign               |
      | 18446744073709551616  | 2^64, one beyond u64 |
      | 99999999999999999999  | beyond u64           |
      | 184467440737095516150 | 21 digits            |
      |                       | empty                |
      | 1.0                   | a decimal point      |
      | 1e3                   | an exponent          |
      | 0x10                  | hexadecimal          |
      | 4_2                   | a digit separator    |
      | seven                 | no digits            |

  @REQ-000-010
  Scenario: [000-10a] a new tenant gets a fresh token that the runtime API admits
    When the admin sends POST "/v1/conformance/tenants" with body:
      """
      {"name": "t1"}
      """
    Then the request succeeds with status 201 and a body valid against "protocol/tenant-response"
    And the response names tenant "t1" with a new token
    And tenant "t1" is admitted by the runtime API

  @REQ-000-010
  Scenario: [000-10b] two tenants hold distinct tokens, both admitted
    Given a tenant "t1" is provisioned
    And a tenant "t2" is provisioned
    Then tenants "t1" and "t2" hold distinct tokens
    And tenant "t1" is admitted by the runtime API
    And tenant "t2" is admitted by the runtime API

  @REQ-000-010
  Scenario: [000-10c] a name in use is refused with E_CONTROL_TENANT_EXISTS and its tenant keeps its token
    Given a tenant "t1" is provisioned
    When the admin sends POST "/v1/conformance/tenants" with body:
      """
      {"name": "t1"}
      """
    Then the request fails with E_CONTROL_TENANT_EXISTS and the state is unchanged
    And tenant "t1" is admitted by the runtime API

  @REQ-000-019
  Scenario Outline: [000-19a] the success response of <route> has its schema and the JSON media type
    When the admin sends a well-formed "<route>" request
    Then the request succeeds with the status and body schema of "<route>"

    Examples:
      | route                        |
      | GET /v1/info                 |
      | GET /v1/state                |
      | GET /v1/models               |
      | POST /v1/models              |
      | POST /v1/conformance/reset   |
      | PUT /v1/conformance/seed     |
      | GET /v1/conformance/seed     |
      | POST /v1/conformance/tenants |

  @REQ-000-019 @capability:models.load @capability:route
  Scenario Outline: [000-19b] the success response of <route> on a loaded model has its schema
    Given the conformance model "cm-tiny" is loaded
    When the admin sends a well-formed "<route>" request
    Then the request succeeds with the status and body schema of "<route>"

    Examples:
      | route                  |
      | GET /v1/models/{id}    |
      | POST /v1/route         |
      | DELETE /v1/models/{id} |

  @REQ-000-019
  Scenario Outline: [000-19c] the failure of <what> is a schema-valid error envelope served as JSON
    Given a tenant "t1" is provisioned
    When <who> sends <method> "<path>"
    Then the request fails with <code>
    And the error envelope has exactly the members code, domain, message and retryable

    Examples:
      | what                         | who                 | method | path                  | code                          |
      | a request without credential | an anonymous client | GET    | /v1/models            | E_AUTH_MISSING_CREDENTIAL     |
      | a tenant on the control API  | tenant "t1"         | POST   | /v1/conformance/reset | E_AUTH_FORBIDDEN              |
      | an unknown path              | the admin           | GET    | /v1/nope              | E_PROTOCOL_NOT_FOUND          |
      | a wrong method               | the admin           | DELETE | /v1/models            | E_PROTOCOL_METHOD_NOT_ALLOWED |
      | a model that is not loaded   | the admin           | GET    | /v1/models/cm-small   | E_MODEL_NOT_FOUND             |
