//! What `/scim/v2` tells a provider about itself (RFC 7643 §5–7): the features it supports,
//! its one resource type, and the schemas of exactly the attributes Tandem keeps, so a
//! provider's attribute mapping offers nothing that would be silently dropped.

use super::resource::{ENTERPRISE, LIST_SCHEMA, USER_SCHEMA};
use serde_json::{json, Value};

/// Most people a list returns at once.
pub const MAX_RESULTS: i64 = 200;

fn base(base_url: &str) -> String {
    format!("{}/scim/v2", base_url.trim_end_matches('/'))
}

pub fn service_provider_config(base_url: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "patch": { "supported": true },
        "bulk": { "supported": false, "maxOperations": 0, "maxPayloadSize": 0 },
        "filter": { "supported": true, "maxResults": MAX_RESULTS },
        "changePassword": { "supported": false },
        "sort": { "supported": false },
        "etag": { "supported": false },
        "authenticationSchemes": [{
            "type": "oauthbearertoken",
            "name": "Bearer token",
            "description": "A token an org admin creates on Tandem's Provisioning (SCIM) page, sent as Authorization: Bearer.",
            "primary": true
        }],
        "meta": {
            "resourceType": "ServiceProviderConfig",
            "location": format!("{}/ServiceProviderConfig", base(base_url)),
        }
    })
}

pub fn user_resource_type(base_url: &str) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
        "id": "User",
        "name": "User",
        "endpoint": "/Users",
        "description": "A person in the organisation",
        "schema": USER_SCHEMA,
        "schemaExtensions": [{ "schema": ENTERPRISE, "required": false }],
        "meta": {
            "resourceType": "ResourceType",
            "location": format!("{}/ResourceTypes/User", base(base_url)),
        }
    })
}

fn attribute(name: &str, kind: &str, required: bool, description: &str) -> Value {
    json!({
        "name": name,
        "type": kind,
        "multiValued": false,
        "description": description,
        "required": required,
        "caseExact": false,
        "mutability": "readWrite",
        "returned": "default",
        "uniqueness": "none",
    })
}

pub fn user_schema(base_url: &str) -> Value {
    let mut user_name = attribute(
        "userName",
        "string",
        true,
        "The provider's login name for the person; Tandem matches it without regard to case.",
    );
    user_name["uniqueness"] = json!("server");
    let mut emails = attribute(
        "emails",
        "complex",
        true,
        "The person's work address. Tandem keeps one: the primary, else the work one, else the first.",
    );
    emails["multiValued"] = json!(true);
    emails["subAttributes"] = json!([attribute("value", "string", true, "The address.")]);
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
        "id": USER_SCHEMA,
        "name": "User",
        "description": "A person in the organisation",
        "attributes": [
            user_name,
            attribute("displayName", "string", true, "The name Tandem shows to partners and admins."),
            attribute("title", "string", false, "Job title."),
            attribute("active", "boolean", true, "Always present: false deactivates the person: they are signed out at once and pass out of matching."),
            emails,
        ],
        "meta": {
            "resourceType": "Schema",
            "location": format!("{}/Schemas/{USER_SCHEMA}", base(base_url)),
        }
    })
}

pub fn enterprise_schema(base_url: &str) -> Value {
    let mut manager = attribute(
        "manager",
        "complex",
        false,
        "The person's manager; matching never pairs people in one management line.",
    );
    let mut reference = attribute("$ref", "reference", false, "The manager's resource.");
    reference["referenceTypes"] = json!(["User"]);
    reference["caseExact"] = json!(true);
    manager["subAttributes"] = json!([
        attribute("value", "string", false, "The manager's id in Tandem."),
        reference,
    ]);
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
        "id": ENTERPRISE,
        "name": "EnterpriseUser",
        "description": "The organisation's chart",
        "attributes": [
            attribute("department", "string", false, "Department, shown on profiles and used by matching rules."),
            manager,
        ],
        "meta": {
            "resourceType": "Schema",
            "location": format!("{}/Schemas/{ENTERPRISE}", base(base_url)),
        }
    })
}

/// A list response: one page of `resources`, starting at `start` (from 1), of `total`.
pub fn list(resources: Vec<Value>, total: i64, start: i64) -> Value {
    json!({
        "schemas": [LIST_SCHEMA],
        "totalResults": total,
        "startIndex": start,
        "itemsPerPage": resources.len(),
        "Resources": resources,
    })
}
