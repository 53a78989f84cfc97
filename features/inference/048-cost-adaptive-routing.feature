@SPEC-048 @capability:models.load @capability:forward
Feature: Cost-adaptive routing: the cost of a routing, a cost cap lowering k in a fixed order, the cost charged
  Costs follow SPEC-048 §4.1 from the deployment's cost model (the default deployment prices every multiply-add at one
  unit). Caps lie between degradation steps; the oracle gives each step's cost. Generations are greedy and end by
  length, so the rows they executed follow from their usage counts.

  @REQ-048-001
  Scenario Outline: [048-01] every token forwarded through <model> with '<routing>' reports the FLOPs of the routing it ran under
    Given the model "<model>" is loaded
    When the admin forwards the fixture sequences of "<model>" with routing '<routing>'
    Then every forward token reports the router and expert FLOPs of the routing it ran under, and SPEC-005's others

    Examples:
      | model        | routing                                 |
      | cm-fwd-wide  | {"tierSet": [2, 5, 7]}                  |
      | cm-fwd-wide  | {"tierSet": [0], "budget": {"maxCost": 12000}} |
      | cm-fwd-small | {"tierSet": [1]}                        |
      | cm-fwd-small | {"budget": {"maxCost": 9500}}           |

  @REQ-048-002 @REQ-048-005
  Scenario Outline: [048-02] a cap of <maxCost> on cm-fwd-small lowers the routing to k <k>
    Given the model "cm-fwd-small" is loaded
    When the admin asks for the budget solution of "cm-fwd-small" with '{"maxCost": <maxCost>}'
    Then the budget solution is the oracle's, with k <k> on tiers [0, 1]

    Examples:
      | maxCost | k     |
      | 15744   | 1/2/2 |
      | 15743   | 1/2/1 |
      | 12000   | 1/2/1 |
      | 9500    | 1/1/1 |

  @REQ-048-002 @REQ-048-005
  Scenario Outline: [048-02b] under dearer experts a cap of <maxCost> on cm-fwd-small lowers the routing to k <k>
    Given the model "cm-fwd-small" is loaded
    And the deployment is set to:
      """
      {"costModel": {"routerCostPerMultiplyAdd": 0.5, "expertCostPerMultiplyAdd": 2,
                     "routerNsPerMultiplyAdd": 1, "fixedLatencyMs": 0}}
      """
    When the admin asks for the budget solution of "cm-fwd-small" with '{"maxCost": <maxCost>}'
    Then the budget solution is the oracle's, with k <k> on tiers [0, 1]

    Examples:
      | maxCost | k     |
      | 30912   | 1/2/2 |
      | 20000   | 1/2/1 |
      | 18000   | 1/1/1 |

  @REQ-048-002
  Scenario: [048-02c] a forward request capped between degradation steps runs with expert k lowered first
    Given the model "cm-fwd-small" is loaded
    When the admin forwards the fixture sequences of "cm-fwd-small" with routing '{"budget": {"maxCost": 12000}}'
    Then the forward trace follows the budget solution for the same model and routing
    And every trace entry routes 1 tiers, 2 groups per tier and 1 experts per group

  @REQ-048-003
  Scenario Outline: [048-03] a cap of <maxCost> below k 1/1/1 on <model> is refused with E_BUDGET_COST by <route>
    Given the model "<model>" is loaded
    When the admin sends <route> for "<model>" with routing '{"budget": {"maxCost": <maxCost>}}'
    Then the request fails with E_BUDGET_COST and the state is unchanged

    Examples:
      | model        | maxCost | route             |
      | cm-fwd-small | 6399    | a solve request   |
      | cm-fwd-small | 6000    | a forward request |
      | default      | 20000   | a generation      |

  @REQ-048-004
  Scenario Outline: [048-04] a generation from default with '<routing>' is charged the cost of the rows it executed
    Given the built-in model "default" is loaded
    When the admin generates from "hello" of "default" with '<options>'
    Then the generation's usage.cost is the cost of its executed rows under the routing of '<routing>'

    Examples:
      | routing                        | options                                                    |
      | {}                             | {"maxTokens": 4}                                           |
      | {"budget": {"maxCost": 40000}} | {"maxTokens": 5, "budget": {"maxCost": 40000}}             |
      | {"tierSet": [1]}               | {"maxTokens": 3, "tierSet": [1]}                           |

  @REQ-048-004
  Scenario: [048-04b] a generation is charged under the cost model of the deployment
    Given the built-in model "default" is loaded
    And the deployment is set to:
      """
      {"costModel": {"routerCostPerMultiplyAdd": 0.5, "expertCostPerMultiplyAdd": 2,
                     "routerNsPerMultiplyAdd": 1, "fixedLatencyMs": 0}}
      """
    When the admin generates from "hello" of "default" with '{"maxTokens": 6, "budget": {"maxCost": 80000}}'
    Then the generation's usage.cost is the cost of its executed rows under the routing of '{"budget": {"maxCost": 80000}}'

  @REQ-048-005
  Scenario Outline: [048-05] the quoted cost per token of <model> with '<request>' is <cost>, the shared expert included
    Given the model "<model>" is loaded
    When the admin asks for the budget solution of "<model>" with '<request>'
    Then the budget solution quotes <cost> cost units per token, as the oracle does

    Examples:
      | model        | request                | cost  |
      | cm-fwd-small | {}                     | 15744 |
      | cm-fwd-wide  | {"tierSet": [2, 5, 7]} | 17056 |
      | default      | {"tierSet": [1]}       | 62144 |
