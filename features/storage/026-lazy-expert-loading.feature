@SPEC-026 @capability:models.load @capability:forward
Feature: Lazy expert loading: experts load on first use, once for concurrent requests, and a failure stays local
  Nothing is hot right after a tiered load; a forward pass loads exactly the experts its routing trace shows.
  Identical requests that reach the store together share each load, and a load that fails fails only the requests
  that need its expert, the model staying in service.

  @REQ-026-001
  Scenario Outline: [026-01a] <model> with <budgets> holds nothing hot after its load and exactly the traced experts after forwards
    Given the model "<model>" is loaded tiered with "<budgets>"
    When the sequences "hello, 2:4, 1:1" are forwarded through the tiered model one request at a time
    Then the experts held hot are exactly those the traces show, and <counter> counts each once

    Examples:
      | model          | budgets                    | counter   |
      | default        | hot 32, warm 0, cold all   | hits.cold |
      | procedural-1e8 | hot 128, warm 0, cold none | misses    |

  @REQ-026-001
  Scenario Outline: [026-01b] right after the tiered load of <model> with <budgets> no expert is hot or warm
    Given the model "<model>" is loaded tiered with "<budgets>"
    Then right after the load no expert is hot or warm and the cold tier holds the experts SPEC-021 stages

    Examples:
      | model          | budgets                    |
      | default        | hot 32, warm 8, cold all   |
      | cm-fwd-small   | hot 4, warm 4, cold all    |
      | procedural-1e8 | hot 128, warm 0, cold none |

  @REQ-026-002
  Scenario: [026-02a] identical requests sent together to a fresh procedural-1e8 load each expert once
    Given the digests of "procedural-1e8" tiered with "hot 128, warm 0, cold none" for "hello" are recorded
    And the model "procedural-1e8" is loaded tiered with "hot 128, warm 0, cold all"
    And the forward delay is set to 50 ms per layer
    When the sequences "hello" are forwarded through the tiered model concurrently, 4 times each
    Then the archive misses equal the distinct experts the concurrent requests used, hot hits and coalesced loads the rest
    And every concurrent request answered the recorded digests of its sequence

  @REQ-026-003
  Scenario Outline: [026-03a] a cold copy damaged by <damage> fails only the request that needs it, sent with three others
    Given the resident digests of "default" for the sequences "hello, 0:1, 1:1, 2:2" are recorded
    And the model "default" is loaded tiered with "hot 2, warm 0, cold all"
    And the sequences "hello, 0:1, 1:1, 2:2" are forwarded through the tiered model one request at a time
    And the memory tiers of the tiered model are evicted
    And the forward delay is set to 20 ms per layer
    And the cold copy of an expert that only "hello" uses is damaged by "<damage>"
    When "hello" and the sequences "0:1, 1:1, 2:2" are forwarded through the tiered model concurrently
    Then "hello" failed with E_STORAGE_INTEGRITY and every other request answered the recorded digests of its sequence
    And the runtime is ready with the tiered model loaded
    And "2:2" forwarded through the tiered model answers its recorded digest
    And "hello" forwarded through the tiered model answers its recorded digest

    Examples:
      | damage |
      | flip   |
      | delete |
