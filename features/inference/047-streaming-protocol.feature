@SPEC-047 @capability:models.load @capability:generate
Feature: The streaming protocol: event framing and order, usage, resume, cancellation, visibility and errors
  A streamed generation is a text/event-stream of start, token, usage and done events with ids 0, 1, 2, and so on.
  Its tokens are those of the same request not streamed. The event list can be replayed after any Last-Event-ID. A
  client that leaves cancels its generation, as DELETE does, and the pages come back. Other tenants cannot see,
  follow or cancel it, and an error after the start is a final error event.

  @REQ-047-001
  Scenario Outline: [047-01a] a stream of <model> with <options> is framed with consecutive ids in the order start, tokens, usage, done
    Given a tenant "t1" is provisioned
    And the model "<model>" is loaded
    When tenant "t1" opens a stream from "<prompt>" of "<model>" with '<options>'
    Then the stream is well formed: ids from 0, start, tokens, usage, done, then the end

    Examples:
      | model        | prompt         | options                                             |
      | cm-fwd-small | hello          | {"maxTokens": 8}                                    |
      | default      | stream-0[0:10] | {"maxTokens": 20, "temperature": 0.8, "seed": "4"}  |
      | default      | [65]           | {"maxTokens": 1}                                    |

  @REQ-047-002
  Scenario Outline: [047-02a] token events carry the non-streamed tokens with incrementally decoded UTF-8 texts
    Given a tenant "t1" is provisioned
    And the model "cm-fwd-small" is loaded
    When tenant "t1" opens a stream from "hello" of "cm-fwd-small" with '<options>'
    Then the stream carries the tokens, texts and usage of the same request not streamed
    And the token texts are the incremental UTF-8 decoding of the tokens, which include a multi-byte lead byte

    Examples:
      | options                                                          |
      | {"maxTokens": 20, "temperature": 0.8, "topP": 0.9, "seed": "7"}  |

  @REQ-047-002
  Scenario Outline: [047-02b] a streamed generation ended by the stop sequences <ranges> never sends their tokens
    Given a tenant "t1" is provisioned
    And the model "cm-fwd-small" is loaded
    When tenant "t1" generates from "hello" of "cm-fwd-small" with '{"maxTokens": 14}' as "free"
    And tenant "t1" streams "free" again with the stop sequences "<ranges>" taken from its tokens
    Then the stream is well formed: ids from 0, start, tokens, usage, done, then the end
    And the stream carries the tokens, texts and usage of the same request not streamed

    Examples:
      | ranges |
      | 3-4    |
      | 5-7    |

  @REQ-047-003
  Scenario Outline: [047-03a] the usage event of <prompt> counts the token events and equals the non-streamed usage
    Given a tenant "t1" is provisioned
    And the model "default" is loaded
    When tenant "t1" opens a stream from "<prompt>" of "default" with '{"maxTokens": 10}'
    Then the stream carries the tokens, texts and usage of the same request not streamed

    Examples:
      | prompt         |
      | hello          |
      | stream-2[0:16] |

  @REQ-047-004
  Scenario Outline: [047-04a] resuming a finished stream after event <after> replays exactly the events after it
    Given a tenant "t1" is provisioned
    And the model "cm-fwd-small" is loaded
    When tenant "t1" opens a stream from "hello" of "cm-fwd-small" with '{"maxTokens": 8}'
    And the open stream is read to its end
    Then resuming after event <after> replays exactly the later events

    Examples:
      | after |
      | 0     |
      | 3     |
      | 9     |
      | 10    |

  @REQ-047-004
  Scenario: [047-04b] a follower of a running generation sees every event live; replay without Last-Event-ID gives all
    Given a tenant "t1" is provisioned
    And the model "cm-fwd-small" is loaded
    And the forward delay is set to 30 ms per layer
    When tenant "t1" opens a stream from "hello" of "cm-fwd-small" with '{"maxTokens": 10}'
    And tenant "t1" follows the open stream's generation from the start
    Then the follower receives the same events as the open stream
    And resuming without Last-Event-ID replays every event

  @REQ-047-005
  Scenario: [047-05a] a client leaving the stream of a queued generation cancels it before any token
    Given a tenant "t1" is provisioned
    And the model "cm-fwd-small" is loaded
    And the scheduler is paused
    When tenant "t1" opens a stream from "hello" of "cm-fwd-small" with '{"maxTokens": 8}'
    And the client closes the open stream after 0 token events
    Then the open stream's generation finishes cancelled with fewer than 1 token
    And no KV page is active and no sequence is admitted

  @REQ-047-005
  Scenario: [047-05b] a client leaving the stream of a running generation cancels it and its pages are released
    Given a tenant "t1" is provisioned
    And the model "cm-fwd-small" is loaded
    And the forward delay is set to 100 ms per layer
    When tenant "t1" opens a stream from "hello" of "cm-fwd-small" with '{"maxTokens": 16}'
    And the client closes the open stream after 1 token event
    Then the open stream's generation finishes cancelled with fewer than 16 tokens
    And no KV page is active and no sequence is admitted

  @REQ-047-006
  Scenario: [047-06a] DELETE of a queued generation cancels it: its stream ends with usage cancelled and done
    Given a tenant "t1" is provisioned
    And the model "cm-fwd-small" is loaded
    And the scheduler is paused
    When tenant "t1" opens a stream from "hello" of "cm-fwd-small" with '{"maxTokens": 8}'
    And tenant "t1" deletes the open stream's generation
    Then the cancellation is accepted
    And the open stream ends with usage "cancelled" and done
    And no KV page is active and no sequence is admitted

  @REQ-047-006
  Scenario: [047-06b] DELETE of a running generation stops it before its next step and releases its pages
    Given a tenant "t1" is provisioned
    And the model "cm-fwd-small" is loaded
    And the forward delay is set to 100 ms per layer
    When tenant "t1" opens a stream from "hello" of "cm-fwd-small" with '{"maxTokens": 16}'
    And the open stream has received 1 token event
    And tenant "t1" deletes the open stream's generation
    Then the cancellation is accepted
    And the open stream ends with usage "cancelled" and done
    And the open stream's generation finishes cancelled with fewer than 16 tokens
    And no KV page is active and no sequence is admitted

  @REQ-047-007
  Scenario: [047-07a] another tenant cannot see, follow or cancel a finished generation; its own tenant sees its result
    Given a tenant "t1" is provisioned
    And a tenant "t2" is provisioned
    And the model "cm-fwd-small" is loaded
    When tenant "t1" generates from "hello" of "cm-fwd-small" with '{"maxTokens": 4}' as "mine"
    Then tenant "t2" cannot see, follow or cancel the generation "mine"
    And the status of "mine" is finished with an outcome equal to its result

  @REQ-047-007
  Scenario: [047-07c] an id the runtime never issued is not found
    Given a tenant "t1" is provisioned
    When tenant "t1" sends GET "/v1/generations/gen-000000000000000000000000"
    Then the request fails with E_GENERATION_NOT_FOUND

  @REQ-047-007
  Scenario: [047-07b] another tenant's DELETE of a queued generation is not found and cancels nothing
    Given a tenant "t1" is provisioned
    And a tenant "t2" is provisioned
    And the model "cm-fwd-small" is loaded
    And the scheduler is paused
    When tenant "t1" opens a stream from "hello" of "cm-fwd-small" with '{"maxTokens": 5}'
    Then tenant "t2" cannot see, follow or cancel the open stream's generation
    And once the scheduler is resumed the open stream completes well formed

  @REQ-047-008
  Scenario: [047-08a] a deadline that passes mid-stream ends the stream with an error event and the status says error
    Given a tenant "t1" is provisioned
    And the model "cm-fwd-small" is loaded
    And the forward delay is set to 100 ms per layer
    When tenant "t1" opens a stream from "hello" of "cm-fwd-small" with '{"maxTokens": 16, "deadlineMs": 300}'
    Then the open stream ends with an error event E_DEADLINE_EXCEEDED after its start, without usage or done
    And no KV page is active and no sequence is admitted

  @REQ-047-008
  Scenario: [047-08b] the same deadline on a non-streamed generation answers E_DEADLINE_EXCEEDED
    Given a tenant "t1" is provisioned
    And the model "cm-fwd-small" is loaded
    And the forward delay is set to 100 ms per layer
    When tenant "t1" sends the generation "hello" of "cm-fwd-small" with '{"maxTokens": 16, "deadlineMs": 300}'
    Then the request fails with E_DEADLINE_EXCEEDED
    And no KV page is active and no sequence is admitted

  @REQ-047-009
  Scenario Outline: [047-09a] the status of a finished generation with <options> holds its result
    Given a tenant "t1" is provisioned
    And the model "default" is loaded
    When tenant "t1" generates from "hello" of "default" with '<options>' as "done"
    Then the status of "done" is finished with an outcome equal to its result

    Examples:
      | options                                             |
      | {"maxTokens": 6}                                    |
      | {"maxTokens": 16, "temperature": 1, "seed": "8"}    |
      | {"maxTokens": 12, "stop": [[150]]}                  |
