@SPEC-044 @capability:models.load @capability:forward
Feature: Expert packing and dispatch: rows grouped by routed expert, batches bounded by a capacity, results unchanged
  A forward request with `dispatch: true` reports, per layer, the expert batches its rows were packed into: experts by
  ascending global id, each expert's rows ascending, split into consecutive batches of at most `capacity` rows. The
  packing is what the routing oracle's routes imply, and no capacity changes a digest, a route, a logit or a count.

  @REQ-044-001
  Scenario Outline: [044-01a] the dispatch trace of <model> lists its experts by ascending id with exactly their routed rows
    Given the model "<model>" is loaded
    When the sequences "<sequences>" are forwarded through "<model>" in one request with the dispatch trace
    Then every layer lists its experts in ascending id order, each with exactly the rows the oracle routes to it

    Examples:
      | model        | sequences          |
      | default      | 0:5, 1:4, 2:4, 1:1 |
      | cm-fwd-small | 0:5, 2:4, ramp:6   |

  @REQ-044-001
  Scenario: [044-01b] a request that does not ask for the dispatch trace carries none
    Given the model "default" is loaded
    When the sequences "0:5, 1:4" are forwarded through "default" in one request without the dispatch trace
    Then the forward result has no dispatch member

  @REQ-044-002
  Scenario Outline: [044-02a] each expert's rows of <model> are packed in ascending row order
    Given the model "<model>" is loaded
    When the sequences "<sequences>" are forwarded through "<model>" in one request with the dispatch trace
    Then every expert's rows are in ascending packed-row order and the batches are the oracle's packing

    Examples:
      | model        | sequences          |
      | default      | 0:5, 1:4, 2:4, 1:1 |
      | cm-fwd-small | 0:5, 2:4, ramp:6   |

  @REQ-044-003
  Scenario Outline: [044-03a] capacity <capacity> splits each expert's rows into consecutive batches of at most <capacity> rows
    Given the model "default" is loaded
    When the sequences "0:5, 1:4, 2:4, 1:1" are forwarded through "default" traced with capacity <capacity>
    Then every layer's expert batches are the oracle's packing in batches of at most <capacity> rows

    Examples:
      | capacity |
      | 1        |
      | 2        |
      | 3        |

  @REQ-044-004
  Scenario Outline: [044-04a] <model> answers the same digests, routes, logits and counts whatever the capacity
    Given the model "<model>" is loaded
    When the sequences "0:5, 1:4, 2:4, 1:1" are forwarded through "<model>" in one request without the dispatch trace
    And the same request is sent with the dispatch trace and capacities "1, 2, 3, 64"
    Then every result has the digests, routes, logits, FLOPs and parameter bytes of the first

    Examples:
      | model        |
      | default      |
      | cm-fwd-small |

  @REQ-044-005
  Scenario Outline: [044-05a] each row of <model> gets its own experts' outputs back: oracle logits, and the digests of each sequence alone
    Given the model "<model>" is loaded
    When the sequences "0:5, 1:4, 2:4, 1:1" are forwarded through "<model>" traced with capacity 2
    Then every token of the dispatched request has logits within the oracle's tolerance
    And each sequence forwarded alone gives the token digests it has in the dispatched request

    Examples:
      | model        |
      | default      |
      | cm-fwd-small |
