@SPEC-049 @capability:models.load @capability:generate
Feature: Telemetry model: Prometheus metrics that count generations exactly, traces per generation, no tenant data
  GET /metrics is read with the harness's own strict reader of the text format 0.0.4. Generations are served one at
  a time so that every counter and histogram count moves by exactly what the generations themselves report; traces
  agree with the results they explain and are as private as the generations. A list of prompts separated by " ; " is
  sent one prompt at a time, each request answered before the next is sent.

  @REQ-049-001
  Scenario: [049-01] GET /metrics answers the admin with an exposition a strict reader accepts
    Given the built-in model "default" is loaded
    And a tenant "t1" is provisioned
    And tenant "t1" generated from "Hello, world" with maxTokens 4
    When the admin scrapes the metrics
    Then the answer is Prometheus text 0.0.4 that the strict reader accepts without a problem

  @REQ-049-002
  Scenario: [049-02] every required family has its type, its label names and its bucket bounds
    When the admin scrapes the metrics
    Then the exposition holds these families with exactly these labels:
      | family                                | type      | labels              |
      | litellm_generations_total             | counter   | outcome             |
      | litellm_generated_tokens_total        | counter   |                     |
      | litellm_prompt_tokens_total           | counter   |                     |
      | litellm_prompt_cached_tokens_total    | counter   |                     |
      | litellm_time_to_first_token_seconds   | histogram |                     |
      | litellm_inter_token_latency_seconds   | histogram |                     |
      | litellm_generations_running           | gauge     |                     |
      | litellm_generations_queued            | gauge     |                     |
      | litellm_kv_pages                      | gauge     | state               |
      | litellm_scheduler_steps_total         | counter   |                     |
      | litellm_scheduler_batch_sequences     | histogram |                     |
      | litellm_quota_rejections_total        | counter   |                     |
      | litellm_http_requests_total           | counter   | route, method, status |
      | litellm_http_request_duration_seconds | histogram | route, method       |
    And "litellm_generations_total" has a series for each "outcome" of "stop, length, cancelled, error"
    And "litellm_kv_pages" has a series for each "state" of "free, active, cached"
    And the histograms have exactly the bucket bounds of SPEC-049

  @REQ-049-003
  Scenario: [049-03] counters move by exactly the figures the generations report
    Given the built-in model "default" is loaded
    And a tenant "t1" is provisioned
    And the admin scrapes the metrics
    When tenant "t1" generates from "Hello, world ; twenty-byte prompt!! ; twenty-byte prompt!! ; x" with maxTokens 5
    And the admin scrapes the metrics again
    Then the generation counters moved by exactly the generations' outcomes, usage and steps
    And "litellm_http_requests_total" with route "/v1/generate", method "POST", status "200" moved by 4

  @REQ-049-004
  Scenario: [049-04] histogram counts move by exactly one observation per generation, token and step
    Given the built-in model "default" is loaded
    And a tenant "t1" is provisioned
    And the admin scrapes the metrics
    When tenant "t1" generates from "Hello, world ; abc ; a longer prompt of words" with maxTokens 6
    And the admin scrapes the metrics again
    Then the histogram counts moved by exactly the generations' tokens and steps
    And every histogram series has cumulative buckets ending at +Inf equal to its count

  @REQ-049-005
  Scenario: [049-05] requests are counted under their route pattern, never the path with the id
    Given the built-in model "default" is loaded
    And a tenant "t1" is provisioned
    And tenant "t1" generated from "Hello, world" with maxTokens 3
    And the admin scrapes the metrics
    When tenant "t1" reads the trace of its last generation
    And the admin scrapes the metrics again
    Then "litellm_http_requests_total" with route "/v1/generations/{id}/trace", method "GET", status "200" moved by 1
    And no label value of the exposition contains a generation id of this scenario

  @REQ-049-006
  Scenario: [049-06] a tenant's name, token, prompt and generation ids never appear in the metrics
    Given the built-in model "default" is loaded
    And a tenant "canary-tenant-q7x" is provisioned
    And tenant "canary-tenant-q7x" generated from "zq-secret-prompt-4711 ; zq-secret-prompt-4711" with maxTokens 4
    When the admin scrapes the metrics
    Then the exposition contains neither the name nor the token of tenant "canary-tenant-q7x"
    And the exposition contains neither the prompt "zq-secret-prompt-4711" nor any generation id of this scenario

  @REQ-049-007
  Scenario Outline: [049-07] GET /metrics refuses <who> with <code>
    Given a tenant "t1" is provisioned
    When <who> scrapes the metrics
    Then the scrape fails with <code>

    Examples:
      | who                  | code                      |
      | tenant "t1"          | E_AUTH_FORBIDDEN          |
      | an anonymous client  | E_AUTH_MISSING_CREDENTIAL |

  @REQ-049-008
  Scenario Outline: [049-08] the trace of a finished generation read by <reader> agrees with its result
    Given the built-in model "default" is loaded
    And a tenant "t1" is provisioned
    And tenant "t1" generated from "<prompts>" with maxTokens <maxTokens>
    When <reader> reads the trace of the last generation of tenant "t1"
    Then the trace has the spans queue, prefill and decode, contiguous, and agrees with the generation's result

    Examples:
      | reader      | prompts                                     | maxTokens |
      | tenant "t1" | Hello, world                                | 5         |
      | the admin   | Hello, world                                | 1         |
      | tenant "t1" | twenty-byte prompt!! ; twenty-byte prompt!! | 4         |

  @REQ-049-009
  Scenario: [049-09] another tenant's trace is as absent as an unknown one
    Given the built-in model "default" is loaded
    And a tenant "t1" is provisioned
    And a tenant "t2" is provisioned
    And tenant "t1" generated from "Hello, world" with maxTokens 3
    When tenant "t2" reads the trace of the last generation of tenant "t1"
    Then the trace request fails with E_GENERATION_NOT_FOUND
    And tenant "t2" reading the trace of an unknown generation id fails the same way

  @REQ-049-010
  Scenario: [049-10] when the runtime is idle the gauges agree with the KV pool
    Given the built-in model "default" is loaded
    And a tenant "t1" is provisioned
    And tenant "t1" generated from "twenty-byte prompt!! ; twenty-byte prompt!! ; Hi" with maxTokens 4
    When the admin scrapes the metrics
    Then no generation is running or queued and the page gauges equal the pages of GET /v1/kv
