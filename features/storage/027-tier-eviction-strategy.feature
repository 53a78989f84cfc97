@SPEC-027 @capability:models.load @capability:forward
Feature: Tier eviction: least recently used by logical time, never an expert in use, never a pinned one
  Every tier evicts the first candidate by (lastUse, uses, layer, expert). An expert a forward pass has leased is
  never evicted, so concurrent passes through one to three hot slots return their serial digests; a pinned expert
  stays hot until unpinned, pins leave one slot unpinned, and pin routes refuse coordinates the model does not have.

  @REQ-027-001
  Scenario Outline: [027-01a] with <budgets> every tier evicts in the order the placement oracle follows
    Given the model "<model>" is loaded tiered with "<budgets>"
    When the sequences "hello, 1:5, 2:3, 0:8, 3:6, hello, 4:4, 5:7" are forwarded through the tiered model one request at a time
    Then after every request the residency listing and the experts per tier are those the placement oracle predicts

    Examples:
      | model          | budgets                     |
      | default        | hot 2, warm 2, cold 4 files |
      | default        | hot 1, warm 3, cold 6 files |
      | default        | hot 3, warm 1, cold all     |
      | procedural-1e8 | hot 2, warm 2, cold 3 files |

  @REQ-027-002
  Scenario Outline: [027-02a] concurrent forwards through <hot> hot slot(s) each return the digests of serial execution
    Given the resident digests of "default" for the sequences "hello, 1:5, 2:3, 0:8, 3:6, 4:4" are recorded
    And the model "default" is loaded tiered with "hot <hot>, warm 0, cold all"
    And the forward delay is set to 10 ms per layer
    When the sequences "hello, 1:5, 2:3, 0:8, 3:6, 4:4" are forwarded through the tiered model concurrently, 3 times each
    Then every concurrent request answered the recorded digests of its sequence
    And the tier document and listing of the tiered model satisfy the bounds and identities of SPEC-023

    Examples:
      | hot |
      | 1   |
      | 2   |
      | 3   |

  @REQ-027-003
  Scenario: [027-03a] a pinned expert stays hot through forwards, and is an eviction candidate again once unpinned
    Given the model "default" is loaded tiered with "hot 3, warm 1, cold all"
    And the admin pins expert 5 of layer 1 of the tiered model
    And the sequences "hello, 1:5, 2:3, 0:8" are forwarded through the tiered model one request at a time
    When the admin unpins expert 5 of layer 1 of the tiered model
    And the sequences "3:6, 4:4, 2:5, 1:7" are forwarded through the tiered model one request at a time
    Then after every request the residency listing and the experts per tier are those the placement oracle predicts

  @REQ-027-003
  Scenario: [027-03b] a pinned expert of layer 0 stays hot and pinned while a single free slot serves every wave
    Given the model "default" is loaded tiered with "hot 2, warm 0, cold all"
    And the admin pins expert 3 of layer 0 of the tiered model
    When the sequences "hello, 1:5, 2:3" are forwarded through the tiered model one request at a time
    Then expert 3 of layer 0 is listed pinned
    And after every request the residency listing and the experts per tier are those the placement oracle predicts

  @REQ-027-004
  Scenario: [027-04a] a pin that would leave no unpinned slot is refused with E_STORAGE_BUDGET
    Given the model "default" is loaded tiered with "hot 3, warm 1, cold all"
    And the admin pins expert 5 of layer 1 of the tiered model
    And the admin pins expert 2 of layer 0 of the tiered model
    When the admin pins expert 7 of layer 0 of the tiered model
    Then the request fails with E_STORAGE_BUDGET
    And the residency listing of the tiered model is unchanged

  @REQ-027-004
  Scenario: [027-04b] in a hot tier of one slot, no expert can be pinned
    Given the model "default" is loaded tiered with "hot 1, warm 0, cold all"
    When the admin pins expert 0 of layer 0 of the tiered model
    Then the request fails with E_STORAGE_BUDGET
    And the residency listing of the tiered model is unchanged

  @REQ-027-005
  Scenario Outline: [027-05a] <method> of the pin path <path> is refused with E_STORAGE_EXPERT
    Given the model "default" is loaded tiered with "hot 3, warm 1, cold all"
    When the admin sends <method> for the pin path "<path>" of the tiered model
    Then the request fails with E_STORAGE_EXPERT
    And the residency listing of the tiered model is unchanged

    Examples:
      | method | path |
      | PUT    | 2/0  |
      | PUT    | 0/16 |
      | PUT    | 0/01 |
      | PUT    | -1/0 |
      | DELETE | 0/16 |
      | DELETE | 7/3  |
