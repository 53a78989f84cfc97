@SPEC-023 @capability:models.load @capability:forward
Feature: Cache management: budgets are bounds, and the counters account for every expert request
  Each tier's bytes stay within its budget, also while concurrent first uses stage files; hits, misses, coalesced
  loads and integrity failures add up to the expert requests the routing traces show, bytes moved follow from the
  counts, the load-latency histogram counts every load, and the control API can empty the memory tiers.

  @REQ-023-001
  Scenario Outline: [023-01a] concurrent first uses on procedural-1e8 with <budgets> never take a tier past its budget
    Given the model "procedural-1e8" is loaded tiered with "<budgets>"
    When the sequences "hello, 1:6, 2:6" are forwarded through the tiered model concurrently, 2 times each
    Then the tier document and listing of the tiered model satisfy the bounds and identities of SPEC-023

    Examples:
      | budgets                      |
      | hot 64, warm 0, cold 2 files |
      | hot 8, warm 2, cold 3 files  |

  @REQ-023-001
  Scenario Outline: [023-01b] a serial trace through default with <budgets> keeps every tier within its budget
    Given the model "default" is loaded tiered with "<budgets>"
    When the sequences "hello, 1:5, 2:3, 0:8, hello" are forwarded through the tiered model one request at a time
    Then the tier document and listing of the tiered model satisfy the bounds and identities of SPEC-023

    Examples:
      | budgets                       |
      | hot 2, warm 1.5, cold 4 files |
      | hot 3, warm 0, cold none      |

  @REQ-023-002
  Scenario Outline: [023-02a] after a serial trace through <model> with <budgets> the counters and histogram add up
    Given the model "<model>" is loaded tiered with "<budgets>"
    When the sequences "hello, 1:5, hello, 2:3, 1:5" are forwarded through the tiered model one request at a time
    Then the tier document and listing of the tiered model satisfy the bounds and identities of SPEC-023

    Examples:
      | model          | budgets                     |
      | default        | hot 2, warm 1, cold all     |
      | default        | hot 3, warm 0, cold none    |
      | default        | hot 32, warm 0, cold all    |
      | procedural-1e8 | hot 3, warm 2, cold 3 files |

  @REQ-023-002
  Scenario: [023-02b] after concurrent requests through three hot slots the counters and histogram add up
    Given the model "default" is loaded tiered with "hot 3, warm 2, cold all"
    And the forward delay is set to 10 ms per layer
    When the sequences "hello, 1:5, 2:3, hello" are forwarded through the tiered model concurrently, 3 times each
    Then the tier document and listing of the tiered model satisfy the bounds and identities of SPEC-023

  @REQ-023-003
  Scenario Outline: [023-03a] a serial trace through <model> with <budgets> gives the counters the oracle predicts
    Given the model "<model>" is loaded tiered with "<budgets>"
    When the sequences "hello, 1:5, 2:3, hello, 0:8, 1:5" are forwarded through the tiered model one request at a time
    Then after every request the counters are those the placement oracle predicts

    Examples:
      | model          | budgets                      |
      | default        | hot 2, warm 8, cold all      |
      | default        | hot 3, warm 16, cold 5 files |
      | default        | hot 24, warm 4, cold none    |
      | procedural-1e8 | hot 4, warm 40, cold all     |

  @REQ-023-004
  Scenario: [023-04a] evict-memory empties the hot and warm tiers, leaving the cold tier and the counters
    Given the model "default" is loaded tiered with "hot 3, warm 4, cold all"
    And the sequences "hello, 1:5, 2:3" are forwarded through the tiered model one request at a time
    When the memory tiers of the tiered model are evicted
    Then no expert is warm and none hot but the pinned ones, the cold tier and counters unchanged

  @REQ-023-004
  Scenario Outline: [023-04b] evict-memory after pinning expert <expert> of layer 1 keeps only that expert hot
    Given the model "default" is loaded tiered with "hot 3, warm 4, cold all"
    And the sequences "hello, 1:5" are forwarded through the tiered model one request at a time
    And the admin pins expert <expert> of layer 1 of the tiered model
    When the memory tiers of the tiered model are evicted
    Then no expert is warm and none hot but the pinned ones, the cold tier and counters unchanged

    Examples:
      | expert |
      | 5      |
      | 0      |
