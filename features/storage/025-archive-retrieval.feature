@SPEC-025 @capability:models.load @capability:forward
Feature: Archive retrieval: objects are verified against the manifest, and an unreachable archive is a 503
  A tiered model without a cold tier fetches every expert it loads from its archive: for a model loaded from a
  manifest, the layer shards of the store it came from. The harness's fixture server serves those shards altered
  (every value's lowest bit flipped, the container intact) or not at all, then as listed again.

  @REQ-025-001
  Scenario: [025-01a] a layer shard served altered is refused with E_STORAGE_UNAVAILABLE, then served again it is used
    Given the resident digests of "cm-fwd-small" for the sequences "hello, 1:5" are recorded
    And the model "cm-fwd-small" is loaded tiered with "hot 2, warm 0, cold none"
    And the fixture server serves the layer shards of "cm-fwd-small" altered
    When "hello" is forwarded through the tiered model
    Then the request fails with E_STORAGE_UNAVAILABLE
    And more archive failures are counted than before
    And the fixture server serves the layer shards of "cm-fwd-small" again
    And "hello" forwarded through the tiered model answers its recorded digest
    And "1:5" forwarded through the tiered model answers its recorded digest

  @REQ-025-002
  Scenario: [025-02a] layer shards the store no longer serves fail the request with E_STORAGE_UNAVAILABLE, the model kept
    Given the resident digests of "cm-fwd-small" for the sequences "hello, 1:5" are recorded
    And the model "cm-fwd-small" is loaded tiered with "hot 3, warm 1, cold none"
    And the fixture server serves the layer shards of "cm-fwd-small" missing
    When "1:5" is forwarded through the tiered model
    Then the request fails with E_STORAGE_UNAVAILABLE
    And the runtime is ready with the tiered model loaded
    And the fixture server serves the layer shards of "cm-fwd-small" again
    And "1:5" forwarded through the tiered model answers its recorded digest
