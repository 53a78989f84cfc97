@SPEC-043 @capability:models.load @capability:generate
Feature: The token routing pipeline: greedy and seeded sampling, stop sequences, maxTokens and batch invariance
  Every generated token is the decode rule of SPEC-043 applied to the logits POST /v1/forward reports for the prompt
  followed by the tokens before it, whatever else shares the decode step. Stop sequences end a generation and are
  left out; maxTokens bounds it; requests that cannot fit maxSeq are refused before any work. The scheduler admits
  at most maxBatch sequences at once and counts the steps each generation spent queued and running.

  @REQ-043-001
  Scenario Outline: [043-01a] greedy tokens of <model> from <prompt> are the argmax of the runtime's logits and agree with the oracle
    Given a tenant "t1" is provisioned
    And the model "<model>" is loaded
    When tenant "t1" generates from "<prompt>" of "<model>" with '<options>'
    Then the generation follows the decode rule over the runtime's forward logits
    And the greedy tokens agree with the forward oracle wherever it is decisive

    Examples:
      | model        | prompt            | options                              |
      | cm-fwd-small | hello             | {"maxTokens": 12}                    |
      | cm-fwd-small | stream-1[0:5]     | {"maxTokens": 20, "temperature": 0}  |
      | default      | stream-0[0:5]     | {"maxTokens": 24}                    |
      | default      | stream-4[0:8]     | {}                                   |

  @REQ-043-002
  Scenario Outline: [043-02a] sampling at temperature <temperature> with seed <seed> follows the seeded rule over the runtime's logits
    Given a tenant "t1" is provisioned
    And the model "<model>" is loaded
    When tenant "t1" generates from "hello" of "<model>" with '{"maxTokens": 16, "temperature": <temperature>, "seed": "<seed>"}'
    Then the generation follows the decode rule over the runtime's forward logits

    Examples:
      | model        | temperature | seed                 |
      | cm-fwd-small | 0.7         | 7                    |
      | cm-fwd-small | 1.5         | 18446744073709551615 |
      | default      | 1           | 0                    |
      | default      | 0.25        | 12345                |

  @REQ-043-002
  Scenario Outline: [043-02b] the same sampled request gives the same tokens again, following the seeded rule
    Given a tenant "t1" is provisioned
    And the model "cm-fwd-small" is loaded
    When tenant "t1" generates from "stream-2[0:6]" of "cm-fwd-small" with '<options>' as "first"
    And tenant "t1" generates from "stream-2[0:6]" of "cm-fwd-small" with '<options>' as "second"
    Then the generations "first" and "second" have the same tokens, text and finish reason
    And the generation "first" follows the decode rule over the runtime's forward logits

    Examples:
      | options                                          |
      | {"maxTokens": 20, "temperature": 1, "seed": "99"} |

  @REQ-043-003
  Scenario Outline: [043-03a] top-p with <sampling> restricts sampling to the nucleus
    Given a tenant "t1" is provisioned
    And the model "<model>" is loaded
    When tenant "t1" generates from "hello" of "<model>" with '{"maxTokens": 16, "seed": "3", <sampling>}'
    Then the generation follows the decode rule over the runtime's forward logits
    And the top-p nucleus decided at least one of its tokens

    Examples:
      | model        | sampling                          |
      | cm-fwd-small | "temperature": 1, "topP": 0.3     |
      | default      | "temperature": 2, "topP": 0.5     |

  @REQ-043-004
  Scenario Outline: [043-04a] generations released together with maxBatch <maxBatch> give the tokens each gets alone
    Given a tenant "t1" is provisioned
    And a tenant "t2" is provisioned
    And the model "cm-fwd-small" is loaded
    And the model "default" is loaded
    And the scheduler allows <maxBatch> sequences per batch
    When these generations are released together from a paused scheduler:
      | label | who | model        | prompt         | options                                                  |
      | a     | t1  | cm-fwd-small | hello          | {"maxTokens": 10}                                        |
      | b     | t2  | cm-fwd-small | stream-1[0:5]  | {"maxTokens": 4, "temperature": 0.9, "seed": "5"}         |
      | c     | t1  | default      | stream-0[0:16] | {"maxTokens": 12, "temperature": 0.5, "topP": 0.8}        |
      | d     | t2  | default      | [72]           | {"maxTokens": 7}                                         |
      | e     | t1  | cm-fwd-small | stream-3[0:9]  | {"maxTokens": 15, "temperature": 1.2, "seed": "77"}       |
      | f     | t2  | default      | hello          | {"maxTokens": 9, "temperature": 0.8, "seed": "1"}         |
    Then each of them gives the same tokens, text and finish reason when generated again alone
    And the generation "a" follows the decode rule over the runtime's forward logits
    And the generation "e" follows the decode rule over the runtime's forward logits

    Examples:
      | maxBatch |
      | 64       |
      | 4        |

  @REQ-043-005
  Scenario Outline: [043-05a] the stop sequences <ranges> of tokens of an earlier run end the same request there, left out
    Given a tenant "t1" is provisioned
    And the model "<model>" is loaded
    When tenant "t1" generates from "<prompt>" of "<model>" with '{"maxTokens": 14}' as "free"
    And tenant "t1" generates "free" again with the stop sequences "<ranges>" taken from its tokens
    Then the output is the tokens of "free" before the first completed stop sequence
    And the generation follows the decode rule over the runtime's forward logits

    Examples:
      | model        | prompt        | ranges     |
      | cm-fwd-small | hello         | 3-4        |
      | cm-fwd-small | stream-1[0:5] | 6          |
      | default      | hello         | 2-3, 3     |
      | default      | stream-2[0:8] | 5-7, 9     |

  @REQ-043-006
  Scenario Outline: [043-06a] with maxTokens <options> and no stop, a generation samples <count> tokens and ends with length
    Given a tenant "t1" is provisioned
    And the model "cm-fwd-small" is loaded
    When tenant "t1" generates from "stream-1[0:5]" of "cm-fwd-small" with '<options>'
    Then the generation ends with length after <count> sampled tokens
    And the generation has <count> tokens
    And the generation follows the decode rule over the runtime's forward logits

    Examples:
      | options                               | count |
      | {"maxTokens": 1}                      | 1     |
      | {"maxTokens": 5}                      | 5     |
      | {}                                    | 16    |
      | {"maxTokens": 27, "temperature": 0.6} | 27    |

  @REQ-043-007
  Scenario Outline: [043-07a] <case> is refused with E_GENERATION_LENGTH before any work
    Given a tenant "t1" is provisioned
    And the model "cm-fwd-small" is loaded
    When tenant "t1" sends the generation "<prompt>" of "cm-fwd-small" with '<options>'
    Then the request fails with E_GENERATION_LENGTH, nothing is queued and the KV pool is unchanged

    Examples:
      | case                                 | prompt         | options                          |
      | an empty prompt                      | []             | {"maxTokens": 4}                 |
      | a prompt of 24 with maxTokens 9      | stream-0[0:24] | {"maxTokens": 9}                 |
      | a prompt of 32 with the default 16   | stream-0[0:32] | {}                               |
      | a prompt of 1 with maxTokens 32      | [7]            | {"maxTokens": 32, "stream": true} |

  @REQ-043-007
  Scenario: [043-07b] a prompt of 24 with maxTokens 8 fills maxSeq exactly and is served
    Given a tenant "t1" is provisioned
    And the model "cm-fwd-small" is loaded
    When tenant "t1" generates from "stream-0[0:24]" of "cm-fwd-small" with '{"maxTokens": 8}'
    Then the generation ends with length after 8 sampled tokens

  @REQ-043-008
  Scenario Outline: [043-08a] a generation for <case> fails with <code> and changes nothing
    Given a tenant "t1" is provisioned
    And the model "cm-fwd-small" is loaded
    And the model "cm-small" is loaded
    When tenant "t1" sends the generation "<prompt>" of "<model>" with '<options>'
    Then the request fails with <code>, nothing is queued and the KV pool is unchanged

    Examples:
      | case                                | model        | prompt     | options          | code                  |
      | a model that is not loaded          | cm-nowhere   | [1, 2]     | {}               | E_MODEL_NOT_FOUND     |
      | a formatVersion 1 model             | cm-small     | [1, 2]     | {}               | E_FORWARD_UNSUPPORTED |
      | a token id of 256                   | cm-fwd-small | [1, 256]   | {"maxTokens": 2} | E_FORWARD_TOKEN       |
      | a too long request with a bad token | cm-fwd-small | [1, 256]   | {"maxTokens": 31} | E_GENERATION_LENGTH  |

  @REQ-043-009
  Scenario Outline: [043-09a] with maxBatch <maxBatch>, five requests released together run in waves
    Given a tenant "t1" is provisioned
    And the model "cm-fwd-small" is loaded
    And the scheduler allows <maxBatch> sequences per batch
    When these generations are released together from a paused scheduler:
      | label | who | model        | prompt        | options          |
      | a     | t1  | cm-fwd-small | stream-1[0:5] | {"maxTokens": 3} |
      | b     | t1  | cm-fwd-small | stream-2[0:5] | {"maxTokens": 3} |
      | c     | t1  | cm-fwd-small | stream-3[0:5] | {"maxTokens": 3} |
      | d     | t1  | cm-fwd-small | stream-4[0:5] | {"maxTokens": 3} |
      | e     | t1  | cm-fwd-small | stream-5[0:5] | {"maxTokens": 3} |
    Then the queue steps of the released generations are "<queueSteps>", each after 3 steps

    Examples:
      | maxBatch | queueSteps    |
      | 1        | 0, 3, 6, 9, 12 |
      | 2        | 0, 0, 3, 3, 6  |
      | 64       | 0, 0, 0, 0, 0  |

  @REQ-043-010
  Scenario: [043-10a] while the scheduler is paused an accepted generation stays queued; resuming runs it
    Given a tenant "t1" is provisioned
    And the model "cm-fwd-small" is loaded
    And the scheduler is paused
    When tenant "t1" opens a stream from "hello" of "cm-fwd-small" with '{"maxTokens": 6}'
    Then the open stream's generation stays queued without a token event for 400 ms
    And the scheduler reads paused true and maxBatch 64
    And once the scheduler is resumed the open stream completes well formed

  @REQ-043-010
  Scenario: [043-10b] a reset unpauses the scheduler and restores maxBatch 64
    Given the scheduler allows 3 sequences per batch
    And the scheduler is paused
    When the admin sends POST "/v1/conformance/reset"
    Then the scheduler reads paused false and maxBatch 64

  @REQ-043-011
  Scenario Outline: [043-11a] the text of a generation of <model> is the UTF-8 decoding of its bytes
    Given a tenant "t1" is provisioned
    And the model "<model>" is loaded
    When tenant "t1" generates from "hello" of "<model>" with '<options>'
    Then the text is the UTF-8 decoding of the tokens, which include a byte above 127

    Examples:
      | model        | options                                              |
      | cm-fwd-small | {"maxTokens": 12}                                    |
      | default      | {"maxTokens": 20, "temperature": 1.3, "seed": "11"}  |
