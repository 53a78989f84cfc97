@SPEC-000
Feature: Credentials on the runtime API and the control API
  Runtime API routes admit the admin and live tenants; the control API admits the admin alone. A request without a
  credential, or with one the runtime never issued, is refused with a code that says which, and changes nothing.

  @REQ-000-004 @capability:models.load
  Scenario Outline: [000-04a] <route> refuses <who> with <code>
    Given the conformance model "cm-tiny" is loaded
    When <who> sends a well-formed "<route>" request
    Then the request fails with <code> and the state is unchanged

    Examples: no credential
      | route                  | who                 | code                      |
      | GET /v1/state          | an anonymous client | E_AUTH_MISSING_CREDENTIAL |
      | POST /v1/models        | an anonymous client | E_AUTH_MISSING_CREDENTIAL |
      | GET /v1/models         | an anonymous client | E_AUTH_MISSING_CREDENTIAL |
      | GET /v1/models/{id}    | an anonymous client | E_AUTH_MISSING_CREDENTIAL |
      | DELETE /v1/models/{id} | an anonymous client | E_AUTH_MISSING_CREDENTIAL |
      | POST /v1/route         | an anonymous client | E_AUTH_MISSING_CREDENTIAL |

    Examples: a bearer token nobody issued
      | route                  | who                            | code                      |
      | GET /v1/state          | a client with an unknown token | E_AUTH_INVALID_CREDENTIAL |
      | POST /v1/models        | a client with an unknown token | E_AUTH_INVALID_CREDENTIAL |
      | GET /v1/models         | a client with an unknown token | E_AUTH_INVALID_CREDENTIAL |
      | GET /v1/models/{id}    | a client with an unknown token | E_AUTH_INVALID_CREDENTIAL |
      | DELETE /v1/models/{id} | a client with an unknown token | E_AUTH_INVALID_CREDENTIAL |
      | POST /v1/route         | a client with an unknown token | E_AUTH_INVALID_CREDENTIAL |

    Examples: an Authorization header of another scheme
      | route                  | who                                   | code                      |
      | GET /v1/state          | a client with a non-bearer credential | E_AUTH_INVALID_CREDENTIAL |
      | POST /v1/models        | a client with a non-bearer credential | E_AUTH_INVALID_CREDENTIAL |
      | DELETE /v1/models/{id} | a client with a non-bearer credential | E_AUTH_INVALID_CREDENTIAL |
      | POST /v1/route         | a client with a non-bearer credential | E_AUTH_INVALID_CREDENTIAL |

  @REQ-000-005 @REQ-000-019 @capability:models.load @capability:route
  Scenario Outline: [000-05a] <route> admits <who>
    Given a tenant "t1" is provisioned
    And the conformance model "cm-tiny" is loaded
    When <who> sends a well-formed "<route>" request
    Then the request succeeds with the status and body schema of "<route>"

    Examples: a tenant
      | route                  | who         |
      | GET /v1/state          | tenant "t1" |
      | POST /v1/models        | tenant "t1" |
      | GET /v1/models         | tenant "t1" |
      | GET /v1/models/{id}    | tenant "t1" |
      | DELETE /v1/models/{id} | tenant "t1" |
      | POST /v1/route         | tenant "t1" |

    Examples: the admin
      | route                  | who       |
      | GET /v1/state          | the admin |
      | POST /v1/models        | the admin |
      | GET /v1/models         | the admin |
      | GET /v1/models/{id}    | the admin |
      | DELETE /v1/models/{id} | the admin |
      | POST /v1/route         | the admin |

    Examples: the admin writing the scheme name in lower case
      | route          | who                                |
      | GET /v1/models | the admin with a lower-case scheme |
      | POST /v1/route | the admin with a lower-case scheme |

  @REQ-000-006 @capability:models.load
  Scenario Outline: [000-06a] the control route <route> refuses <who> with <code> and changes nothing
    Given a tenant "t1" is provisioned
    And the conformance model "cm-tiny" is loaded
    And the routing seed is set to "99"
    When <who> sends a well-formed "<route>" request
    Then the request fails with <code> and the state is unchanged
    And tenant "t1" is admitted by the runtime API
    And the admin can provision tenant "catalogue-tenant"

    Examples: a tenant
      | route                        | who         | code             |
      | POST /v1/conformance/reset   | tenant "t1" | E_AUTH_FORBIDDEN |
      | PUT /v1/conformance/seed     | tenant "t1" | E_AUTH_FORBIDDEN |
      | GET /v1/conformance/seed     | tenant "t1" | E_AUTH_FORBIDDEN |
      | POST /v1/conformance/tenants | tenant "t1" | E_AUTH_FORBIDDEN |

    Examples: no credential
      | route                        | who                 | code                      |
      | POST /v1/conformance/reset   | an anonymous client | E_AUTH_MISSING_CREDENTIAL |
      | PUT /v1/conformance/seed     | an anonymous client | E_AUTH_MISSING_CREDENTIAL |
      | GET /v1/conformance/seed     | an anonymous client | E_AUTH_MISSING_CREDENTIAL |
      | POST /v1/conformance/tenants | an anonymous client | E_AUTH_MISSING_CREDENTIAL |

    Examples: an invalid credential
      | route                        | who                                   | code                      |
      | POST /v1/conformance/reset   | a client with an unknown token        | E_AUTH_INVALID_CREDENTIAL |
      | PUT /v1/conformance/seed     | a client with an unknown token        | E_AUTH_INVALID_CREDENTIAL |
      | GET /v1/conformance/seed     | a client with an unknown token        | E_AUTH_INVALID_CREDENTIAL |
      | POST /v1/conformance/tenants | a client with an unknown token        | E_AUTH_INVALID_CREDENTIAL |
      | POST /v1/conformance/reset   | a client with a non-bearer credential | E_AUTH_INVALID_CREDENTIAL |
      | PUT /v1/conformance/seed     | a client with a non-bearer credential | E_AUTH_INVALID_CREDENTIAL |

  @REQ-000-006
  Scenario Outline: [000-06b] a tenant request refused on the control API creates no tenant (<who>)
    Given a tenant "t1" is provisioned
    When <who> sends POST "/v1/conformance/tenants" with body:
      """
      {"name": "intruder"}
      """
    Then the request fails with <code> and the state is unchanged
    And the admin can provision tenant "intruder"

    Examples:
      | who                            | code                      |
      | tenant "t1"                    | E_AUTH_FORBIDDEN          |
      | an anonymous client            | E_AUTH_MISSING_CREDENTIAL |
      | a client with an unknown token | E_AUTH_INVALID_CREDENTIAL |
