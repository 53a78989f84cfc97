@SPEC-021 @capability:models.load @capability:forward
Feature: Tiered parameters: hot, warm, cold and archive tiers that never change a result
  A model loaded with tier budgets keeps its routed experts in hot slots, a warm cache, cold files and its archive,
  and computes exactly what it computes resident. Its tier document reports the budgets and sizes, a load stages
  the first experts that fit the cold budget, a hot budget below one expert is refused, the memory budget charges
  only what stays in memory, and the procedural built-ins reach 10^8 and 10^12 parameters without a file.

  @REQ-021-001
  Scenario Outline: [021-01a] default tiered with <budgets> answers every request with the resident digests
    Given the resident digests of "default" for the sequences "hello, 1:5, 2:3, 0:8, hello, 1:5, 2:3" are recorded
    And the model "default" is loaded tiered with "<budgets>"
    When the sequences "hello, 1:5, 2:3, 0:8, hello, 1:5, 2:3" are forwarded through the tiered model one request at a time
    Then every request answered the recorded digests of its sequence

    Examples:
      | budgets                     |
      | hot 1, warm 0, cold none    |
      | hot 2, warm 1, cold all     |
      | hot 3, warm 2, cold 5 files |
      | hot 3, warm 32, cold none   |
      | hot 32, warm 0, cold all    |

  @REQ-021-001
  Scenario Outline: [021-01b] cm-fwd-small tiered with <budgets> answers every request with the resident digests
    Given the resident digests of "cm-fwd-small" for the sequences "hello, 1:5, max, hello" are recorded
    And the model "cm-fwd-small" is loaded tiered with "<budgets>"
    When the sequences "hello, 1:5, max, hello" are forwarded through the tiered model one request at a time
    Then every request answered the recorded digests of its sequence

    Examples:
      | budgets                     |
      | hot 1, warm 2, cold none    |
      | hot 2, warm 4, cold 3 files |

  @REQ-021-001
  Scenario Outline: [021-01c] procedural-1e8 answers the same digests with <budgets> as with every expert hot
    Given the digests of "procedural-1e8" tiered with "hot 128, warm 0, cold none" for "hello, 1:3, hello" are recorded
    And the model "procedural-1e8" is loaded tiered with "<budgets>"
    When the sequences "hello, 1:3, hello" are forwarded through the tiered model one request at a time
    Then every request answered the recorded digests of its sequence

    Examples:
      | budgets                     |
      | hot 1, warm 2, cold none    |
      | hot 3, warm 0, cold 4 files |

  @REQ-021-002
  Scenario Outline: [021-02a] <model> tiered with <budgets> reports its budgets, expert size and <slots> slots
    Given the model "<model>" is loaded tiered with "<budgets>"
    Then the tier document of the tiered model reports its budgets, expert size, experts, <slots> slots and archive "<archive>"

    Examples:
      | model          | budgets                      | slots | archive    |
      | default        | hot 2.5, warm 1, cold all    | 2     | http       |
      | default        | hot 1, warm 0, cold none     | 1     | http       |
      | cm-fwd-small   | hot 3.99, warm 0.5, cold all | 3     | http       |
      | procedural-1e8 | hot 7.5, warm 0, cold none   | 7     | procedural |

  @REQ-021-002
  Scenario: [021-02b] a resident model's tier document shows every expert hot and pinned
    Given the built-in model "default" is loaded
    Then the tier document of "default" reports every expert hot and pinned

  @REQ-021-003
  Scenario Outline: [021-03a] right after a tiered load of <model> with <budgets> the cold tier holds the first experts that fit
    Given the model "<model>" is loaded tiered with "<budgets>"
    Then right after the load no expert is hot or warm and the cold tier holds the experts SPEC-021 stages

    Examples:
      | model        | budgets                      |
      | default      | hot 2, warm 2, cold all      |
      | default      | hot 2, warm 2, cold 5 files  |
      | default      | hot 1, warm 0, cold 20 files |
      | default      | hot 1, warm 0, cold none     |
      | cm-fwd-small | hot 2, warm 0, cold 7 files  |

  @REQ-021-004
  Scenario Outline: [021-04a] <model> with a hot budget of <hot> experts is refused with E_STORAGE_BUDGET
    When the admin loads "<model>" tiered with "hot <hot>, warm 2, cold all"
    Then the request fails with E_STORAGE_BUDGET and the state is unchanged
    And the model list is empty

    Examples:
      | model          | hot  |
      | default        | 0.99 |
      | default        | 0    |
      | cm-fwd-small   | 0.5  |
      | procedural-1e8 | 0.9  |

  @REQ-021-005
  Scenario Outline: [021-05a] <model> tiered with <budgets> is charged its non-expert parameters, hot slots and warm budget
    Given the model "<model>" is loaded tiered with "<budgets>"
    Then the memory document charges the tiered model its resident charge

    Examples:
      | model          | budgets                      |
      | default        | hot 3, warm 2, cold all      |
      | default        | hot 2.5, warm 0.5, cold none |
      | cm-fwd-small   | hot 1, warm 16, cold all     |
      | procedural-1e8 | hot 4, warm 3, cold none     |

  @REQ-021-005
  Scenario Outline: [021-05b] a memory budget of the tiered charge <delta> admits or refuses default tiered
    Given the memory budget is set to the resident charge of "default" tiered with "hot 3, warm 2, cold all" plus <delta> bytes
    When the admin loads "default" tiered with "hot 3, warm 2, cold all"
    Then <outcome>

    Examples:
      | delta | outcome                                                           |
      | 0     | the response status is 201                                        |
      | -1    | the request fails with E_MEMORY_BUDGET and the state is unchanged |

  @REQ-021-006
  Scenario Outline: [021-06a] <model> loads with the descriptor, digest and parameters of SPEC-021, holding no expert
    When the admin loads the built-in model "<model>"
    Then the response status is 201
    And the Model "<model>" is the procedural model of SPEC-021 with archive "procedural" and no expert held

    Examples:
      | model           |
      | procedural-1e8  |
      | procedural-1e12 |
