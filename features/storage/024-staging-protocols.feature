@SPEC-024 @capability:models.load @capability:forward
Feature: Staging: a cold copy is verified before every use, and a copy that fails is discarded and staged again
  The harness learns from routing traces which expert only one request uses, empties the memory tiers so that the
  expert must come from its cold copy, and damages that copy through the control API. The request needing it fails
  with E_STORAGE_INTEGRITY; the copy is gone; the next request restages the expert from the archive and answers
  exactly what the resident model answers.

  @REQ-024-001
  Scenario Outline: [024-01a] a cold copy damaged by <damage> fails the request that needs it with E_STORAGE_INTEGRITY
    Given the resident digests of "default" for the sequences "hello, 0:1, 1:1" are recorded
    And the model "default" is loaded tiered with "hot 2, warm 0, cold all"
    And the sequences "hello, 0:1, 1:1" are forwarded through the tiered model one request at a time
    And the memory tiers of the tiered model are evicted
    When the cold copy of an expert that only "hello" uses is damaged by "<damage>"
    And "hello" is forwarded through the tiered model
    Then the request fails with E_STORAGE_INTEGRITY
    And the damaged expert is listed nowhere and 1 integrity failure is counted

    Examples:
      | damage   |
      | flip     |
      | truncate |
      | delete   |

  @REQ-024-002
  Scenario Outline: [024-02a] after a cold copy damaged by <damage> failed once, the retry restages it from the archive
    Given the resident digests of "default" for the sequences "hello, 0:1, 1:1" are recorded
    And the model "default" is loaded tiered with "hot 3, warm 1, cold all"
    And the sequences "hello, 0:1, 1:1" are forwarded through the tiered model one request at a time
    And the memory tiers of the tiered model are evicted
    And the cold copy of an expert that only "hello" uses is damaged by "<damage>"
    When "hello" is forwarded through the tiered model
    Then the request fails with E_STORAGE_INTEGRITY
    And "hello" forwarded through the tiered model answers its recorded digest
    And the damaged expert came back from the archive with exactly 1 more miss
    And "0:1" forwarded through the tiered model answers its recorded digest

    Examples:
      | damage   |
      | flip     |
      | truncate |
      | delete   |
