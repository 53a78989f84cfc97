@SPEC-029 @capability:models.load
Feature: The checkpoint manifest: each file with its size and SHA-256, one root digest, the model's identity
  A snapshot's checkpoint.json lists model-manifest.json and the model's shards, sorted by path, each with its length
  and SHA-256, binds the list into a root digest, names the model and its manifest digest, and leaves the signature
  slot null. The harness reads every listed file through the endpoint and recomputes all of it with its own code. A
  restore verifies the files against the checkpoint before loading anything and refuses damage with
  E_SNAPSHOT_INTEGRITY.

  @REQ-029-001
  Scenario Outline: [029-01a] the checkpoint of a snapshot of <model> is a version 1 manifest of that model, unsigned
    Given the model "<model>" is loaded
    When the admin snapshots the model "<model>" as "ck-01a"
    Then the snapshot "ck-01a" is created from "<model>"
    And the checkpoint of "ck-01a" has format version 1, the model id of "<model>" and a null signature
    And the snapshot "ck-01a" answers the checkpoint it was created with

    Examples:
      | model        |
      | default      |
      | cm-fwd-small |
      | cm-small     |

  @REQ-029-002
  Scenario Outline: [029-02a] the checkpoint of <model> lists model-manifest.json and exactly its shards, by path
    Given the model "<model>" is loaded
    And the model "<model>" is snapshotted as "ck-02a"
    Then the checkpoint of "ck-02a" lists model-manifest.json and exactly the shards of its model manifest, sorted

    Examples:
      | model        |
      | default      |
      | cm-fwd-small |
      | cm-small     |

  @REQ-029-003
  Scenario Outline: [029-03a] every file of a snapshot of <model> has the listed size and SHA-256
    Given the model "<model>" is loaded
    And the model "<model>" is snapshotted as "ck-03a"
    Then every file of "ck-03a" read through the endpoint has its listed size and SHA-256

    Examples:
      | model        |
      | default      |
      | cm-fwd-small |
      | cm-small     |

  @REQ-029-004
  Scenario Outline: [029-04a] the root digest of a snapshot of <model> is recomputed from its file list
    Given the model "<model>" is loaded
    And the model "<model>" is snapshotted as "ck-04a"
    Then the root digest of "ck-04a" is the SHA-256 of its file lines
    And the snapshot list shows "ck-04a" with the model id and root digest of its checkpoint

    Examples:
      | model        |
      | default      |
      | cm-fwd-small |
      | cm-small     |

  @REQ-029-005
  Scenario Outline: [029-05a] the manifest digest of a snapshot of <model> is the Model's and follows from the stored bytes
    Given the model "<model>" is loaded
    And the model "<model>" is snapshotted as "ck-05a"
    Then the manifest digest of "ck-05a" is the Model's and the digest of its model manifest by <rule>

    Examples:
      | model        | rule               |
      | default      | the built-in rule  |
      | cm-fwd-small | the manifest bytes |
      | cm-small     | the manifest bytes |

  @REQ-029-006
  Scenario Outline: [029-06a] a snapshot of <model> holds its descriptor and, shard by shard, exactly its weights
    Given the model "<model>" is loaded
    And the model "<model>" is snapshotted as "ck-06a"
    Then the model manifest of "ck-06a" is valid and carries the descriptor of the Model "<model>"
    And every shard of "ck-06a" holds exactly the tensors its manifest entry lists, with the weights of "<model>"

    Examples:
      | model        |
      | default      |
      | cm-fwd-small |
      | cm-small     |

  @REQ-029-007
  Scenario Outline: [029-07a] a restore after <damage> fails with E_SNAPSHOT_INTEGRITY, loading nothing
    Given the model "default" is loaded
    And the model "default" is snapshotted as "ck-07a"
    And the snapshot "ck-07a" is damaged: <damage>
    When the admin restores the snapshot "ck-07a" as "ck-copy"
    Then the request fails with E_SNAPSHOT_INTEGRITY and the state is unchanged
    And the model "ck-copy" is not loaded

    Examples:
      | damage                                             |
      | byte 4096 of layer-0.safetensors is flipped        |
      | last byte of globals.safetensors is flipped        |
      | byte 10 of model-manifest.json is flipped          |
      | layer-1.safetensors is cut to its first 1024 bytes |

  @REQ-029-008
  Scenario Outline: [029-08a] a restore after <damage> fails with E_SNAPSHOT_INTEGRITY, loading nothing
    Given the model "cm-small" is loaded
    And the model "cm-small" is snapshotted as "ck-08a"
    And the snapshot "ck-08a" is damaged: <damage>
    When the admin restores the snapshot "ck-08a" as "ck-copy"
    Then the request fails with E_SNAPSHOT_INTEGRITY and the state is unchanged
    And the model "ck-copy" is not loaded

    Examples:
      | damage                                      |
      | layer-1.safetensors is removed              |
      | model-manifest.json is removed              |
      | an unlisted file notes.txt is added         |
      | an unlisted file extra/layer-9.bin is added |

  @REQ-029-009
  Scenario Outline: [029-09a] a restore after checkpoint.json changed (<damage>) fails with E_SNAPSHOT_INTEGRITY
    Given the model "default" is loaded
    And the model "default" is snapshotted as "ck-09a"
    And the snapshot "ck-09a" is damaged: checkpoint <damage>
    When the admin restores the snapshot "ck-09a"
    Then the request fails with E_SNAPSHOT_INTEGRITY and the state is unchanged

    Examples:
      | damage                  |
      | rootDigest replaced     |
      | formatVersion 2         |
      | manifestDigest replaced |
      | files reversed          |
      | not JSON                |
      | removed                 |

  @REQ-029-010
  Scenario: [029-10a] the files of a snapshot are served as application/octet-stream
    Given the model "default" is loaded
    And the model "default" is snapshotted as "ck-10a"
    Then every file of "ck-10a" is served as application/octet-stream
