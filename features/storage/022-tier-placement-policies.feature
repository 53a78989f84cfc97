@SPEC-022 @capability:models.load @capability:forward
Feature: Tier placement: one serial trace always leaves the same residency
  Each forward pass asks, layer by layer, for the distinct experts its tokens were routed to, in ascending id order
  and in waves no larger than the unpinned hot slots. An expert that is not hot takes the lowest empty slot or the
  eviction victim's; the victim moves to the warm tier; a first use is staged to the cold tier. The harness feeds
  the routing trace of every request to its placement oracle and compares the prediction with what the runtime
  reports after each request.

  @REQ-022-001
  Scenario Outline: [022-01a] a serial trace through default with <budgets> leaves the residency the oracle predicts
    Given the model "default" is loaded tiered with "<budgets>"
    When the sequences "hello, 1:5, 2:3, 0:8, hello, 3:6, 1:5, 4:4" are forwarded through the tiered model one request at a time
    Then after every request the residency listing and the experts per tier are those the placement oracle predicts

    Examples:
      | budgets                     |
      | hot 1, warm 0, cold all     |
      | hot 2, warm 1, cold all     |
      | hot 3, warm 2, cold none    |
      | hot 3, warm 4, cold 6 files |
      | hot 1, warm 2, cold 3 files |
      | hot 8, warm 8, cold all     |

  @REQ-022-001
  Scenario Outline: [022-01b] a serial trace through <model> with <budgets> leaves the residency the oracle predicts
    Given the model "<model>" is loaded tiered with "<budgets>"
    When the sequences "hello, 1:4, 2:2, hello" are forwarded through the tiered model one request at a time
    Then after every request the residency listing and the experts per tier are those the placement oracle predicts

    Examples:
      | model          | budgets                     |
      | procedural-1e8 | hot 2, warm 3, cold 4 files |
      | procedural-1e8 | hot 6, warm 0, cold all     |
      | cm-fwd-small   | hot 2, warm 2, cold none    |

  @REQ-022-002
  Scenario Outline: [022-02a] after evict-memory, experts first loaded from the archive come back from the cold tier (<budgets>)
    Given the model "procedural-1e8" is loaded tiered with "<budgets>"
    And the sequences "hello, 2:3" are forwarded through the tiered model one request at a time
    When the memory tiers of the tiered model are evicted
    And the sequences "hello, 2:3" are forwarded through the tiered model one request at a time
    Then the requests after the eviction were served from the cold tier without an archive miss
    And after every request the residency listing and the experts per tier are those the placement oracle predicts

    Examples:
      | budgets                  |
      | hot 64, warm 0, cold all |
      | hot 2, warm 2, cold all  |
