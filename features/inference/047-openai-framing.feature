@SPEC-047 @capability:models.load @capability:generate
Feature: OpenAI framing: completions and chat completions are the native generations of the same tokens
  POST /v1/completions and POST /v1/chat/completions take OpenAI-shaped requests. The harness builds the prompt
  tokens itself (UTF-8 bytes; for chat "<role>: <content>\n" per message, then "assistant: "), asks POST /v1/generate
  for the same generation and requires the same text, finish reason and usage; streams are read back into text and
  compared with the non-streamed answer; refusals carry the native route's codes.

  Background:
    Given the built-in model "default" is loaded
    And a tenant "t1" is provisioned

  @REQ-047-010
  Scenario Outline: [047-10a] a completion of "<prompt>" with <members> is the native generation of its UTF-8 bytes
    When tenant "t1" asks for the OpenAI completion of "<prompt>" with '<members>'
    Then the request succeeds with status 200 and a body valid against "protocol/openai-completion"
    And the answer is the native generation of the same tokens: text, finish reason and usage

    Examples:
      | prompt       | members                                                       |
      | Hello, world | {}                                                            |
      | Hello, world | {"max_tokens": 8}                                             |
      | héllo ✓      | {"max_tokens": 20, "temperature": 0.9, "seed": 11}            |
      | abc          | {"max_tokens": 16, "temperature": 1.5, "top_p": 0.8, "seed": 3} |

  @REQ-047-010
  Scenario: [047-10b] a seeded sampled completion depends on its seed as the native generation does
    When tenant "t1" asks for the OpenAI completion of "abc" with '{"max_tokens": 16, "temperature": 0.9, "seed": 7}'
    Then the answer is the native generation of the same tokens: text, finish reason and usage
    And the native generation with seed 0 differs from it

  @REQ-047-010
  Scenario: [047-10c] a stop string ends the completion as the same stop tokens end the native generation
    Given tenant "t1" picked a stop character from the generation of "abc" with '{"max_tokens":16,"temperature":0.9,"seed":7}'
    When tenant "t1" asks for that OpenAI completion with the stop character
    Then the answer is the native generation of the same tokens: text, finish reason and usage
    And the answer ended at the stop string with finish reason "stop"

  @REQ-047-011
  Scenario Outline: [047-11a] a chat completion with <members> is the native generation of the chat template
    When tenant "t1" asks for the OpenAI chat completion with '<members>' of:
      | role      | content          |
      | system    | Answer briefly.  |
      | user      | Hi               |
    Then the request succeeds with status 200 and a body valid against "protocol/openai-chat-completion"
    And the answer is the native generation of the same tokens: text, finish reason and usage

    Examples:
      | members                                           |
      | {"max_tokens": 10}                                |
      | {"max_tokens": 10, "temperature": 0.9, "seed": 7} |

  @REQ-047-011
  Scenario: [047-11b] a multi-turn chat with a non-ASCII message is framed turn by turn
    When tenant "t1" asks for the OpenAI chat completion with '{"max_tokens": 6, "temperature": 0.7, "seed": 5}' of:
      | role      | content |
      | user      | Grüß    |
      | assistant | Hallo   |
      | user      | ✓\nok   |
    Then the answer is the native generation of the same tokens: text, finish reason and usage

  @REQ-047-012
  Scenario Outline: [047-12a] a streamed completion with <members> is chunks ending with [DONE] that make the non-streamed answer
    When tenant "t1" streams the OpenAI completion of "Hello, world" with '<members>'
    Then the stream is valid chunks ending with [DONE] whose texts make the non-streamed answer, the last with its finish reason

    Examples:
      | members                                                                         |
      | {"max_tokens": 8}                                                               |
      | {"max_tokens": 24, "temperature": 0.9, "seed": 11}                              |
      | {"max_tokens": 24, "temperature": 0.9, "seed": 11, "stop": ["e", "q"]}          |
      | {"max_tokens": 4, "stream_options": {"include_usage": true}}                    |

  @REQ-047-012
  Scenario: [047-12b] a streamed chat completion is chunks ending with [DONE] that make the non-streamed message
    When tenant "t1" streams the OpenAI chat completion with '{"max_tokens": 12, "temperature": 0.9, "seed": 7}' of:
      | role | content |
      | user | Hi      |
    Then the stream is valid chunks ending with [DONE] whose texts make the non-streamed answer, the last with its finish reason

  @REQ-047-013
  Scenario Outline: [047-13a] an OpenAI request for <what> fails with <code> as the native generation does
    When tenant "t1" sends this OpenAI request to "<path>":
      """
      <body>
      """
    Then the request fails with <code> and the state is unchanged
    And the native generation of the same tokens fails with <code>

    Examples:
      | what                            | path                 | code                | body                                                                        |
      | a prompt beyond maxSeq          | /v1/completions      | E_GENERATION_LENGTH | {"model": "default", "prompt": "abc", "max_tokens": 62}                      |
      | an empty prompt                 | /v1/completions      | E_GENERATION_LENGTH | {"model": "default", "prompt": ""}                                           |
      | a chat beyond maxSeq            | /v1/chat/completions | E_GENERATION_LENGTH | {"model": "default", "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 50} |
      | a model that is not loaded      | /v1/completions      | E_MODEL_NOT_FOUND   | {"model": "absent", "prompt": "abc"}                                         |

  @REQ-047-013
  Scenario Outline: [047-13b] an OpenAI request with <what> fails with E_PROTOCOL_BAD_REQUEST and the state is unchanged
    When tenant "t1" sends this OpenAI request to "<path>":
      """
      <body>
      """
    Then the request fails with E_PROTOCOL_BAD_REQUEST and the state is unchanged

    Examples:
      | what              | path                 | body                                                                                 |
      | n 2               | /v1/chat/completions | {"model": "default", "messages": [{"role": "user", "content": "Hi"}], "n": 2}        |
      | n 3               | /v1/completions      | {"model": "default", "prompt": "abc", "n": 3}                                        |
      | a member it lacks | /v1/completions      | {"model": "default", "prompt": "abc", "logit_bias": {"97": 1}}                       |

  @REQ-047-005
  Scenario: [047-05o] a client that closes its OpenAI stream cancels the queued generation and frees its pages
    Given the scheduler is paused
    When tenant "t1" starts streaming the OpenAI chat completion of "Hi" with '{"max_tokens": 40}'
    And the client closes that stream after its first chunk
    Then that generation finishes cancelled with fewer than 40 tokens while the scheduler is paused
    And no KV page is active
