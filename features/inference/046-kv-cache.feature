@SPEC-046 @capability:models.load @capability:generate
Feature: The KV cache: pages, reservation, prefix reuse within a tenant, eviction and the pool figures
  The pool holds pages of 16 positions. A generation reserves its pages before it starts and releases them when it
  ends; full prompt pages stay cached under a key of the tenant's secret, the model, the routing seed and policy and
  the tokens, so a later prompt of the same tenant reuses them and reports cachedTokens, with identical output.
  Another tenant or another routing seed never hits them. Cached pages are evicted least recently used first.

  @REQ-046-001
  Scenario Outline: [046-01a] after a generation from <prompt> completes, no page is active and <cached> prompt pages stay cached
    Given a tenant "t1" is provisioned
    And the model "default" is loaded
    When tenant "t1" generates from "<prompt>" of "default" with '{"maxTokens": 8}'
    Then no KV page is active and no sequence is admitted
    And the KV pool reads "pagesCached=<cached>, evictions=0"

    Examples:
      | prompt         | cached |
      | hello          | 0      |
      | stream-0[0:16] | 1      |
      | stream-0[0:40] | 2      |
      | stream-0[0:56] | 3      |

  @REQ-046-001
  Scenario: [046-01b] a running generation cancelled by its client releases every page it reserved
    Given a tenant "t1" is provisioned
    And the model "default" is loaded
    And the forward delay is set to 100 ms per layer
    When tenant "t1" opens a stream from "stream-0[0:40]" of "default" with '{"maxTokens": 16}'
    And the client closes the open stream after 1 token event
    Then the open stream's generation finishes cancelled with fewer than 16 tokens
    And no KV page is active and no sequence is admitted
    And the KV pool reads "pagesCached=2"

  @REQ-046-002
  Scenario: [046-02a] in a pool of 4 pages, four requests of 2 pages each released together run two at a time
    Given a tenant "t1" is provisioned
    And the model "cm-fwd-small" is loaded
    And the KV pool holds 4 pages
    When these generations are released together from a paused scheduler:
      | label | who | model        | prompt        | options           |
      | a     | t1  | cm-fwd-small | stream-1[0:5] | {"maxTokens": 20} |
      | b     | t1  | cm-fwd-small | stream-2[0:5] | {"maxTokens": 20} |
      | c     | t1  | cm-fwd-small | stream-3[0:5] | {"maxTokens": 20} |
      | d     | t1  | cm-fwd-small | stream-4[0:5] | {"maxTokens": 20} |
    Then the queue steps of the released generations are "0, 0, 20, 20", each after 20 steps
    And no KV page is active and no sequence is admitted

  @REQ-046-003
  Scenario: [046-03a] a request needing 3 pages from a pool of 2 is refused with E_MEMORY_KV and not queued
    Given a tenant "t1" is provisioned
    And the model "default" is loaded
    And the KV pool holds 2 pages
    When tenant "t1" sends the streamed generation "stream-0[0:30]" of "default" with '{"maxTokens": 8}'
    Then the request fails with E_MEMORY_KV
    And no KV page is active and no sequence is admitted
    And the KV pool reads "pagesFree=2, pagesTotal=2"

  @REQ-046-003
  Scenario: [046-03b] a request needing exactly the 2 pages of the pool is served
    Given a tenant "t1" is provisioned
    And the model "default" is loaded
    And the KV pool holds 2 pages
    When tenant "t1" generates from "stream-0[0:24]" of "default" with '{"maxTokens": 8}'
    Then the generation ends with length after 8 sampled tokens
    And no KV page is active and no sequence is admitted

  @REQ-046-004
  Scenario Outline: [046-04a] a prompt of <prompt> repeated by its tenant reuses <cached> positions
    Given a tenant "t1" is provisioned
    And the model "default" is loaded
    When tenant "t1" generates from "<prompt>" of "default" with '{"maxTokens": 8}' as "first"
    And tenant "t1" generates from "<prompt>" of "default" with '{"maxTokens": 8}' as "second"
    Then the generation "first" reported 0 cached tokens
    And the generation "second" reported <cached> cached tokens
    And the KV pool reads "prefixHits=<hits>, prefixTokensReused=<cached>"

    Examples:
      | prompt         | cached | hits |
      | stream-0[0:16] | 0      | 0    |
      | stream-0[0:17] | 16     | 1    |
      | stream-0[0:32] | 16     | 1    |
      | stream-0[0:33] | 32     | 2    |
      | stream-0[0:48] | 32     | 2    |
      | stream-0[0:56] | 48     | 3    |

  @REQ-046-004
  Scenario: [046-04b] prompts sharing one or two full pages with an earlier prompt reuse exactly those pages
    Given a tenant "t1" is provisioned
    And the model "default" is loaded
    When tenant "t1" generates from "stream-0[0:40]" of "default" with '{"maxTokens": 8}' as "long"
    And tenant "t1" generates from "stream-0[0:36] + [1, 2, 3, 4]" of "default" with '{"maxTokens": 8}' as "two pages"
    And tenant "t1" generates from "stream-0[0:20] + [5, 5, 5, 5, 5]" of "default" with '{"maxTokens": 8}' as "one page"
    And tenant "t1" generates from "[9] + stream-0[1:40]" of "default" with '{"maxTokens": 8}' as "first token differs"
    Then the generation "two pages" reported 32 cached tokens
    And the generation "one page" reported 16 cached tokens
    And the generation "first token differs" reported 0 cached tokens

  @REQ-046-005
  Scenario Outline: [046-05a] a generation served from cached pages equals the same generation computed whole (<options>)
    Given a tenant "t1" is provisioned
    And the model "default" is loaded
    When tenant "t1" generates from "stream-1[0:40]" of "default" with '<options>' as "computed"
    And tenant "t1" generates from "stream-1[0:40]" of "default" with '<options>' as "reused"
    Then the generation "reused" reported 32 cached tokens
    And the generations "computed" and "reused" have the same tokens, text and finish reason
    And the generation "reused" follows the decode rule over the runtime's forward logits

    Examples:
      | options                                              |
      | {"maxTokens": 12}                                    |
      | {"maxTokens": 20, "temperature": 0.9, "seed": "21"}  |

  @REQ-046-006
  Scenario: [046-06a] another tenant's identical prompt is computed whole, with the same output
    Given a tenant "t1" is provisioned
    And a tenant "t2" is provisioned
    And the model "default" is loaded
    When tenant "t1" generates from "stream-0[0:40]" of "default" with '{"maxTokens": 8}' as "mine"
    And tenant "t2" generates from "stream-0[0:40]" of "default" with '{"maxTokens": 8}' as "theirs"
    And the admin generates from "stream-0[0:40]" of "default" with '{"maxTokens": 8}' as "admin's"
    And tenant "t2" generates from "stream-0[0:40]" of "default" with '{"maxTokens": 8}' as "theirs again"
    Then the generation "theirs" reported 0 cached tokens
    And the generation "admin's" reported 0 cached tokens
    And the generation "theirs again" reported 32 cached tokens
    And the generations "mine" and "theirs" have the same tokens, text and finish reason

  @REQ-046-007
  Scenario: [046-07a] after the routing seed changes, a repeated prompt is computed whole under the new seed
    Given a tenant "t1" is provisioned
    And the model "default" is loaded
    When tenant "t1" generates from "stream-0[0:40]" of "default" with '{"maxTokens": 8}' as "before"
    And the routing seed is set to "4242"
    And tenant "t1" generates from "stream-0[0:40]" of "default" with '{"maxTokens": 8}' as "after"
    And tenant "t1" generates from "stream-0[0:40]" of "default" with '{"maxTokens": 8}' as "after again"
    Then the generation "after" reported 0 cached tokens
    And the generation "after again" reported 32 cached tokens
    And the generation "after" follows the decode rule over the runtime's forward logits

  @REQ-046-008
  Scenario: [046-08a] in a pool of 4 pages the least recently used cached page is evicted first
    Given a tenant "t1" is provisioned
    And the model "default" is loaded
    And the KV pool holds 4 pages
    When tenant "t1" generates from "stream-1[0:20]" of "default" with '{"maxTokens": 4}' as "A"
    And tenant "t1" generates from "stream-2[0:20]" of "default" with '{"maxTokens": 4}' as "B"
    And tenant "t1" generates from "stream-3[0:40]" of "default" with '{"maxTokens": 8}' as "C"
    And tenant "t1" generates from "stream-2[0:20]" of "default" with '{"maxTokens": 4}' as "B again"
    And tenant "t1" generates from "stream-1[0:20]" of "default" with '{"maxTokens": 4}' as "A again"
    Then the generation "B again" reported 16 cached tokens
    And the generation "A again" reported 0 cached tokens
    And the KV pool reads "evictions=2, pagesCached=3, pagesFree=1, prefixHits=1, prefixTokensReused=16"
    And the generations "A" and "A again" have the same tokens, text and finish reason

  @REQ-046-009
  Scenario: [046-09a] a reset empties the prefix cache, zeroes the counters and restores the pool size
    Given a tenant "t1" is provisioned
    And the model "default" is loaded
    And the KV pool size is noted
    And the KV pool holds 9 pages
    When tenant "t1" generates from "stream-0[0:40]" of "default" with '{"maxTokens": 8}' as "before"
    And the admin sends POST "/v1/conformance/reset"
    Then the KV pool has its noted size, no cached page and zero counters

  @REQ-046-009
  Scenario: [046-09b] a prompt repeated after a reset is computed whole
    Given a tenant "t1" is provisioned
    And the model "default" is loaded
    When tenant "t1" generates from "stream-0[0:40]" of "default" with '{"maxTokens": 8}' as "before"
    And the admin sends POST "/v1/conformance/reset"
    And a tenant "t1" is provisioned
    And the model "default" is loaded
    And tenant "t1" generates from "stream-0[0:40]" of "default" with '{"maxTokens": 8}' as "after"
    Then the generation "after" reported 0 cached tokens

  @REQ-046-009
  Scenario: [046-09c] a tenant cannot resize the pool
    Given a tenant "t1" is provisioned
    When tenant "t1" resizes the KV pool to 8 pages
    Then the request fails with E_AUTH_FORBIDDEN

  @REQ-046-009
  Scenario: [046-09d] the pool cannot be resized while a generation is queued
    Given a tenant "t1" is provisioned
    And the model "default" is loaded
    And the scheduler is paused
    When tenant "t1" opens a stream from "hello" of "default" with '{"maxTokens": 4}'
    And the admin resizes the KV pool to 8 pages
    Then the request fails with E_STATE_TRANSITION
