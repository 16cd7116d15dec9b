//! PATCH (RFC 7644 §3.5.2) on a person: `add`, `replace` and `remove`, with or without a
//! `path`, in the forms Entra ID, Okta and Google send, including Entra's
//! `emails[type eq "work"].value`, its string "False" for `active`, and a manager given as a
//! bare id. Operations apply in order to a draft that is checked as a whole afterwards, so a
//! PATCH either applies completely or not at all.

use super::error::{ScimError, ScimType};
use super::resource::{boolean, manager, primary_email, text, Draft, ENTERPRISE, USER_SCHEMA};
use serde_json::Value;

pub const PATCH_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Add,
    Replace,
    Remove,
}

/// An attribute a path may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    UserName,
    DisplayName,
    /// `name.givenName` and `name.familyName`: accepted, but Tandem keeps one display name.
    NamePart,
    Title,
    Active,
    Emails,
    ExternalId,
    Department,
    Manager,
    /// The whole enterprise extension.
    Enterprise,
}

fn invalid_path(path: &str) -> ScimError {
    ScimError::bad(
        ScimType::InvalidPath,
        format!(
            "The path {path:?} names no attribute Tandem keeps: userName, displayName, name, \
             title, active, emails, externalId, and the enterprise extension's department and \
             manager."
        ),
    )
}

fn target(path: &str) -> Result<Target, ScimError> {
    let lower = path.trim().to_ascii_lowercase();
    let ent = ENTERPRISE.to_ascii_lowercase();
    if lower == ent {
        return Ok(Target::Enterprise);
    }
    if let Some(attr) = lower.strip_prefix(&format!("{ent}:")) {
        return match attr {
            "department" => Ok(Target::Department),
            "manager" | "manager.value" => Ok(Target::Manager),
            _ => Err(invalid_path(path)),
        };
    }
    let attr = lower
        .strip_prefix(&format!("{}:", USER_SCHEMA.to_ascii_lowercase()))
        .unwrap_or(&lower);
    if attr.starts_with("emails[") || attr == "emails.value" {
        // One address is kept: any email filter designates it.
        return if attr.ends_with("].value") || attr.ends_with(']') || attr == "emails.value" {
            Ok(Target::Emails)
        } else {
            Err(invalid_path(path))
        };
    }
    Ok(match attr {
        "username" => Target::UserName,
        "displayname" | "name.formatted" => Target::DisplayName,
        "name.givenname" | "name.familyname" => Target::NamePart,
        "title" => Target::Title,
        "active" => Target::Active,
        "emails" => Target::Emails,
        "externalid" => Target::ExternalId,
        _ => return Err(invalid_path(path)),
    })
}

fn required(attr: &str) -> ScimError {
    ScimError::bad(
        ScimType::Mutability,
        format!("{attr} is required and cannot be removed."),
    )
}

/// Sets (`value` present) or clears one attribute.
fn set(d: &mut Draft, t: Target, path: &str, value: &Value) -> Result<(), ScimError> {
    match t {
        Target::UserName => {
            d.user_name = Some(text(path, value)?.ok_or_else(|| required("userName"))?)
        }
        Target::DisplayName => {
            d.display_name = Some(text(path, value)?.ok_or_else(|| required("displayName"))?)
        }
        Target::NamePart => {
            text(path, value)?;
        }
        Target::Title => d.title = text(path, value)?,
        Target::Active => d.active = Some(boolean(value)?),
        Target::Emails => {
            let address = match value {
                Value::String(_) | Value::Null => text(path, value)?,
                v => primary_email(v)?,
            };
            d.email = Some(address.ok_or_else(|| required("emails"))?);
        }
        Target::ExternalId => d.external_id = text(path, value)?,
        Target::Department => d.department = text(path, value)?,
        Target::Manager => d.manager = manager(value)?,
        Target::Enterprise => {
            let Value::Object(ext) = value else {
                return Err(ScimError::bad(
                    ScimType::InvalidValue,
                    "The enterprise extension's value must be an object.",
                ));
            };
            for (k, v) in ext
                .iter()
                .filter(|(k, _)| !k.eq_ignore_ascii_case("schemas"))
            {
                let sub = format!("{ENTERPRISE}:{k}");
                set(d, target(&sub)?, &sub, v)?;
            }
        }
    }
    Ok(())
}

fn remove(d: &mut Draft, t: Target) -> Result<(), ScimError> {
    match t {
        Target::UserName => return Err(required("userName")),
        Target::DisplayName => return Err(required("displayName")),
        Target::Emails => return Err(required("emails")),
        Target::Active => return Err(required("active")),
        Target::NamePart => {}
        Target::Title => d.title = None,
        Target::ExternalId => d.external_id = None,
        Target::Department => d.department = None,
        Target::Manager => d.manager = None,
        Target::Enterprise => {
            d.department = None;
            d.manager = None;
        }
    }
    Ok(())
}

