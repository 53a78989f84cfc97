@SPEC-042 @capability:models.load @capability:forward
Feature: Latency budget solver: the routing that routes the most experts within a per-token latency budget
  The deployment puts tiers 0-3 of cm-fwd-wide on a slow class (4 ns per expert multiply-add) and every other tier on a
  fast one (1 ns); routers run at 2 ns per multiply-add and every token costs 0.25 ms besides. Budgets lie between the
  latencies of different candidates; the oracle enumerates every candidate and applies SPEC-042 §4.3's rule.

  Background:
    Given the deployment is set to:
      """
      {"hardwareClasses": [{"name": "fast", "available": true, "expertNsPerMultiplyAdd": 1},
                           {"name": "slow", "available": true, "expertNsPerMultiplyAdd": 4}],
       "defaultHardwareClass": "fast",
       "models": [{"model": "cm-fwd-wide", "tierHardware": ["slow", "slow", "slow", "slow"]}],
       "costModel": {"routerCostPerMultiplyAdd": 1, "expertCostPerMultiplyAdd": 1,
                     "routerNsPerMultiplyAdd": 2, "fixedLatencyMs": 0.25}}
      """

  @REQ-042-001 @REQ-042-002
  Scenario Outline: [042-01] a budget of <latencyMs> ms on <model> gets k <k> on tiers <tiers>
    Given the model "<model>" is loaded
    When the admin asks for the budget solution of "<model>" with '{"latencyMs": <latencyMs>}'
    Then the budget solution is the oracle's, with k <k> on tiers <tiers>

    Examples:
      | model        | latencyMs | k     | tiers                    |
      | cm-fwd-small | 0.257     | 1/1/1 | [0, 1]                   |
      | cm-fwd-small | 0.2599    | 1/1/2 | [0, 1]                   |
      | cm-fwd-small | 0.26      | 1/1/2 | [0, 1]                   |
      | cm-fwd-small | 0.27      | 1/2/2 | [0, 1]                   |
      | cm-fwd-wide  | 0.26      | 1/1/1 | [4, 5, 6, 7]             |
      | cm-fwd-wide  | 0.3       | 1/2/2 | [4, 5, 6, 7]             |
      | cm-fwd-wide  | 0.32      | 1/2/2 | [0, 1, 2, 3, 4, 5, 6, 7] |

  @REQ-042-002
  Scenario Outline: [042-02] the routing of <model> with '<request>' and no budget is predicted at the slowest class of its tiers
    Given the model "<model>" is loaded
    When the admin asks for the budget solution of "<model>" with '<request>'
    Then the budget solution is the oracle's, with k 1/2/2 on tiers <tiers>

    Examples:
      | model       | request             | tiers                    |
      | cm-fwd-wide | {}                  | [0, 1, 2, 3, 4, 5, 6, 7] |
      | cm-fwd-wide | {"tierSet": [3, 7]} | [3, 7]                   |

  @REQ-042-003
  Scenario Outline: [042-03] a budget of <latencyMs> ms that no routing of <model> meets is refused with E_BUDGET_INFEASIBLE by <route>
    Given the model "<model>" is loaded
    When the admin sends <route> for "<model>" with routing '{"budget": {"latencyMs": <latencyMs>}}'
    Then the request fails with E_BUDGET_INFEASIBLE and the state is unchanged

    Examples:
      | model        | latencyMs | route             |
      | cm-fwd-small | 0.2566    | a solve request   |
      | cm-fwd-small | 0.2566    | a forward request |
      | cm-fwd-wide  | 0.258     | a forward request |
      | cm-fwd-wide  | 0.1       | a generation      |

  @REQ-042-004
  Scenario Outline: [042-04] a forward request with a budget of <latencyMs> ms on <model> runs under the solver's routing
    Given the model "<model>" is loaded
    When the admin forwards the fixture sequences of "<model>" with routing '{"budget": {"latencyMs": <latencyMs>}}'
    Then the forward trace follows the budget solution for the same model and routing
    And every trace entry routes <tiers> tiers, <groups> groups per tier and <experts> experts per group

    Examples:
      | model        | latencyMs | tiers | groups | experts |
      | cm-fwd-small | 0.26      | 1     | 1      | 2       |
      | cm-fwd-wide  | 0.26      | 1     | 1      | 1       |
      | cm-fwd-wide  | 0.3       | 1     | 2      | 2       |
