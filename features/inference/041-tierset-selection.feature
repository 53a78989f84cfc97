@SPEC-041 @capability:models.load @capability:forward
Feature: TierSet selection: the tiers a request may route to, by request or by deployment, narrowed by hardware
  Routing is observed in the traces of POST /v1/forward on cm-fwd-wide (8 tiers, k 1/2/2): every routed expert's tier,
  the k per level, and for well-separated tokens the exact experts of the oracle's masked routing. Deployments are set
  through PUT /v1/conformance/deployment; every scenario starts from the default deployment (the reset restores it).

  @REQ-041-001 @REQ-041-006
  Scenario Outline: [041-01] the tier set <tiers> confines every routed expert of cm-fwd-wide to it, ranked as SPEC-003 ranks
    Given the model "cm-fwd-wide" is loaded
    When the admin forwards the fixture sequences of "cm-fwd-wide" with routing '{"tierSet": <tiers>}'
    Then every traced expert lies in the tiers <tiers>
    And every trace entry routes 1 tiers, 2 groups per tier and 2 experts per group
    And the well-separated trace entries equal the oracle's routing under that policy

    Examples:
      | tiers        |
      | [2, 5, 7]    |
      | [0, 3, 4, 6] |
      | [6]          |

  @REQ-041-002
  Scenario: [041-02a] the deployment's default tier set applies to requests without one
    Given the model "cm-fwd-wide" is loaded
    And the deployment is set to:
      """
      {"models": [{"model": "cm-fwd-wide", "defaultTierSet": [1, 6]}]}
      """
    When the admin forwards the fixture sequences of "cm-fwd-wide" with routing '{}'
    Then every traced expert lies in the tiers [1, 6]
    And the well-separated trace entries equal the oracle's routing under that policy

  @REQ-041-002
  Scenario: [041-02b] a request's own tier set replaces the deployment's default
    Given the model "cm-fwd-wide" is loaded
    And the deployment is set to:
      """
      {"models": [{"model": "cm-fwd-wide", "defaultTierSet": [1, 6]}]}
      """
    When the admin forwards the fixture sequences of "cm-fwd-wide" with routing '{"tierSet": [3]}'
    Then every traced expert lies in the tiers [3]

  @REQ-041-003
  Scenario Outline: [041-03] the tier set <tiers> is refused with E_ROUTING_TIERSET by <route>
    Given the model "cm-fwd-wide" is loaded
    When the admin sends <route> for "cm-fwd-wide" with routing '{"tierSet": <tiers>}'
    Then the request fails with E_ROUTING_TIERSET and the state is unchanged

    Examples:
      | tiers     | route             |
      | []        | a forward request |
      | [2, 2]    | a forward request |
      | [8]       | a forward request |
      | [-1]      | a forward request |
      | [4, 1, 4] | a solve request   |
      | [0, 9]    | a solve request   |
      | [5, 5]    | a generation      |
      | []        | a generation      |

  @REQ-041-003
  Scenario: [041-03b] a default tier set naming a tier the model lacks is refused with E_ROUTING_TIERSET when used
    Given the model "cm-fwd-wide" is loaded
    And the deployment is set to:
      """
      {"models": [{"model": "cm-fwd-wide", "defaultTierSet": [3, 8]}]}
      """
    When the admin sends a forward request for "cm-fwd-wide" with routing '{}'
    Then the request fails with E_ROUTING_TIERSET and the state is unchanged

  @REQ-041-004
  Scenario: [041-04a] tiers served by an unavailable hardware class are never selected
    Given the model "cm-fwd-wide" is loaded
    And the deployment is set to:
      """
      {"hardwareClasses": [{"name": "gpu", "available": true, "expertNsPerMultiplyAdd": 1},
                           {"name": "cpu", "available": false, "expertNsPerMultiplyAdd": 6}],
       "defaultHardwareClass": "gpu",
       "models": [{"model": "cm-fwd-wide", "tierHardware": ["cpu", "cpu", "cpu", "cpu"]}]}
      """
    When the admin forwards the fixture sequences of "cm-fwd-wide" with routing '{}'
    Then every traced expert lies in the tiers [4, 5, 6, 7]

  @REQ-041-004
  Scenario: [041-04b] a request's tier set is narrowed to the tiers on available hardware
    Given the model "cm-fwd-wide" is loaded
    And the deployment is set to:
      """
      {"hardwareClasses": [{"name": "gpu", "available": true, "expertNsPerMultiplyAdd": 1},
                           {"name": "cpu", "available": false, "expertNsPerMultiplyAdd": 6}],
       "defaultHardwareClass": "gpu",
       "models": [{"model": "cm-fwd-wide", "tierHardware": ["cpu", "cpu", "cpu", "cpu"]}]}
      """
    When the admin forwards the fixture sequences of "cm-fwd-wide" with routing '{"tierSet": [2, 5]}'
    Then every traced expert lies in the tiers [5]

  @REQ-041-005
  Scenario Outline: [041-05] no tier of <tiers> is on available hardware: <route> is refused with E_ROUTING_HARDWARE
    Given the model "cm-fwd-wide" is loaded
    And the deployment is set to:
      """
      {"hardwareClasses": [{"name": "gpu", "available": true, "expertNsPerMultiplyAdd": 1},
                           {"name": "cpu", "available": false, "expertNsPerMultiplyAdd": 6}],
       "defaultHardwareClass": "gpu",
       "models": [{"model": "cm-fwd-wide", "tierHardware": ["cpu", "cpu", "cpu", "cpu"]}]}
      """
    When the admin sends <route> for "cm-fwd-wide" with routing '{"tierSet": <tiers>}'
    Then the request fails with E_ROUTING_HARDWARE and the state is unchanged

    Examples:
      | tiers  | route             |
      | [0, 3] | a forward request |
      | [1]    | a solve request   |
      | [2, 0] | a generation      |

  @REQ-041-007
  Scenario: [041-07a] GET /v1/deployment reports the deployment set
    Given a tenant "reader" is provisioned
    And the deployment is set to:
      """
      {"hardwareClasses": [{"name": "npu", "available": true, "expertNsPerMultiplyAdd": 0.5},
                           {"name": "cpu", "available": false, "expertNsPerMultiplyAdd": 6}],
       "defaultHardwareClass": "npu",
       "models": [{"model": "cm-fwd-wide", "tierHardware": ["cpu"], "defaultTierSet": [0, 2]},
                  {"model": "cm-fwd-small", "tierHardware": [], "defaultTierSet": null}],
       "costModel": {"routerCostPerMultiplyAdd": 0.25, "expertCostPerMultiplyAdd": 3,
                     "routerNsPerMultiplyAdd": 2, "fixedLatencyMs": 0.125}}
      """
    When tenant "reader" reads the deployment
    Then the deployment document is the one set, classes by name and models by id

  @REQ-041-007
  Scenario: [041-07b] after a reset GET /v1/deployment reports the default deployment
    Given a tenant "reader" is provisioned
    And the deployment is set to:
      """
      {"hardwareClasses": [{"name": "npu", "available": true, "expertNsPerMultiplyAdd": 0.5},
                           {"name": "cpu", "available": false, "expertNsPerMultiplyAdd": 6}],
       "defaultHardwareClass": "npu",
       "models": [{"model": "cm-fwd-wide", "tierHardware": ["cpu"], "defaultTierSet": [0, 2]},
                  {"model": "cm-fwd-small", "tierHardware": [], "defaultTierSet": null}],
       "costModel": {"routerCostPerMultiplyAdd": 0.25, "expertCostPerMultiplyAdd": 3,
                     "routerNsPerMultiplyAdd": 2, "fixedLatencyMs": 0.125}}
      """
    And the runtime is reset
    When the admin reads the deployment
    Then the deployment document is the default deployment
