@SPEC-000
Feature: Runtime identity, claims and declared limits
  GET /v1/info is open to every client. It tells the harness which runtime it talks to, which protocol version,
  mode, profiles and capabilities it claims, and which limits it promises to enforce.

  @REQ-000-001 @REQ-000-019
  Scenario Outline: [000-01a] GET /v1/info answers <who> with a schema-valid info document of protocol 1.x
    Given a tenant "t1" is provisioned
    When <who> sends GET "/v1/info"
    Then the request succeeds with status 200 and a body valid against "protocol/info"
    And the info document declares protocol major version 1
    And the info document names the runtime and its version

    Examples:
      | who                                   |
      | an anonymous client                   |
      | a client with an unknown token        |
      | a client with a non-bearer credential |
      | tenant "t1"                           |
      | the admin                             |

  @REQ-000-002
  Scenario: [000-02a] the runtime claims the core profile and the capabilities core requires
    When an anonymous client sends GET "/v1/info"
    Then the info document declares profile "core"
    And the info document declares capability "models.load"
    And the info document declares capability "route"

  @REQ-000-003
  Scenario: [000-03a] every declared limit lies within the core bounds
    When an anonymous client sends GET "/v1/info"
    Then the info document declares limits within these bounds:
      | limit               | minimum | maximum  |
      | maxDModel           | 32      | 4096     |
      | maxTokensPerRequest | 64      | none     |
      | maxManifestBytes    | 65536   | 16777216 |
      | maxShardBytes       | 1048576 | none     |
      | maxModels           | 4       | 1024     |
