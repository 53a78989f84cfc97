@SPEC-008 @capability:models.load
Feature: Concurrency: every result is the serial result, and the inventory changes atomically
  Whatever runs beside it, a forward or route request returns bit for bit what it returns alone. A request runs under
  one seed even while the override changes, sees a model whole or not at all while it is loaded and deleted, and racing
  loads of one id end with one model, accounted once, or with a conflict for the losing manifest.

  @REQ-008-001 @capability:forward
  Scenario Outline: [008-01a] <n> identical forwards on <model> sent concurrently each return the serial result
    Given the model "<model>" is loaded
    And the admin forwards the sequences "<sequences>" through "<model>" with "trace and logits"
    When the admin sends that forward request <n> times concurrently
    Then every concurrent response is identical to the serial result

    Examples:
      | model        | n  | sequences            |
      | cm-fwd-small | 16 | hello, max, 1:5, 2:1 |
      | cm-fwd-small | 32 | 2:1                  |
      | default      | 16 | 0:40, hello          |

  @REQ-008-002 @capability:forward @capability:route
  Scenario: [008-02a] a concurrent mix of forwards and routes on five models returns each request's serial result
    Given the serial results of this request mix are recorded:
      | request | model        | input            | options                  |
      | forward | cm-fwd-tiny  | hello, 1:5       | trace                    |
      | forward | cm-fwd-small | max, 2:1         | logits                   |
      | forward | cm-fwd-small | 7:3              | trace, logits            |
      | forward | default      | 0:64, hello, 2:1 | trace, deadlineMs 600000 |
      | forward | default      | 3:2              | no options               |
      | route   | cm-small     | 0-15             | layer 1                  |
      | route   | cm-wide      | 0-31             | layer 0                  |
      | route   | cm-small     | 40-40            | layer 0                  |
    When the admin sends the request mix 4 times concurrently
    Then every response of the mix is identical to its serial result

  @REQ-008-003 @capability:forward @capability:route
  Scenario: [008-03a] while the seed override alternates, each result is the serial result under the seed it reports
    Given the serial results of this request mix under the seeds "1" and "5" are recorded:
      | request | model        | input      | options          |
      | route   | cm-tie       | 0-39       | layer 0          |
      | route   | cm-tie       | 24-24      | layer 0          |
      | forward | cm-fwd-tie   | hello, 1:5 | trace and logits |
      | forward | cm-fwd-tie   | 2:9        | no options       |
      | forward | cm-fwd-small | hello, 1:5 | trace and logits |
    And the forward delay is set to 20 ms per layer
    When the admin sends the request mix 12 times concurrently while the seed override alternates between "1" and "5"
    Then every response of the mix is identical to its serial result under the seed it reports

  @REQ-008-004 @capability:forward @capability:route
  Scenario: [008-04a] requests racing loads and deletes of their model get the serial result or E_MODEL_NOT_FOUND
    Given the serial results of this request mix are recorded:
      | request | model        | input      | options          |
      | forward | cm-fwd-small | hello, 1:5 | trace and logits |
      | route   | cm-small     | 0-15       | layer 0          |
    And the forward delay is set to 20 ms per layer
    When the admin sends the request mix 8 at a time while "cm-fwd-small" and "cm-small" are deleted and reloaded 6 times
    Then every response of the mix is its serial result or fails with E_MODEL_NOT_FOUND

  @REQ-008-005
  Scenario Outline: [008-05a] <n> concurrent loads of <name> answer 201 once and 200 otherwise, with one Model
    When <n> loads of the conformance model "<name>" are sent concurrently
    Then exactly one load answered 201 and every other 200, all with the same Model
    And the model list is exactly "<name>"
    And the memory document agrees with the model list and the declared budget
    And the runtime state reports 1 loaded model

    Examples:
      | name         | n  |
      | cm-small     | 16 |
      | cm-fwd-small | 8  |

  @REQ-008-006
  Scenario: [008-06a] racing loads of cm-small from two manifests: one digest wins, the other gets E_MODEL_CONFLICT
    When 8 loads each of the conformance models "cm-small" and "cm-small-reseeded" are sent concurrently, 3 times
    Then each time every load of one manifest succeeded and every load of the other failed with E_MODEL_CONFLICT
    And each time the loaded cm-small carried the digest of the manifest whose loads succeeded

  @REQ-008-007
  Scenario: [008-07a] models whose loads fail are never listed, counted or served while loads run
    When "cm-corrupt" and "cm-noshard" are loaded concurrently with "cm-small" and "cm-tiny" while the inventory is polled
    Then no poll listed, counted or served "cm-corrupt" or "cm-noshard"
    And "cm-corrupt" failed with E_MODEL_INTEGRITY and "cm-noshard" with E_MODEL_FETCH_FAILED
    And the model list is exactly "cm-small, cm-tiny"
    And the memory document agrees with the model list and the declared budget
