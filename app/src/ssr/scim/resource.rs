//! A person as SCIM's User resource (RFC 7643 §4.1) with the enterprise extension's
//! department and manager, and what an identity provider may write into one. Tandem keeps one
//! display name, one work address, a job title, a department and a manager: the parts of the
//! org chart that matching and the directory use. Everything else a provider sends is ignored.

use super::error::{ScimError, ScimType};
use crate::domain::Email;
use crate::ssr::storage::ScimPersonRow;
use chrono::{DateTime, SecondsFormat};
use serde_json::{json, Map, Value};

pub const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
pub const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
pub const LIST_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

const MAX_NAME: usize = 200;
const MAX_TEXT: usize = 200;
const MAX_ID: usize = 255;

/// What a provider's create, replace or patch leaves a person as, before it is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    pub user_name: Option<String>,
    pub email: Option<String>,
    pub display_name: Option<String>,
    pub title: Option<String>,
    pub department: Option<String>,
    /// The manager's SCIM id as sent.
    pub manager: Option<String>,
    pub external_id: Option<String>,
    pub active: Option<bool>,
}

/// A checked person, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonInput {
    pub user_name: String,
    pub email: Email,
    pub name: String,
    pub title: String,
    pub department: String,
    pub manager_id: Option<i64>,
    pub external_id: Option<String>,
    /// `None` leaves the person as active or inactive as they are.
    pub active: Option<bool>,
}

pub fn invalid(detail: impl Into<String>) -> ScimError {
    ScimError::bad(ScimType::InvalidValue, detail)
}

/// A string attribute's value: a JSON string (trimmed; empty is none) or null.
pub fn text(attr: &str, v: &Value) -> Result<Option<String>, ScimError> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.trim().to_owned()).filter(|s| !s.is_empty())),
        other => Err(invalid(format!("{attr} must be a string, not {other}."))),
    }
}

/// `active`: a boolean, or the strings "True"/"False" some providers send.
pub fn boolean(v: &Value) -> Result<bool, ScimError> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(false),
        other => Err(invalid(format!(
            "active must be true or false, not {other}."
        ))),
    }
}

/// The work address among `emails`: the primary one, else the one of type "work", else the
/// first.
pub fn primary_email(v: &Value) -> Result<Option<String>, ScimError> {
    let items = match v {
        Value::Null => return Ok(None),
        Value::Array(items) => items.clone(),
        Value::Object(_) => vec![v.clone()],
        other => return Err(invalid(format!("emails must be a list, not {other}."))),
    };
    let chosen = items
        .iter()
        .find(|e| e["primary"] == Value::Bool(true))
        .or_else(|| items.iter().find(|e| e["type"] == "work"))
        .or_else(|| items.first());
    match chosen {
        None => Ok(None),
        Some(e) => text("emails.value", &e["value"]),
    }
}

/// The manager's id: a string, or an object with `value` (RFC 7643 §4.3).
pub fn manager(v: &Value) -> Result<Option<String>, ScimError> {
    match v {
        Value::Object(m) => text("manager.value", m.get("value").unwrap_or(&Value::Null)),
        other => text("manager", other),
    }
}

impl Draft {
    /// A whole resource as POST and PUT send it. Without `displayName`, `name.formatted` or
    /// the given and family names stand in (Okta sends only those).
    pub fn from_json(body: &Value) -> Result<Draft, ScimError> {
        let Value::Object(o) = body else {
            return Err(ScimError::bad(
                ScimType::InvalidSyntax,
                "The body must be a JSON object: a SCIM User resource.",
            ));
        };
        let get = |k: &str| {
            o.iter()
                .find(|(key, _)| key.eq_ignore_ascii_case(k))
                .map(|(_, v)| v)
                .unwrap_or(&Value::Null)
        };
        let name = get("name");
        let display_name = match text("displayName", get("displayName"))? {
            Some(n) => Some(n),
            None => match text("name.formatted", &name["formatted"])? {
                Some(n) => Some(n),
                None => {
                    let parts = [
                        text("name.givenName", &name["givenName"])?,
                        text("name.familyName", &name["familyName"])?,
                    ];
                    let joined = parts.into_iter().flatten().collect::<Vec<_>>().join(" ");
                    Some(joined).filter(|n| !n.is_empty())
                }
            },
        };
        let ext = get(ENTERPRISE);
        let active = match get("active") {
            Value::Null => None,
            v => Some(boolean(v)?),
        };
        Ok(Draft {
            user_name: text("userName", get("userName"))?,
            email: primary_email(get("emails"))?,
            display_name,
            title: text("title", get("title"))?,
            department: text("department", &ext["department"])?,
            manager: manager(&ext["manager"])?,
            external_id: text("externalId", get("externalId"))?,
            active,
        })
    }

    /// A stored person, as the starting point of a PATCH.
    pub fn from_row(row: &ScimPersonRow) -> Draft {
        let some = |s: &str| Some(s.to_owned()).filter(|s| !s.is_empty());
        Draft {
            user_name: Some(row.user_name().to_owned()),
            email: Some(row.email.clone()),
            display_name: some(&row.name),
            title: some(&row.job_title),
            department: some(&row.department),
            manager: row.manager_id.map(|m| m.to_string()),
            external_id: row.scim_external_id.clone(),
            active: Some(row.deactivated_at.is_none()),
        }
    }