/// Applies a PatchOp body to `draft`.
pub fn apply(draft: &mut Draft, body: &Value) -> Result<(), ScimError> {
    let syntax = |m: &str| ScimError::bad(ScimType::InvalidSyntax, m.to_owned());
    let ops = body
        .as_object()
        .and_then(|o| o.iter().find(|(k, _)| k.eq_ignore_ascii_case("Operations")))
        .and_then(|(_, v)| v.as_array())
        .ok_or_else(|| syntax("A PATCH body needs an \"Operations\" list (RFC 7644 §3.5.2)."))?;
    for (n, operation) in ops.iter().enumerate() {
        let field = |k: &str| {
            operation
                .as_object()
                .and_then(|o| o.iter().find(|(key, _)| key.eq_ignore_ascii_case(k)))
                .map(|(_, v)| v)
        };
        let op = match field("op")
            .and_then(Value::as_str)
            .map(str::to_ascii_lowercase)
        {
            Some(o) if o == "add" => Op::Add,
            Some(o) if o == "replace" => Op::Replace,
            Some(o) if o == "remove" => Op::Remove,
            other => {
                return Err(syntax(&format!(
                    "Operation {} has op {:?}; it must be add, replace or remove.",
                    n + 1,
                    other.unwrap_or_default()
                )))
            }
        };
        let path = field("path")
            .and_then(Value::as_str)
            .filter(|p| !p.trim().is_empty());
        let value = field("value").unwrap_or(&Value::Null);
        match (op, path) {
            (Op::Remove, None) => {
                return Err(ScimError::bad(
                    ScimType::NoTarget,
                    format!("Operation {} removes without a path.", n + 1),
                ))
            }
            (Op::Remove, Some(p)) => remove(draft, target(p)?)?,
            (_, Some(p)) => set(draft, target(p)?, p, value)?,
            (_, None) => {
                let Value::Object(attrs) = value else {
                    return Err(syntax(&format!(
                        "Operation {} has no path, so its value must be an object of attributes.",
                        n + 1
                    )));
                };
                for (k, v) in attrs {
                    if k.eq_ignore_ascii_case("schemas") {
                        continue;
                    }
                    if k.eq_ignore_ascii_case("name") {
                        if let Some(f) = v.get("formatted") {
                            set(draft, Target::DisplayName, "name.formatted", f)?;
                        }
                        continue;
                    }
                    set(draft, target(k)?, k, v)?;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn person() -> Draft {
        Draft {
            user_name: Some("ana@example.com".into()),
            email: Some("ana@example.com".into()),
            display_name: Some("Ana Lopez".into()),
            title: Some("Engineer".into()),
            department: Some("Platform".into()),
            manager: Some("7".into()),
            external_id: Some("e-1".into()),
            active: Some(true),
        }
    }

    fn patch(ops: Value) -> Value {
        json!({ "schemas": [PATCH_SCHEMA], "Operations": ops })
    }

    #[test]
    fn entra_style_operations_apply_in_order() {
        let mut d = person();
        apply(
            &mut d,
            &patch(json!([
                { "op": "Replace", "path": "active", "value": "False" },
                { "op": "Add", "path": "title", "value": "Staff engineer" },
                { "op": "Replace", "path": "emails[type eq \"work\"].value", "value": "ana.l@example.com" },
                { "op": "Add", "path": format!("{ENTERPRISE}:manager"), "value": "9" },
                { "op": "Replace", "path": format!("{ENTERPRISE}:department"), "value": "Data" },
                { "op": "Add", "path": "name.givenName", "value": "Ana" },
            ])),
        )
        .unwrap();
        assert_eq!(d.active, Some(false));
        assert_eq!(d.title.as_deref(), Some("Staff engineer"));
        assert_eq!(d.email.as_deref(), Some("ana.l@example.com"));
        assert_eq!(d.manager.as_deref(), Some("9"));
        assert_eq!(d.department.as_deref(), Some("Data"));
        assert_eq!(d.display_name.as_deref(), Some("Ana Lopez"));
    }

    #[test]
    fn okta_style_value_objects_and_removals() {
        let mut d = person();
        apply(
            &mut d,
            &patch(json!([
                { "op": "replace", "value": { "active": true, "displayName": "Ana López",
                  ENTERPRISE: { "manager": { "value": "3" } } } },
                { "op": "remove", "path": "title" },
                { "op": "remove", "path": "externalId" },
                { "op": "remove", "path": format!("{ENTERPRISE}:department") },
            ])),
        )
        .unwrap();
        assert_eq!(d.display_name.as_deref(), Some("Ana López"));
        assert_eq!(d.manager.as_deref(), Some("3"));
        assert_eq!((d.title, d.external_id, d.department), (None, None, None));
        let mut d = person();
        apply(
            &mut d,
            &patch(json!([{ "op": "remove", "path": ENTERPRISE }])),
        )
        .unwrap();
        assert_eq!((d.manager, d.department), (None, None));
    }

    #[test]
    fn refusals_name_what_is_wrong() {
        let cases = [
            (
                json!([{ "op": "remove", "path": "userName" }]),
                "mutability",
                "userName",
            ),
            (json!([{ "op": "remove" }]), "noTarget", "without a path"),
            (
                json!([{ "op": "replace", "path": "nickName", "value": "x" }]),
                "invalidPath",
                "nickName",
            ),
            (
                json!([{ "op": "move", "path": "title" }]),
                "invalidSyntax",
                "move",
            ),
            (
                json!([{ "op": "replace", "path": "active", "value": "perhaps" }]),
                "invalidValue",
                "active",
            ),
            (
                json!([{ "op": "replace", "value": "x" }]),
                "invalidSyntax",
                "object",
            ),
        ];
        for (ops, kind, says) in cases {
            let mut d = person();
            let e = apply(&mut d, &patch(ops.clone())).unwrap_err();
            let body = e.body("r");
            assert_eq!(body["scimType"], kind, "{ops}");
            assert!(
                body["detail"].as_str().unwrap().contains(says),
                "{ops}: {body}"
            );
        }
        let e = apply(&mut person(), &json!({ "ops": [] })).unwrap_err();
        assert!(e.to_string().contains("Operations"));
    }
}
