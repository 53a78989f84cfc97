@SPEC-000 @capability:models.load
Feature: Loading the conformance model family
  The runtime fetches a manifest and its shards from the harness's fixture server, verifies them, and makes the model
  visible in one step. Reloads are idempotent, the inventory is ordered, and every defective model is refused with
  the code of its defect, leaving no trace.

  @REQ-000-011
  Scenario Outline: [000-11a] the family member <name> loads from its manifest URL as a ready model
    When the admin loads the conformance model "<name>"
    Then the response status is 201
    And the response is the ready model "<name>"
    And the fixture server served every shard of "<name>" from beside its manifest
    And the model list is exactly "<name>"

    Examples:
      | name     |
      | cm-tiny  |
      | cm-small |
      | cm-tie   |
      | cm-wide  |

  @REQ-000-011
  Scenario: [000-11b] a model a tenant loads is visible to every client
    Given a tenant "t1" is provisioned
    When tenant "t1" loads the conformance model "cm-small"
    Then the response status is 201
    And the response is the ready model "cm-small"
    And the model list is exactly "cm-small"

  @REQ-000-012
  Scenario: [000-12a] loading a loaded model again from the same manifest answers 200 with the same Model
    Given the conformance model "cm-small" is loaded
    When the admin loads the conformance model "cm-small"
    Then the response status is 200
    And the response is the same Model as when "cm-small" was loaded
    And the runtime state reports 1 loaded model

  @REQ-000-012
  Scenario: [000-12b] a different manifest for a loaded id conflicts, and the loaded model is kept
    Given the conformance model "cm-small" is loaded
    When the admin loads the conformance model "cm-small-reseeded"
    Then the request fails with E_MODEL_CONFLICT and the state is unchanged
    And the loaded model "cm-small" is still the one of fixture "cm-small"

  @REQ-000-013
  Scenario: [000-13a] loaded models are listed by id in code-point order, not in load order
    Given the conformance model "cm-wide" is loaded
    And the conformance model "cm-tiny" is loaded
    And the conformance model "cm-small" is loaded
    And the conformance model "cm-cap-10" is loaded
    And the conformance model "cm-cap-9" is loaded
    Then the model list is exactly "cm-cap-10, cm-cap-9, cm-small, cm-tiny, cm-wide"
    And the runtime state reports 5 loaded models

  @REQ-000-013
  Scenario: [000-13b] a loaded model is returned by its id
    Given the conformance model "cm-tie" is loaded
    When the admin sends GET "/v1/models/cm-tie"
    Then the request succeeds with status 200 and a body valid against "protocol/model"
    And the response is the ready model "cm-tie"

  @REQ-000-013
  Scenario: [000-13c] a deleted model is gone from every route
    Given the conformance model "cm-tiny" is loaded
    And the conformance model "cm-small" is loaded
    When the admin sends DELETE "/v1/models/cm-tiny"
    Then the request succeeds with status 204 and no body
    And the model list is exactly "cm-small"
    And the runtime state reports 1 loaded model
    And the model "cm-tiny" is not loaded

  @REQ-000-013
  Scenario Outline: [000-13d] <method> of the id "<id>", which is not loaded, fails with E_MODEL_NOT_FOUND
    Given the conformance model "cm-tiny" is loaded
    And the conformance model "cm-wide" is loaded
    And the model "cm-wide" has been deleted
    When the admin sends <method> "/v1/models/<id>"
    Then the request fails with E_MODEL_NOT_FOUND and the state is unchanged

    Examples:
      | method | id        |
      | GET    | cm-small  |
      | DELETE | cm-small  |
      | GET    | cm-tin    |
      | DELETE | cm-tiny-x |
      | GET    | cm-wide   |
      | DELETE | cm-wide   |

  @REQ-000-014
  Scenario: [000-14a] a shard whose bytes differ from its manifest hash is refused (cm-corrupt)
    Given the conformance model "cm-tiny" is loaded
    When the admin loads the conformance model "cm-corrupt"
    Then the request fails with E_MODEL_INTEGRITY and the state is unchanged
    And the model "cm-corrupt" is not loaded

  @REQ-000-015
  Scenario Outline: [000-15a] a shard that is not valid safetensors is refused (<name>: <defect>)
    Given the conformance model "cm-tiny" is loaded
    When the admin loads the conformance model "<name>"
    Then the request fails with E_MODEL_FORMAT and the state is unchanged
    And the model "<name>" is not loaded

    Examples:
      | name         | defect                                        |
      | cm-truncated | the data ends 16 bytes before the header says |
      | cm-badheader | the header is not a JSON object               |

  @REQ-000-019
  Scenario Outline: [000-19d] after a load of <name> fails on its last shard, the model routes answer with their schemas
    Given the conformance model "cm-tiny" is loaded
    When the admin loads the conformance model "<name>"
    Then the request fails with <code>
    And the model list is exactly "cm-tiny"
    And the runtime state reports 1 loaded model

    Examples:
      | name         | code                 |
      | cm-corrupt   | E_MODEL_INTEGRITY    |
      | cm-truncated | E_MODEL_FORMAT       |
      | cm-noshard   | E_MODEL_FETCH_FAILED |

  @REQ-000-016
  Scenario: [000-16a] a manifest URL answering 404 fails to fetch, retryably (cm-absent)
    Given the conformance model "cm-tiny" is loaded
    When the admin loads a model from the manifest URL "{fixtures}/models/cm-absent/manifest.json"
    Then the request fails with E_MODEL_FETCH_FAILED and the state is unchanged
    And the error is marked retryable

  @REQ-000-016
  Scenario: [000-16b] a shard URL answering 404 fails to fetch, retryably (cm-noshard)
    Given the conformance model "cm-tiny" is loaded
    When the admin loads the conformance model "cm-noshard"
    Then the request fails with E_MODEL_FETCH_FAILED and the state is unchanged
    And the error is marked retryable
    And the model "cm-noshard" is not loaded

  @REQ-000-016
  Scenario: [000-16c] a manifest host refusing connections fails to fetch, retryably
    When the admin loads a model from the manifest URL "http://127.0.0.1:1/models/cm-tiny/manifest.json"
    Then the request fails with E_MODEL_FETCH_FAILED and the state is unchanged
    And the error is marked retryable

  @REQ-000-017
  Scenario: [000-17a] a manifest one byte longer than maxManifestBytes is refused (cm-oversize)
    Given the conformance model "cm-tiny" is loaded
    When the admin loads the conformance model "cm-oversize"
    Then the request fails with E_MODEL_LIMIT and the state is unchanged
    And the model "cm-oversize" is not loaded

  @REQ-000-017
  Scenario: [000-17b] a model whose dModel exceeds maxDModel is refused (cm-limit-d)
    Given the runtime declares a maxDModel below 4096
    And the conformance model "cm-tiny" is loaded
    When the admin loads the conformance model "cm-limit-d"
    Then the request fails with E_MODEL_LIMIT and the state is unchanged
    And the model "cm-limit-d" is not loaded

  @REQ-000-018
  Scenario: [000-18a] a new model beyond maxModels is refused with E_MODEL_CAPACITY, evicting nothing
    Given the runtime is filled to maxModels with capacity copies
    When the admin loads one more capacity copy
    Then the request fails with E_MODEL_CAPACITY and the state is unchanged

  @REQ-000-018 @REQ-000-012
  Scenario: [000-18b] at capacity, a reload of a loaded model is not a new model
    Given the runtime is filled to maxModels with capacity copies
    When the admin loads the conformance model "cm-cap-0"
    Then the response status is 200
    And the response is the ready model "cm-cap-0"

  @REQ-000-018
  Scenario: [000-18c] capacity counts the models loaded now: after a delete, a new model loads
    Given the runtime is filled to maxModels with capacity copies
    And the model "cm-cap-0" has been deleted
    When the admin loads one more capacity copy
    Then the response status is 201