    /// Checks the draft: a userName, a work address and a name are required; a userName that
    /// is itself an address stands in for a missing `emails`.
    pub fn finish(self) -> Result<PersonInput, ScimError> {
        let user_name = self
            .user_name
            .ok_or_else(|| invalid("userName is required."))?;
        if user_name.chars().count() > MAX_ID {
            return Err(invalid(format!("userName is at most {MAX_ID} characters.")));
        }
        let address = self
            .email
            .or_else(|| Email::parse(&user_name).ok().map(|e| e.as_str().to_owned()));
        let address = address.ok_or_else(|| {
            invalid("emails: Tandem needs a work email address (or a userName that is one).")
        })?;
        let email = Email::parse(&address)
            .map_err(|e| invalid(format!("emails: {address:?} is not an address. {e}")))?;
        let name = self.display_name.ok_or_else(|| {
            invalid("displayName is required (or name.formatted, or name.givenName and name.familyName).")
        })?;
        let limit = |attr: &str, s: &str, max: usize| {
            if s.chars().count() > max {
                Err(invalid(format!("{attr} is at most {max} characters.")))
            } else {
                Ok(())
            }
        };
        limit("displayName", &name, MAX_NAME)?;
        let title = self.title.unwrap_or_default();
        limit("title", &title, MAX_TEXT)?;
        let department = self.department.unwrap_or_default();
        limit("department", &department, MAX_TEXT)?;
        if let Some(x) = &self.external_id {
            limit("externalId", x, MAX_ID)?;
        }
        let manager_id = match self.manager {
            None => None,
            Some(m) => Some(m.parse::<i64>().map_err(|_| {
                invalid(format!(
                    "manager: {m:?} is not the id of a person in Tandem."
                ))
            })?),
        };
        Ok(PersonInput {
            user_name,
            email,
            name,
            title,
            department,
            manager_id,
            external_id: self.external_id,
            active: self.active,
        })
    }
}

