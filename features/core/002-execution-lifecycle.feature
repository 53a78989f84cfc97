@SPEC-002 @capability:models.load @capability:forward
Feature: The forward request lifecycle: admission checks, ordered results, deadlines and no partial results
  A forward request is checked as a whole before any of it runs, then routed, dispatched and combined layer by layer,
  and emitted in request and position order. Reporting options and the forward delay never change what is computed;
  a deadline that passes before emission fails the request with nothing but the error envelope.

  @REQ-002-001
  Scenario Outline: [002-01a] sequences of lengths 5, 1 and 9 through <model> with <options> come back in request order
    Given the conformance model "<model>" is loaded
    When the admin forwards the sequences "3:5, 4:1, 5:9" through "<model>" with "<options>"
    Then the forward result has one entry per sequence and per token, with logits and routes exactly as requested
    And each sequence result equals that sequence forwarded alone

    Examples:
      | model        | options          |
      | cm-fwd-small | no options       |
      | cm-fwd-small | trace            |
      | cm-fwd-small | logits           |
      | cm-fwd-small | trace and logits |
      | cm-fwd-tiny  | trace and logits |

  @REQ-002-001
  Scenario: [002-01b] the fixture sequences of the built-in model come back in request order, logits and routes included
    Given the built-in model "default" is loaded
    When the admin forwards the sequences "max, 2:1, hello, 1:5" through "default" with "trace and logits"
    Then the forward result has one entry per sequence and per token, with logits and routes exactly as requested
    And each sequence result equals that sequence forwarded alone

  @REQ-002-002
  Scenario Outline: [002-02a] a forward request for <what> fails with <code>
    Given the conformance model "cm-small" is loaded
    And the conformance model "cm-fwd-tiny" is loaded
    And the model "cm-fwd-tiny" has been deleted
    When the admin forwards the raw sequences "[[72, 101, 108]]" through "<model>"
    Then the request fails with <code> and the state is unchanged

    Examples:
      | what                           | model       | code                  |
      | a model that was never loaded  | cm-absent   | E_MODEL_NOT_FOUND     |
      | a model that has been deleted  | cm-fwd-tiny | E_MODEL_NOT_FOUND     |
      | a loaded formatVersion 1 model | cm-small    | E_FORWARD_UNSUPPORTED |

  @REQ-002-003
  Scenario Outline: [002-03a] the sequences <sequences> (<defect>) fail with E_FORWARD_LENGTH
    Given the conformance model "cm-fwd-tiny" is loaded
    When the admin forwards the raw sequences "<sequences>" through "cm-fwd-tiny"
    Then the request fails with E_FORWARD_LENGTH and the state is unchanged

    Examples:
      | sequences                                    | defect                         |
      | []                                           | no sequence                    |
      | [[]]                                         | one empty sequence             |
      | [[1, 2], [], [3]]                            | an empty sequence among others |
      | [[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]] | 17 tokens, maxSeq is 16        |

  @REQ-002-003
  Scenario Outline: [002-03b] <what> through <model> fails with E_FORWARD_LENGTH
    Given the conformance model "<model>" is loaded
    When the admin forwards <what> through "<model>"
    Then the request fails with E_FORWARD_LENGTH and the state is unchanged

    Examples:
      | what                                                | model        |
      | one sequence of maxSeq + 1 tokens                   | cm-fwd-small |
      | maxSeq-token sequences totalling one token too many | cm-fwd-small |
      | maxSeq-token sequences totalling one token too many | cm-fwd-tiny  |

  @REQ-002-003
  Scenario Outline: [002-03c] <what> through cm-fwd-tiny is within the limits and is answered
    Given the conformance model "cm-fwd-tiny" is loaded
    When the admin forwards <what> through "cm-fwd-tiny"
    Then the forward result has one entry per sequence and per token, with logits and routes exactly as requested

    Examples:
      | what                                       |
      | one sequence of exactly maxSeq tokens      |
      | maxSeq-token sequences totalling the limit |

  @REQ-002-004
  Scenario Outline: [002-04a] the token <token> (<defect>) fails with E_FORWARD_TOKEN
    Given the conformance model "cm-fwd-tiny" is loaded
    When the admin forwards the raw sequences "[[1, 2, 3], [4, <token>, 5]]" through "cm-fwd-tiny"
    Then the request fails with E_FORWARD_TOKEN and the state is unchanged

    Examples:
      | token    | defect                    |
      | -1       | negative                  |
      | 1.5      | a fraction                |
      | 255.0001 | a fraction below vocab    |
      | 256      | equal to vocab            |
      | 65536    | far beyond vocab          |
      | 1e400    | beyond the binary64 range |
      | -1e400   | beyond the binary64 range |

  @REQ-002-004
  Scenario: [002-04b] the largest and smallest token ids of the vocabulary are accepted, 255.0 as an integer
    Given the conformance model "cm-fwd-tiny" is loaded
    When the admin forwards the raw sequences "[[0, 255, 255.0, 0]]" through "cm-fwd-tiny"
    Then the response status is 200

  @REQ-002-005
  Scenario Outline: [002-05a] a valid sequence, then <defect>, fails with <code> although a delay outlasts the deadline
    Given the conformance model "cm-fwd-small" is loaded
    And the forward delay is set to 1000 ms per layer
    When the admin forwards the raw sequences "<sequences>" through "cm-fwd-small" with deadlineMs 1
    Then the request fails with <code> and the state is unchanged
    And the error envelope has exactly the members code, domain, message and retryable

    Examples:
      | defect               | sequences                      | code             |
      | a token beyond vocab | [[72, 101, 108], [1, 256]]     | E_FORWARD_TOKEN  |
      | a negative token     | [[72, 101, 108], [2, 3], [-4]] | E_FORWARD_TOKEN  |
      | an empty sequence    | [[72, 101, 108], [5, 6], []]   | E_FORWARD_LENGTH |

  @REQ-002-006
  Scenario Outline: [002-06a] a forward whose <n> ms delay per layer outlasts deadlineMs <deadline> fails with E_DEADLINE_EXCEEDED
    Given the conformance model "cm-fwd-small" is loaded
    And the forward delay is set to <n> ms per layer
    When the admin forwards the sequences "hello" through "cm-fwd-small" with "trace, logits, deadlineMs <deadline>"
    Then the request fails with E_DEADLINE_EXCEEDED and the state is unchanged
    And the error is marked retryable
    And the error envelope has exactly the members code, domain, message and retryable

    Examples:
      | n   | deadline |
      | 500 | 100      |
      | 300 | 500      |

  @REQ-002-006
  Scenario: [002-06b] without a forward delay, a deadline of minutes is met and changes nothing
    Given the conformance model "cm-fwd-small" is loaded
    When the admin forwards the fixture sequences of "cm-fwd-small" with "logits, deadlineMs 600000"
    Then the forward logits are within the oracle's tolerance

  @REQ-002-007
  Scenario Outline: [002-07a] the same request with <options> gives the same digests, FLOPs and logits
    Given the model "<model>" is loaded
    And the admin forwards the fixture sequences of "<model>" with "logits"
    And the forward result is remembered as "plain"
    When the admin repeats the forward request remembered as "plain" with "<options>"
    Then the forward digests, FLOPs and reported logits equal those remembered as "plain"

    Examples:
      | model        | options                          |
      | cm-fwd-small | no options                       |
      | cm-fwd-small | trace                            |
      | cm-fwd-small | trace, logits, deadlineMs 600000 |
      | cm-fwd-tiny  | trace and logits                 |
      | default      | trace, deadlineMs 600000         |

  @REQ-002-007
  Scenario Outline: [002-07b] a forward delay of <n> ms per layer changes no digest, FLOP count or logit of <model>
    Given the model "<model>" is loaded
    And the admin forwards the fixture sequences of "<model>" with "trace and logits"
    And the forward result is remembered as "without delay"
    And the forward delay is set to <n> ms per layer
    When the admin repeats the forward request remembered as "without delay" with "trace, logits, deadlineMs 600000"
    Then the forward digests, FLOPs and reported logits equal those remembered as "without delay"
    And the forward traces equal those remembered as "without delay"

    Examples:
      | model        | n  |
      | cm-fwd-small | 50 |
      | cm-fwd-small | 1  |
      | default      | 20 |

  @REQ-002-008
  Scenario Outline: [002-08a] the forward delay <n> is stored and echoed
    When the admin sets the forward delay to <n> ms per layer
    Then the request succeeds with status 200 and a body valid against "protocol/delay-request"
    And the response body is the JSON:
      """
      {"perLayerMs": <n>}
      """

    Examples:
      | n     |
      | 0     |
      | 250   |
      | 60000 |

  @REQ-002-008
  Scenario: [002-08b] a delay applies to requests admitted after it is set, and a later delay of 0 lifts it
    Given the conformance model "cm-fwd-small" is loaded
    And the forward delay is set to 400 ms per layer
    And the admin forwards the sequences "hello" through "cm-fwd-small" with "deadlineMs 200"
    And the request fails with E_DEADLINE_EXCEEDED
    When the admin sets the forward delay to 0 ms per layer
    And the admin forwards the sequences "hello" through "cm-fwd-small" with "deadlineMs 5000"
    Then the response status is 200

  @REQ-002-008
  Scenario: [002-08c] a reset sets the forward delay back to 0
    Given the forward delay is set to 10000 ms per layer
    And the runtime is reset
    And the conformance model "cm-fwd-small" is loaded
    When the admin forwards the fixture sequences of "cm-fwd-small" with "deadlineMs 5000"
    Then the response status is 200

  @REQ-002-009
  Scenario Outline: [002-09a] a request of several sequences failing <where> returns the envelope and nothing else
    Given the conformance model "cm-fwd-small" is loaded
    And the forward delay is set to <n> ms per layer
    When the admin forwards the raw sequences "<sequences>" through "cm-fwd-small" with deadlineMs <deadline>
    Then the request fails with <code> and the state is unchanged
    And the error envelope has exactly the members code, domain, message and retryable

    Examples:
      | where                         | n   | sequences                           | deadline | code                |
      | at the deadline               | 300 | [[72, 101], [1, 2, 3, 4], [9]]      | 200      | E_DEADLINE_EXCEEDED |
      | at the deadline, one sequence | 300 | [[72, 101, 108, 108, 111]]          | 200      | E_DEADLINE_EXCEEDED |
      | at the request checks         | 0   | [[72, 101], [1, 2, 3, 4], [9, 300]] | 60000    | E_FORWARD_TOKEN     |
