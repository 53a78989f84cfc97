@SPEC-050 @capability:models.load @capability:forward
Feature: Multi-tenant isolation: private generations, per-tenant quotas, a fair queue and per-tenant prefix caches
  Tenants are provisioned through the control API and generate greedily from the built-in "default" model. Quota and
  queueing scenarios pause the scheduler so that requests wait in the queue, and go on only once the runtime's own
  quota usage shows them queued; the fairness bound comes from the harness's oracle, never from a clock.

  Background:
    Given the built-in model "default" is loaded
    And a tenant "a" is provisioned
    And a tenant "b" is provisioned

  @REQ-050-001
  Scenario: [050-01] another tenant gets 404 for a tenant's generation, exactly as for an unknown id, and cannot cancel it
    Given tenant "a" generates with maxTokens 4 and is served
    When tenant "b" asks for tenant "a"'s last generation by its id, its events and its cancellation
    Then each answer is 404 E_GENERATION_NOT_FOUND, exactly as for an id that never existed
    And tenant "a" and the admin read tenant "a"'s last generation unchanged, finished with "length"

  @REQ-050-002 @REQ-050-004 @REQ-050-008
  Scenario: [050-02] a request beyond maxConcurrent is refused with Retry-After, and admitted once a generation ended
    Given the admin limits tenant "a" to 2 concurrent generations
    And the scheduler is paused with 2 batch slots
    And tenant "a" has 2 generations queued with maxTokens 4
    When tenant "a" sends one more generation with maxTokens 4
    Then it is refused with E_TENANT_QUOTA and a Retry-After of at least one whole second
    And the quota usage of tenant "a" shows 2 queued and 0 running
    And once the scheduler resumes, tenant "a"'s queued generations all finish with "length"
    And the quota usage of tenant "a" shows 0 queued, 0 running and 8 generated tokens
    And tenant "a" generates with maxTokens 4 and is served

  @REQ-050-003 @REQ-050-004
  Scenario: [050-03] a request beyond tokensPerMinute is refused with Retry-After until the bucket has refilled
    Given the admin limits tenant "a" to 1 token per minute
    And tenant "a" generates with maxTokens 8 and is served
    When tenant "a" sends one more generation with maxTokens 8
    Then it is refused with E_TENANT_QUOTA and a Retry-After no longer than tenant "a"'s bucket needs to refill
    And the quota usage of tenant "a" shows at most -10 tokens available

  @REQ-050-005
  Scenario: [050-04] one tenant's exhausted quota leaves another tenant served
    Given the admin limits tenant "a" to 1 token per minute
    And tenant "a" generates with maxTokens 8 and is served
    When tenant "a" sends one more generation with maxTokens 8
    Then it is refused with E_TENANT_QUOTA and a Retry-After no longer than tenant "a"'s bucket needs to refill
    And tenant "b" generates with maxTokens 8 and is served
    And tenant "b" generates with maxTokens 8 and is served
    And the quota of tenant "b" reads no limits

  @REQ-050-006
  Scenario: [050-05] a tenant's single request beside another tenant's flood is admitted within the fair-queue bound
    Given the scheduler is paused with 2 batch slots
    And tenant "a" has 12 generations queued with maxTokens 8
    And tenant "b" has 1 generation queued with maxTokens 8
    When the scheduler resumes
    Then tenant "a"'s queued generations all finish with "length"
    And tenant "b"'s queued generations all finish with "length"
    And tenant "b"'s generation waited no more queue steps than the fair-queue bound, which arrival order exceeds

  @REQ-050-007
  Scenario: [050-06] a prompt cached for one tenant is not reused for another
    When tenant "a" generates from a 40-token prompt with maxTokens 1, reporting 0 cached tokens
    And tenant "b" generates from the same 40-token prompt with maxTokens 1, reporting 0 cached tokens
    Then tenant "a" generates from the same 40-token prompt with maxTokens 1, reporting the cached tokens of a repeat
    And tenant "b" generates from the same 40-token prompt with maxTokens 1, reporting the cached tokens of a repeat

  @REQ-050-008
  Scenario: [050-07] the quota route answers and reads back the quota set, for that tenant only
    When the admin sets the quota of tenant "a" to:
      """
      {"maxConcurrent": 3, "tokensPerMinute": 600}
      """
    Then the quota of tenant "a" reads maxConcurrent 3 and tokensPerMinute 600 with 600 tokens available
    And the quota of tenant "b" reads no limits

  @REQ-050-008
  Scenario: [050-08] a quota change leaves the members it does not name as they were
    Given the admin has set the quota of tenant "a" to:
      """
      {"maxConcurrent": 3, "tokensPerMinute": 600}
      """
    When the admin sets the quota of tenant "a" to:
      """
      {"tokensPerMinute": null}
      """
    Then the quota of tenant "a" reads maxConcurrent 3 and no tokensPerMinute

  @REQ-050-008
  Scenario: [050-09] a control reset returns every quota to the default
    Given the admin has set the quota of tenant "a" to:
      """
      {"maxConcurrent": 3, "tokensPerMinute": 600}
      """
    When the runtime is reset
    Then the quota of tenant "a" reads no limits