/// Unix seconds as SCIM's dateTime.
fn timestamp(secs: i64) -> String {
    DateTime::from_timestamp(secs, 0)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Where a person's resource lives, for `meta.location` and a manager's `$ref`.
pub fn location(base: &str, id: i64) -> String {
    format!("{}/scim/v2/Users/{id}", base.trim_end_matches('/'))
}

/// The resource for `row`. Empty attributes are left out, as SCIM treats them as unassigned.
pub fn to_json(row: &ScimPersonRow, base: &str) -> Value {
    let mut o = Map::new();
    let mut schemas = vec![json!(USER_SCHEMA)];
    o.insert("id".into(), json!(row.id.to_string()));
    if let Some(x) = &row.scim_external_id {
        o.insert("externalId".into(), json!(x));
    }
    o.insert("userName".into(), json!(row.user_name()));
    o.insert("displayName".into(), json!(row.name));
    if !row.job_title.is_empty() {
        o.insert("title".into(), json!(row.job_title));
    }
    o.insert("active".into(), json!(row.deactivated_at.is_none()));
    o.insert("emails".into(), json!([{ "value": row.email }]));
    let mut ext = Map::new();
    if !row.department.is_empty() {
        ext.insert("department".into(), json!(row.department));
    }
    if let Some(m) = row.manager_id {
        ext.insert(
            "manager".into(),
            json!({ "value": m.to_string(), "$ref": location(base, m) }),
        );
    }
    if !ext.is_empty() {
        schemas.push(json!(ENTERPRISE));
        o.insert(ENTERPRISE.into(), Value::Object(ext));
    }
    o.insert(
        "meta".into(),
        json!({
            "resourceType": "User",
            "created": timestamp(row.created_at),
            "lastModified": timestamp(row.updated_at),
            "location": location(base, row.id),
        }),
    );
    o.insert("schemas".into(), Value::Array(schemas));
    Value::Object(o)
}

/// Applies `attributes` (only these, with `id` and `schemas`) or `excludedAttributes` (all but
/// these) to a resource (RFC 7644 §3.4.2.5). Names are matched without regard to case, a
/// sub-attribute by its parent, and an extension's attribute by its full URN.
pub fn project(resource: Value, attributes: Option<&str>, excluded: Option<&str>) -> Value {
    let names = |list: &str| -> Vec<String> {
        list.split(',')
            .map(|a| a.trim().to_ascii_lowercase())
            .filter(|a| !a.is_empty())
            .collect()
    };
    let ent = ENTERPRISE.to_ascii_lowercase();
    // Top-level key and, for the extension, its attribute.
    let split = |name: &str| -> (String, Option<String>) {
        if let Some(rest) = name.strip_prefix(&format!("{ent}:")) {
            let attr = rest.split('.').next().unwrap_or(rest);
            return (ent.clone(), Some(attr.to_owned()));
        }
        let name = name
            .strip_prefix(&format!("{}:", USER_SCHEMA.to_ascii_lowercase()))
            .unwrap_or(name);
        (name.split('.').next().unwrap_or(name).to_owned(), None)
    };
    let Value::Object(mut o) = resource else {
        return resource;
    };
    if let Some(list) = attributes.filter(|a| !a.trim().is_empty()) {
        let wanted: Vec<(String, Option<String>)> = names(list).iter().map(|n| split(n)).collect();
        o.retain(|k, v| {
            let k = k.to_ascii_lowercase();
            if k == "id" || k == "schemas" {
                return true;
            }
            let subs: Vec<&Option<String>> = wanted
                .iter()
                .filter(|(t, _)| *t == k)
                .map(|(_, s)| s)
                .collect();
            if subs.is_empty() {
                return false;
            }
            if subs.iter().any(|s| s.is_none()) {
                return true;
            }
            if let Value::Object(ext) = v {
                ext.retain(|a, _| {
                    subs.iter()
                        .any(|s| s.as_deref() == Some(&a.to_ascii_lowercase()))
                });
            }
            true
        });
    } else if let Some(list) = excluded {
        for (top, sub) in names(list).iter().map(|n| split(n)) {
            if top == "id" || top == "schemas" {
                continue;
            }
            let key = o.keys().find(|k| k.to_ascii_lowercase() == top).cloned();
            let Some(key) = key else { continue };
            match sub {
                None => {
                    o.remove(&key);
                }
                Some(sub) => {
                    if let Some(Value::Object(ext)) = o.get_mut(&key) {
                        ext.retain(|a, _| a.to_ascii_lowercase() != sub);
                    }
                }
            }
        }
    }
    Value::Object(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> ScimPersonRow {
        ScimPersonRow {
            id: 7,
            email: "ana@example.com".into(),
            name: "Ana Lopez".into(),
            role: crate::domain::Role::Participant,
            job_title: String::new(),
            department: "Platform".into(),
            manager_id: Some(3),
            deactivated_at: None,
            scim_user_name: None,
            scim_external_id: None,
            created_at: 0,
            updated_at: 86_400,
        }
    }

    #[test]
    fn okta_s_name_parts_and_entra_s_work_address_are_read() {
        let d = Draft::from_json(&json!({
            "userName": "a.lopez",
            "name": { "givenName": "Ana", "familyName": "Lopez" },
            "emails": [
                { "value": "ana@home.example", "type": "home" },
                { "value": "Ana@Example.com", "type": "work" },
            ],
            "active": "False",
        }))
        .unwrap();
        let p = d.finish().unwrap();
        assert_eq!(p.name, "Ana Lopez");
        assert_eq!(p.email.as_str(), "ana@example.com");
        assert_eq!(p.active, Some(false));
        // A userName that is an address stands in for a missing `emails`.
        let p = Draft::from_json(&json!({ "userName": "bo@example.com", "displayName": "Bo" }))
            .unwrap()
            .finish()
            .unwrap();
        assert_eq!(p.email.as_str(), "bo@example.com");
    }

    #[test]
    fn what_is_missing_or_wrong_is_named() {
        let cases = [
            (
                json!({ "displayName": "X", "emails": [{ "value": "x@example.com" }] }),
                "userName",
            ),
            (json!({ "userName": "x", "displayName": "X" }), "emails"),
            (json!({ "userName": "x@example.com" }), "displayName"),
            (
                json!({ "userName": "x", "displayName": "X", "emails": [{ "value": "not an address" }] }),
                "emails",
            ),
            (
                json!({ "userName": "x@example.com", "displayName": "X", ENTERPRISE: { "manager": { "value": "boss" } } }),
                "manager",
            ),
            (json!({ "userName": 42 }), "userName"),
        ];
        for (body, says) in cases {
            let e = Draft::from_json(&body).and_then(Draft::finish).unwrap_err();
            assert!(e.to_string().contains(says), "{body}: {e}");
        }
        assert!(Draft::from_json(&json!(["not", "an", "object"])).is_err());
    }

    #[test]
    fn the_resource_leaves_out_what_is_empty_and_projects() {
        let v = to_json(&row(), "https://tandem.example/");
        assert_eq!(v["id"], "7");
        assert_eq!(
            v["userName"], "ana@example.com",
            "people never provisioned go by their address"
        );
        assert!(v.get("title").is_none());
        assert_eq!(
            v[ENTERPRISE]["manager"]["$ref"],
            "https://tandem.example/scim/v2/Users/3"
        );
        assert_eq!(v["meta"]["lastModified"], "1970-01-02T00:00:00Z");
        let slim = project(
            v.clone(),
            Some(
                "displayName,urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
            ),
            None,
        );
        let keys: Vec<&String> = slim.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 4, "{slim}");
        assert!(slim[ENTERPRISE].get("manager").is_none());
        let most = project(v, None, Some("meta,id"));
        assert!(
            most.get("meta").is_none() && most.get("id").is_some(),
            "id is always returned"
        );
    }
}
