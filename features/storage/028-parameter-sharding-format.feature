@SPEC-028 @capability:models.load
Feature: The parameter shard format: strict safetensors, every rule observable on load
  Each cm-sf-* model is cm-tiny under its own name with one shard written differently: either a variation the
  format allows, which loads and routes exactly as its tensors say, or a breach of one format rule, which the
  runtime refuses with 422 E_MODEL_FORMAT, loading nothing. Every manifest gives the true size and SHA-256 of the
  bytes served, so a refusal can only be a format refusal.

  Background:
    Given the conformance model "cm-tiny" is loaded

  @REQ-028-001 @capability:route
  Scenario Outline: [028-01a] a shard that follows every rule loads and routes as its tensors say (<name>: <variation>)
    Given the fixture server serves the shard-format fixture "<name>"
    When the admin loads the conformance model "<name>"
    Then the response is the ready model of the shard-format fixture "<name>"
    And routing fixture vectors 0 to 7 through the shard-format fixture "<name>" agrees with the oracle at every layer

    Examples:
      | name                   | variation                                                    |
      | cm-sf-no-metadata      | no __metadata__ member                                       |
      | cm-sf-empty-metadata   | an empty __metadata__ object                                 |
      | cm-sf-reordered        | header members and tensor data each in another order         |
      | cm-sf-unpadded         | no padding, a header length that is not a multiple of 8      |
      | cm-sf-long-padding     | 1001 spaces of padding                                       |
      | cm-sf-header-at-cap    | a header of exactly 1048576 bytes                            |
      | cm-sf-unicode-metadata | metadata with multi-byte UTF-8, escapes and an empty key     |

  @REQ-028-002
  Scenario Outline: [028-02a] a header length over 1048576 bytes is refused (<name>: <defect>)
    Given the fixture server serves the shard-format fixture "<name>"
    When the admin loads the conformance model "<name>"
    Then the request fails with E_MODEL_FORMAT and the state is unchanged
    And the model "<name>" is not loaded
    And the model list is exactly "cm-tiny"

    Examples:
      | name                  | defect                                                 |
      | cm-sf-header-over-cap | a valid header padded to 1048577 bytes                 |
      | cm-sf-length-2p32     | the true length plus 2^32: its low 32 bits are correct |
      | cm-sf-length-2p53     | the true length plus 2^53                              |
      | cm-sf-length-max      | 2^64 - 1                                               |

  @REQ-028-003
  Scenario Outline: [028-03a] a header whose first byte is not "{" is refused (<name>: <defect>)
    Given the fixture server serves the shard-format fixture "<name>"
    When the admin loads the conformance model "<name>"
    Then the request fails with E_MODEL_FORMAT and the state is unchanged
    And the model "<name>" is not loaded
    And the model list is exactly "cm-tiny"

    Examples:
      | name               | defect                         |
      | cm-sf-lead-space   | a space before the brace       |
      | cm-sf-lead-newline | a line feed before the brace   |
      | cm-sf-lead-bom     | a UTF-8 byte order mark first  |

  @REQ-028-004
  Scenario Outline: [028-04a] a header that is not valid UTF-8 is refused (<name>: <defect>)
    Given the fixture server serves the shard-format fixture "<name>"
    When the admin loads the conformance model "<name>"
    Then the request fails with E_MODEL_FORMAT and the state is unchanged
    And the model "<name>" is not loaded
    And the model list is exactly "cm-tiny"

    Examples:
      | name                    | defect                                                |
      | cm-sf-utf8-invalid-byte | byte FF in a metadata value                           |
      | cm-sf-utf8-overlong     | the overlong encoding C0 AF of "/"                    |
      | cm-sf-utf8-surrogate    | ED A0 80, an encoded surrogate                        |
      | cm-sf-utf8-cut-sequence | E2 82, a three-byte sequence cut before its last byte |

  @REQ-028-005
  Scenario Outline: [028-05a] a header that is not one JSON object is refused (<name>: <defect>)
    Given the fixture server serves the shard-format fixture "<name>"
    When the admin loads the conformance model "<name>"
    Then the request fails with E_MODEL_FORMAT and the state is unchanged
    And the model "<name>" is not loaded
    And the model list is exactly "cm-tiny"

    Examples:
      | name                      | defect                                          |
      | cm-sf-json-unterminated   | the closing brace replaced by a space           |
      | cm-sf-json-trailing-comma | a comma before the closing brace                |
      | cm-sf-json-single-quotes  | a member in single quotes                       |
      | cm-sf-json-comment        | a comment before the closing brace              |
      | cm-sf-json-nan            | NaN in a shape                                  |
      | cm-sf-json-control-char   | a raw tab inside a string                       |
      | cm-sf-json-garbage        | punctuation between the braces                  |

  @REQ-028-006
  Scenario Outline: [028-06a] a header with a duplicate member name at any level is refused (<name>: <defect>)
    Given the fixture server serves the shard-format fixture "<name>"
    When the admin loads the conformance model "<name>"
    Then the request fails with E_MODEL_FORMAT and the state is unchanged
    And the model "<name>" is not loaded
    And the model list is exactly "cm-tiny"

    Examples:
      | name                   | defect                                            |
      | cm-sf-dup-tensor       | the tier tensor's entry twice, identical          |
      | cm-sf-dup-entry-member | "dtype" twice in one entry                        |
      | cm-sf-dup-metadata-key | "layer" twice in __metadata__                     |

  @REQ-028-007
  Scenario Outline: [028-07a] header padding other than spaces is refused (<name>: <defect>)
    Given the fixture server serves the shard-format fixture "<name>"
    When the admin loads the conformance model "<name>"
    Then the request fails with E_MODEL_FORMAT and the state is unchanged
    And the model "<name>" is not loaded
    And the model list is exactly "cm-tiny"

    Examples:
      | name              | defect                 |
      | cm-sf-pad-newline | a line feed            |
      | cm-sf-pad-tab     | two tabs               |
      | cm-sf-pad-crlf    | a carriage return, LF  |
      | cm-sf-pad-nul     | four NUL bytes         |

  @REQ-028-008
  Scenario Outline: [028-08a] a __metadata__ member that is not an object of strings is refused (<name>: <defect>)
    Given the fixture server serves the shard-format fixture "<name>"
    When the admin loads the conformance model "<name>"
    Then the request fails with E_MODEL_FORMAT and the state is unchanged
    And the model "<name>" is not loaded
    And the model list is exactly "cm-tiny"

    Examples:
      | name              | defect                    |
      | cm-sf-meta-number | a number value            |
      | cm-sf-meta-null   | a null value              |
      | cm-sf-meta-bool   | a boolean value           |
      | cm-sf-meta-nested | an object value           |
      | cm-sf-meta-array  | an array, not an object   |
      | cm-sf-meta-string | a string, not an object   |

  @REQ-028-009
  Scenario Outline: [028-09a] a tensor entry without exactly dtype, shape and data_offsets is refused (<name>: <defect>)
    Given the fixture server serves the shard-format fixture "<name>"
    When the admin loads the conformance model "<name>"
    Then the request fails with E_MODEL_FORMAT and the state is unchanged
    And the model "<name>" is not loaded
    And the model list is exactly "cm-tiny"

    Examples:
      | name                        | defect                               |
      | cm-sf-entry-extra-member    | an extra member "ndim"               |
      | cm-sf-entry-missing-offsets | no data_offsets                      |
      | cm-sf-entry-misspelt        | "data_offset" for "data_offsets"     |
      | cm-sf-entry-array           | the entry is an array                |

  @REQ-028-010
  Scenario Outline: [028-10a] a tensor of dtype <dtype> is refused, though its bytes are F32 data (<name>)
    Given the fixture server serves the shard-format fixture "<name>"
    When the admin loads the conformance model "<name>"
    Then the request fails with E_MODEL_FORMAT and the state is unchanged
    And the model "<name>" is not loaded
    And the model list is exactly "cm-tiny"

    Examples:
      | name                  | dtype   |
      | cm-sf-dtype-f16       | F16     |
      | cm-sf-dtype-bf16      | BF16    |
      | cm-sf-dtype-f64       | F64     |
      | cm-sf-dtype-i32       | I32     |
      | cm-sf-dtype-u8        | U8      |
      | cm-sf-dtype-bool      | BOOL    |
      | cm-sf-dtype-f8-e4m3   | F8_E4M3 |
      | cm-sf-dtype-lower-f32 | f32     |

  @REQ-028-011
  Scenario Outline: [028-11a] a shape that is not non-negative safe integers, or overflows, is refused (<name>: <defect>)
    Given the fixture server serves the shard-format fixture "<name>"
    When the admin loads the conformance model "<name>"
    Then the request fails with E_MODEL_FORMAT and the state is unchanged
    And the model "<name>" is not loaded
    And the model list is exactly "cm-tiny"

    Examples:
      | name                 | defect                                    |
      | cm-sf-shape-number   | the number 16                             |
      | cm-sf-shape-null     | null                                      |
      | cm-sf-shape-string   | the string "2x8"                          |
      | cm-sf-shape-negative | [-2, -8], whose product is 16             |
      | cm-sf-shape-fraction | [0.5, 32], whose product is 16            |
      | cm-sf-shape-unsafe   | [2^53, 0]                                 |
      | cm-sf-shape-overflow | [2^20, 2^20, 2^20]: 4 x 2^60 bytes        |

  @REQ-028-012
  Scenario Outline: [028-12a] data_offsets that do not span the tensor's byte length are refused (<name>: <defect>)
    Given the fixture server serves the shard-format fixture "<name>"
    When the admin loads the conformance model "<name>"
    Then the request fails with E_MODEL_FORMAT and the state is unchanged
    And the model "<name>" is not loaded
    And the model list is exactly "cm-tiny"

    Examples:
      | name                   | defect                                             |
      | cm-sf-offsets-long     | 4 bytes longer than the shape, buffer to match     |
      | cm-sf-offsets-short    | 4 bytes shorter than the shape, buffer to match    |
      | cm-sf-offsets-reversed | end before begin                                   |
      | cm-sf-offsets-three    | three numbers                                      |
      | cm-sf-offsets-negative | a negative begin                                   |
      | cm-sf-offsets-strings  | strings                                            |
      | cm-sf-offsets-fraction | fractions                                          |

  @REQ-028-013
  Scenario Outline: [028-13a] overlapping tensor byte ranges are refused (<name>: <defect>)
    Given the fixture server serves the shard-format fixture "<name>"
    When the admin loads the conformance model "<name>"
    Then the request fails with E_MODEL_FORMAT and the state is unchanged
    And the model "<name>" is not loaded
    And the model list is exactly "cm-tiny"

    Examples:
      | name                  | defect                                                  |
      | cm-sf-overlap-partial | the group tensor starts 4 bytes before the expert's end |
      | cm-sf-overlap-nested  | the tier tensor lies inside the expert tensor           |

  @REQ-028-014
  Scenario Outline: [028-14a] unused bytes between or before tensors are refused (<name>: <defect>)
    Given the fixture server serves the shard-format fixture "<name>"
    When the admin loads the conformance model "<name>"
    Then the request fails with E_MODEL_FORMAT and the state is unchanged
    And the model "<name>" is not loaded
    And the model list is exactly "cm-tiny"

    Examples:
      | name               | defect                                     |
      | cm-sf-gap-between  | 4 unused bytes between two tensors         |
      | cm-sf-gap-at-start | the first tensor begins at byte 4          |

  @REQ-028-015
  Scenario Outline: [028-15a] bytes after the last tensor are refused (<name>: <defect>)
    Given the fixture server serves the shard-format fixture "<name>"
    When the admin loads the conformance model "<name>"
    Then the request fails with E_MODEL_FORMAT and the state is unchanged
    And the model "<name>" is not loaded
    And the model list is exactly "cm-tiny"

    Examples:
      | name                | defect                         |
      | cm-sf-trailing-word | 4 zero bytes                   |
      | cm-sf-trailing-byte | 1 zero byte                    |
      | cm-sf-trailing-copy | 704 more bytes                 |

  @REQ-028-016
  Scenario Outline: [028-16a] a shard shorter than its header and tensors declare is refused (<name>: <defect>)
    Given the fixture server serves the shard-format fixture "<name>"
    When the admin loads the conformance model "<name>"
    Then the request fails with E_MODEL_FORMAT and the state is unchanged
    And the model "<name>" is not loaded
    And the model list is exactly "cm-tiny"

    Examples:
      | name                   | defect                               |
      | cm-sf-cut-after-length | only the 8-byte header length        |
      | cm-sf-cut-in-header    | cut in the middle of the header      |
      | cm-sf-cut-before-data  | the whole data buffer missing        |
      | cm-sf-cut-last-byte    | the last byte missing                |
      | cm-sf-cut-last-values  | the last four values missing         |

  @REQ-028-017
  Scenario Outline: [028-17a] a tensor value that is not finite is refused (<name>)
    Given the fixture server serves the shard-format fixture "<name>"
    When the admin loads the conformance model "<name>"
    Then the request fails with E_MODEL_FORMAT and the state is unchanged
    And the model "<name>" is not loaded
    And the model list is exactly "cm-tiny"

    Examples:
      | name                    |
      | cm-sf-nan               |
      | cm-sf-negative-nan      |
      | cm-sf-signalling-nan    |
      | cm-sf-infinity          |
      | cm-sf-negative-infinity |

  @REQ-028-018
  Scenario Outline: [028-18a] a shard not holding exactly the tensors its manifest entry lists is refused (<name>: <defect>)
    Given the fixture server serves the shard-format fixture "<name>"
    When the admin loads the conformance model "<name>"
    Then the request fails with E_MODEL_FORMAT and the state is unchanged
    And the model "<name>" is not loaded
    And the model list is exactly "cm-tiny"

    Examples:
      | name                 | defect                                                  |
      | cm-sf-extra-tensor   | an unlisted tensor besides the three listed             |
      | cm-sf-copied-tensor  | a copy of a tensor the other shard's entry lists        |
      | cm-sf-missing-tensor | a listed tensor left out                                |
      | cm-sf-moved-tensor   | a listed tensor stored in the other shard instead       |
