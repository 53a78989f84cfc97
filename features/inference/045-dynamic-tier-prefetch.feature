@SPEC-045 @capability:models.load @capability:forward
Feature: Dynamic tier prefetch: the next layer's experts predicted from this layer's input, staged within bounds
  A model loaded with `tiers.prefetch` predicts, once a layer's experts have run, the next layer's experts from the
  layer's FFN input and stages at most the configured number of them hot as one request of their own. The prediction,
  what was staged, and the figures of GET /v1/tiers/{model} follow from the serial trace; results do not change.

  @REQ-045-001
  Scenario: [045-01a] each layer after the first reports the prediction the oracle makes from the layer before
    Given the model "default" is loaded tiered with "hot 32, warm 0, cold all" and a prefetch of 4 experts
    When the sequences "0:5, 1:4, 2:4, 0:8, 1:6" are forwarded through the prefetching model one request at a time
    Then every layer's reported prediction is the one the prediction oracle makes

  @REQ-045-002
  Scenario Outline: [045-02a] a prefetch of <limit> experts never predicts or stages more
    Given the model "default" is loaded tiered with "hot 32, warm 0, cold all" and a prefetch of <limit> experts
    When the sequences "0:5, 1:4, 2:4, 0:8" are forwarded through the prefetching model one request at a time
    Then no layer predicted or staged more than <limit> experts, and every staged expert was predicted

    Examples:
      | limit |
      | 1     |
      | 3     |

  @REQ-045-003
  Scenario: [045-03a] a prefetch under a small hot tier keeps a pinned expert hot and pinned and every tier within budget
    Given the model "default" is loaded tiered with "hot 3, warm 1, cold all" and a prefetch of 4 experts
    And expert 0 of layer 0 of the prefetching model is pinned
    When the sequences "0:5, 1:4, 2:4, 0:8" are forwarded through the prefetching model one request at a time
    Then after every request expert 0 of layer 0 is listed hot and pinned, and the tiers are within their budgets

  @REQ-045-004
  Scenario: [045-04a] results are the same with the prefetch on as with it off
    Given the results of "default" tiered with "hot 32, warm 0, cold all" for the sequences "0:5, 1:4, 2:4, 0:8" are recorded
    And the model "default" is loaded tiered with "hot 32, warm 0, cold all" and a prefetch of 4 experts
    When the sequences "0:5, 1:4, 2:4, 0:8" are forwarded through the prefetching model one request at a time
    Then every prefetching request answered the recorded digests, routes, logits, FLOPs and parameter bytes of its sequence

  @REQ-045-005
  Scenario Outline: [045-05a] with <budgets> and a prefetch of <limit>, the prefetch figures follow from the trace
    Given the model "default" is loaded tiered with "<budgets>" and a prefetch of <limit> experts
    When the sequences "0:5, 1:4, 2:4, 0:8, 1:6, 0:5" are forwarded through the prefetching model one request at a time
    Then after every request the prefetch figures and staged experts are those the prefetch simulation predicts

    Examples:
      | budgets                  | limit |
      | hot 32, warm 0, cold all | 4     |
      | hot 6, warm 2, cold all  | 3     |

  @REQ-045-006
  Scenario Outline: [045-06a] with <budgets> and a prefetch of <limit>, residency and counters are those of the placement oracle
    Given the model "default" is loaded tiered with "<budgets>" and a prefetch of <limit> experts
    When the sequences "0:5, 1:4, 2:4, 0:8, 1:6, 0:5" are forwarded through the prefetching model one request at a time
    Then after every request residency and counters are the placement oracle's, each prefetch counted as a request

    Examples:
      | budgets                  | limit |
      | hot 32, warm 0, cold all | 4     |
      | hot 6, warm 2, cold all  | 3     |
      | hot 5, warm 0, cold all  | 8     |
