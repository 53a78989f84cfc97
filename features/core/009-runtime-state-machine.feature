@SPEC-009
Feature: The runtime state machine: states, legal transitions, reset and the since counter
  A runtime is ready, draining, degraded or failed. The control API drives the transitions of the SPEC-009 table and
  refuses the others with E_STATE_TRANSITION; GET /v1/state reports the state, the loaded models and since, which
  counts the legal transitions and resets and nothing else; a reset returns to ready from every state.

  @REQ-009-001
  Scenario Outline: [009-01a] GET /v1/state reports <state> with the models loaded and since counting the transitions
    Given a tenant "t1" is provisioned
    And the conformance model "cm-tiny" is loaded
    And the conformance model "cm-small" is loaded
    And the runtime state is remembered
    And the runtime has been put in state "<state>"
    When tenant "t1" sends GET "/v1/state"
    Then the request succeeds with status 200 and a body valid against "protocol/state"
    And the state document reads state "<state>", 2 models and since <steps> above the remembered one

    Examples:
      | state    | steps |
      | ready    | 0     |
      | draining | 1     |
      | degraded | 1     |
      | failed   | 1     |

  @REQ-009-001 @REQ-009-007
  Scenario Outline: [009-01b] a reset from <state> reports ready, no models and since one higher
    Given the conformance model "cm-tiny" is loaded
    And the runtime has been put in state "<state>"
    And the runtime state is remembered
    When the admin sends POST "/v1/conformance/reset"
    Then the request succeeds with status 200 and a body valid against "protocol/reset-response"
    And the runtime state reads "ready" with 0 models and since 1 above the remembered one

    Examples:
      | state    |
      | ready    |
      | draining |
      | degraded |
      | failed   |

  @REQ-009-002
  Scenario Outline: [009-02a] the legal transition <transition> from <from> leads to <to> with since one higher
    Given the runtime has been put in state "<from>"
    And the runtime state is remembered
    When the admin applies the transition "<transition>"
    Then the request succeeds with status 200 and a body valid against "protocol/state"
    And the state document reads state "<to>", 0 models and since 1 above the remembered one
    And the runtime state reads "<to>" with 0 models and since 1 above the remembered one

    Examples:
      | from     | transition | to       |
      | ready    | drain      | draining |
      | ready    | degrade    | degraded |
      | ready    | fail       | failed   |
      | draining | resume     | ready    |
      | draining | fail       | failed   |
      | degraded | recover    | ready    |
      | degraded | fail       | failed   |

  @REQ-009-003
  Scenario Outline: [009-03a] the transition <transition> is illegal from <from>: E_STATE_TRANSITION, nothing changes
    Given the conformance model "cm-tiny" is loaded
    And the runtime has been put in state "<from>"
    When the admin applies the transition "<transition>"
    Then the request fails with E_STATE_TRANSITION and the state is unchanged

    Examples:
      | from     | transition |
      | ready    | resume     |
      | ready    | recover    |
      | draining | drain      |
      | draining | degrade    |
      | draining | recover    |
      | degraded | drain      |
      | degraded | resume     |
      | degraded | degrade    |
      | failed   | drain      |
      | failed   | resume     |
      | failed   | degrade    |
      | failed   | recover    |
      | failed   | fail       |

  @REQ-009-008 @capability:models.load
  Scenario Outline: [009-08a] since does not change when <what>
    Given a tenant "t1" is provisioned
    And the conformance model "cm-tiny" is loaded
    And the built-in model "default" is loaded
    And the runtime state is remembered
    When <who> sends <method> "<path>" with body:
      """
      <body>
      """
    Then the since counter is unchanged

    Examples:
      | what                      | who         | method | path                          | body                                                            |
      | a model loads             | tenant "t1" | POST   | /v1/models                    | {"manifestUrl": "{fixtures}/models/cm-small/manifest.json"}     |
      | a model reloads           | the admin   | POST   | /v1/models                    | {"builtin": "default"}                                          |
      | a load fails              | the admin   | POST   | /v1/models                    | {"manifestUrl": "{fixtures}/models/cm-corrupt/manifest.json"}   |
      | a route is answered       | tenant "t1" | POST   | /v1/route                     | {"model": "cm-tiny", "layer": 0, "hidden": [[0,0,0,0,0,0,0,0]]} |
      | a forward is answered     | the admin   | POST   | /v1/forward                   | {"model": "default", "sequences": [[1, 2, 3]], "trace": true}   |
      | a forward fails           | the admin   | POST   | /v1/forward                   | {"model": "default", "sequences": [[256]]}                      |
      | an illegal transition     | the admin   | POST   | /v1/conformance/state         | {"transition": "resume"}                                        |
      | the seed override changes | the admin   | PUT    | /v1/conformance/seed          | {"seed": "42"}                                                  |
      | the forward delay changes | the admin   | PUT    | /v1/conformance/delay         | {"perLayerMs": 5}                                               |
      | the memory budget changes | the admin   | PUT    | /v1/conformance/memory-budget | {"bytes": 100000000}                                            |
      | a budget is refused       | the admin   | PUT    | /v1/conformance/memory-budget | {"bytes": 1}                                                    |
      | a tenant is created       | the admin   | POST   | /v1/conformance/tenants       | {"name": "t2"}                                                  |

  @REQ-009-008 @capability:models.load
  Scenario Outline: [009-08b] since does not change when <who> sends <method> <path>
    Given a tenant "t1" is provisioned
    And the conformance model "cm-tiny" is loaded
    And the runtime state is remembered
    When <who> sends <method> "<path>"
    Then the since counter is unchanged

    Examples:
      | who                 | method | path                  |
      | the admin           | DELETE | /v1/models/cm-tiny    |
      | tenant "t1"         | GET    | /v1/memory            |
      | tenant "t1"         | DELETE | /v1/models/cm-absent  |
      | an anonymous client | POST   | /v1/conformance/state |
      | tenant "t1"         | POST   | /v1/conformance/reset |
