@SPEC-030 @capability:models.load
Feature: Snapshot and restore: whole or absent, verified before use, and the same model when restored
  A loaded model is written to the storage directory as a snapshot that is listed only once complete. A write stopped
  at any step is never visible, and a rescan, like a start, removes what it left; damaged snapshots drop out of the
  listing. A restore verifies the snapshot, then loads it as an ordinary model that reports the snapshotted manifest
  digest and gives the same forward and route digests.

  @REQ-030-001
  Scenario Outline: [030-01a] a snapshot of <model> taken by <who> is listed and readable at once
    Given a tenant "t1" is provisioned
    And the model "<model>" is loaded
    When <who> snapshots the model "<model>" as "sr-01a"
    Then the snapshot "sr-01a" is created from "<model>"
    And the snapshot list shows "sr-01a" with the model id and root digest of its checkpoint
    And the snapshot "sr-01a" answers the checkpoint it was created with

    Examples:
      | model        | who         |
      | default      | the admin   |
      | cm-fwd-small | tenant "t1" |
      | cm-small     | the admin   |

  @REQ-030-002
  Scenario: [030-02a] snapshots are listed sorted by id in code-point order, whatever order they were taken in
    Given the model "default" is loaded
    And the model "default" is snapshotted as "zeta"
    And the model "default" is snapshotted as "alpha.2"
    And the model "default" is snapshotted as "m_1"
    And the model "default" is snapshotted as "alpha-1"
    And the model "default" is snapshotted as "9"
    When the admin sends GET "/v1/snapshots"
    Then the request succeeds with status 200 and a body valid against "protocol/snapshot-list"
    And the snapshot list is sorted by id and holds "9, alpha-1, alpha.2, m_1, zeta" in that order

  @REQ-030-003
  Scenario: [030-03a] a deleted snapshot is gone from the listing, from every route and from disk, and its id is free
    Given the model "default" is loaded
    And the model "default" is snapshotted as "sr-03a"
    When the admin sends DELETE "/v1/snapshots/sr-03a"
    Then the request succeeds with status 204 and no body
    And the snapshot "sr-03a" is not listed
    And every snapshot route answers E_SNAPSHOT_NOT_FOUND for "sr-03a"
    And after a rescan the snapshot "sr-03a" is still not listed
    And the model "default" can be snapshotted as "sr-03a" again

  @REQ-030-004
  Scenario: [030-04a] a snapshot of a model that is not loaded fails with E_MODEL_NOT_FOUND and writes nothing
    When the admin snapshots the model "cm-small" as "sr-04a"
    Then the request fails with E_MODEL_NOT_FOUND and the state is unchanged
    And the snapshot "sr-04a" is not listed

  @REQ-030-004
  Scenario: [030-04b] a snapshot with a taken id fails with E_SNAPSHOT_EXISTS and the existing snapshot is kept
    Given the model "default" is loaded
    And the model "default" is snapshotted as "sr-04b"
    And the model "cm-small" is loaded
    When the admin snapshots the model "cm-small" as "sr-04b"
    Then the request fails with E_SNAPSHOT_EXISTS and the state is unchanged
    And the snapshot "sr-04b" answers the checkpoint it was created with
    And the snapshot list shows "sr-04b" with the model id and root digest of its checkpoint

  @REQ-030-005
  Scenario Outline: [030-05a] <method> <path> for an id no snapshot has fails with E_SNAPSHOT_NOT_FOUND
    Given the model "default" is loaded
    When the admin sends <method> "<path>"
    Then the request fails with E_SNAPSHOT_NOT_FOUND and the state is unchanged

    Examples:
      | method | path                                            |
      | GET    | /v1/snapshots/sr-none                           |
      | GET    | /v1/snapshots/sr-none/files/model-manifest.json |
      | DELETE | /v1/snapshots/sr-none                           |
      | POST   | /v1/snapshots/sr-none/restore                   |

  @REQ-030-005
  Scenario: [030-05b] a file path the checkpoint does not list fails with E_SNAPSHOT_NOT_FOUND
    Given the model "default" is loaded
    And the model "default" is snapshotted as "sr-05b"
    When the admin sends GET "/v1/snapshots/sr-05b/files/checkpoint.json"
    Then the request fails with E_SNAPSHOT_NOT_FOUND and the state is unchanged

  @REQ-030-006
  Scenario Outline: [030-06a] a snapshot stopped after write step <step> fails with E_INTERNAL and is never visible
    Given the model "default" is loaded
    And the storage directory has been rescanned
    And the next snapshot is set to stop after write step <step>
    When the admin snapshots the model "default" as "sr-06a"
    Then the request fails with E_INTERNAL
    And the snapshot "sr-06a" is not listed
    And the snapshot "sr-06a" and its restore answer E_SNAPSHOT_NOT_FOUND
    And the model "default" can be snapshotted as "sr-06a" again

    Examples:
      | step |
      | 0    |
      | 1    |
      | 2    |
      | 3    |
      | 4    |
      | 5    |
      | 6    |

  @REQ-030-007
  Scenario Outline: [030-07a] after a snapshot stopped at step <step>, a rescan <verdict> it and a second rescan removes nothing
    Given the model "default" is loaded
    And the storage directory has been rescanned
    And the next snapshot is set to stop after write step <step>
    And the admin has snapshotted the model "default" as "sr-07a", which failed with E_INTERNAL
    When the admin rescans the storage directory
    Then the rescan <verdict> "sr-07a" after removing <removed> leftovers
    And a second rescan removes nothing and lists the same snapshots
    And if listed, "sr-07a" restores as "sr-07a-copy" with the forward digests of "default"

    Examples:
      | step | verdict       | removed |
      | 0    | does not list | 1       |
      | 1    | does not list | 1       |
      | 2    | does not list | 1       |
      | 3    | does not list | 1       |
      | 4    | does not list | 1       |
      | 5    | does not list | 1       |
      | 6    | does not list | 1       |
      | 7    | lists         | 0       |
      | 8    | lists         | 0       |

  @REQ-030-007
  Scenario: [030-07b] a rescan lists every complete snapshot again, with the same checkpoints, whatever its id
    Given the model "default" is loaded
    And the conformance model "cm-small" is loaded
    And the model "default" is snapshotted as "sr.07b-a_1"
    And the model "cm-small" is snapshotted as "sr-07b"
    When the admin rescans the storage directory
    Then the rescan lists "sr.07b-a_1" and "sr-07b" with the checkpoints they were created with
    And the snapshot "sr.07b-a_1" restores as "sr-07b-copy" with the forward digests of "default"

  @REQ-030-008
  Scenario Outline: [030-08a] after damage (<damage>) and a rescan, the snapshot is neither listed nor restorable
    Given the model "default" is loaded
    And the model "default" is snapshotted as "sr-08a"
    And the snapshot "sr-08a" is damaged: <damage>
    When the admin rescans the storage directory
    Then the rescan does not list "sr-08a" after removing 0 leftovers
    And the snapshot "sr-08a" and its restore answer E_SNAPSHOT_NOT_FOUND

    Examples:
      | damage                                      |
      | byte 1000 of layer-0.safetensors is flipped |
      | layer-1.safetensors is removed              |
      | an unlisted file notes.txt is added         |
      | checkpoint rootDigest replaced              |

  @REQ-030-009
  Scenario Outline: [030-09a] <model> restored as <as> reports the snapshotted digest and gives the same digests
    Given the model "<model>" is loaded
    And the model "<model>" is snapshotted as "sr-09a"
    When the admin restores the snapshot "sr-09a" as "<as>"
    Then the restore answers 201 with the Model of "<model>" under the id "<as>"
    And "<as>" gives the forward or route digests that "<model>" gave
    And the memory document agrees with the model list

    Examples:
      | model        | as           |
      | default      | default-copy |
      | cm-fwd-small | fwd-copy     |
      | cm-small     | small-copy   |

  @REQ-030-009
  Scenario: [030-09b] a snapshot restored under its own id after the model was deleted is the same Model again
    Given the model "default" is loaded
    And the model "default" is snapshotted as "sr-09b"
    And the model "default" has been deleted
    When the admin restores the snapshot "sr-09b"
    Then the restore answers 201 with the Model of "default" under the id "default"
    And "default" gives the forward or route digests that "default" gave

  @REQ-030-010
  Scenario: [030-10a] a restore onto an id loaded with another manifest digest fails with E_MODEL_CONFLICT
    Given the model "default" is loaded
    And the conformance model "cm-small" is loaded
    And the model "default" is snapshotted as "sr-10a"
    When the admin restores the snapshot "sr-10a" as "cm-small"
    Then the request fails with E_MODEL_CONFLICT and the state is unchanged

  @REQ-030-011
  Scenario: [030-11a] of two concurrent snapshots with one id, exactly one is written and the other is refused
    Given the model "default" is loaded
    When the admin sends two snapshots of "default" as one id at once, 3 times
    Then each time one answered 201 and the other failed with E_SNAPSHOT_EXISTS
    And each time the listed checkpoint is the one the 201 carried

  @REQ-030-013
  Scenario Outline: [030-13a] a snapshot of <model> tiered, after forwards moved its experts about, equals one of it resident
    Given the model "<model>" is loaded tiered with "hot 3, warm 2, cold 4 files"
    And the sequences "hello, 1:5, 2:3" are forwarded through the tiered model one request at a time
    And the model "<model>" is snapshotted as "sr-13a-tiered"
    And the admin sends DELETE "/v1/models/<model>"
    And the model "<model>" is loaded
    When the admin snapshots the model "<model>" as "sr-13a-resident"
    Then the snapshot "sr-13a-resident" is created from "<model>"
    And the snapshots "sr-13a-tiered" and "sr-13a-resident" list the same files and root digest
    And the snapshot "sr-13a-tiered" restores as "sr-13a-copy" with the forward digests of "<model>"

    Examples:
      | model        |
      | default      |
      | cm-fwd-small |

  @REQ-030-014
  Scenario: [030-14a] a snapshot of a procedural model fails with E_SNAPSHOT_UNSUPPORTED and writes nothing
    Given the model "procedural-1e8" is loaded tiered with "hot 8, warm 0, cold none"
    When the admin sends POST "/v1/snapshots" with body:
      """
      {"model": "procedural-1e8", "id": "sr-14a"}
      """
    Then the request fails with E_SNAPSHOT_UNSUPPORTED and the state is unchanged
    And the snapshot "sr-14a" is not listed
    And after a rescan the snapshot "sr-14a" is still not listed
