//! The filters identity providers send before they create someone: `userName eq "…"` (Entra
//! ID, Okta, Google), `externalId eq "…"` and `emails.value eq "…"`. Anything else is refused
//! with `invalidFilter` naming what Tandem understands, rather than answered wrongly.

use super::error::{ScimError, ScimType};

/// The attribute a filter compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterAttr {
    UserName,
    ExternalId,
    Email,
    Id,
}

/// `attr eq "value"`, with the attribute compared without regard to case where SCIM says so
/// (userName and emails; externalId is case-exact).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub attr: FilterAttr,
    pub value: String,
}

const UNDERSTOOD: &str = "Tandem understands filters of the form userName eq \"…\", \
externalId eq \"…\", emails.value eq \"…\" or id eq \"…\".";

impl Filter {
    pub fn parse(raw: &str) -> Result<Filter, ScimError> {
        let bad =
            |why: &str| ScimError::bad(ScimType::InvalidFilter, format!("{why} {UNDERSTOOD}"));
        let raw = raw.trim();
        let (attr, rest) = raw
            .split_once(char::is_whitespace)
            .ok_or_else(|| bad(&format!("The filter {raw:?} has no operator.")))?;
        let rest = rest.trim_start();
        let (op, value) = rest
            .split_once(char::is_whitespace)
            .ok_or_else(|| bad(&format!("The filter {raw:?} has no value.")))?;
        if !op.eq_ignore_ascii_case("eq") {
            return Err(bad(&format!("The operator {op:?} is not supported.")));
        }
        let attr = match attr
            .trim_start_matches("urn:ietf:params:scim:schemas:core:2.0:User:")
            .to_ascii_lowercase()
            .as_str()
        {
            "username" => FilterAttr::UserName,
            "externalid" => FilterAttr::ExternalId,
            "emails.value" | "emails" => FilterAttr::Email,
            "id" => FilterAttr::Id,
            _ => {
                return Err(bad(&format!(
                    "The attribute {attr:?} cannot be filtered on."
                )))
            }
        };
        let value = unquote(value.trim()).ok_or_else(|| {
            bad(&format!(
                "The value in {raw:?} must be one string in double quotes."
            ))
        })?;
        Ok(Filter { attr, value })
    }
}

/// A JSON string literal's contents, or `None` when `s` is not exactly one.
fn unquote(s: &str) -> Option<String> {
    if !s.starts_with('"') {
        return None;
    }
    serde_json::from_str::<String>(s).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filters_providers_send_are_read() {
        let f = Filter::parse(r#"userName eq "Ana.Lopez@example.com""#).unwrap();
        assert_eq!(f.attr, FilterAttr::UserName);
        assert_eq!(f.value, "Ana.Lopez@example.com");
        let f = Filter::parse(r#"externalId EQ "a \"quoted\" id""#).unwrap();
        assert_eq!(
            (f.attr, f.value.as_str()),
            (FilterAttr::ExternalId, "a \"quoted\" id")
        );
        let f = Filter::parse(r#"emails.value eq "bo@example.com""#).unwrap();
        assert_eq!(f.attr, FilterAttr::Email);
        let f =
            Filter::parse(r#"urn:ietf:params:scim:schemas:core:2.0:User:userName eq "x""#).unwrap();
        assert_eq!(f.attr, FilterAttr::UserName);
    }

    #[test]
    fn other_filters_are_refused_with_what_is_understood() {
        for raw in [
            r#"userName co "ana""#,
            r#"title eq "Engineer""#,
            r#"userName eq ana"#,
            r#"userName eq "a" and active eq true"#,
            "userName",
            "",
        ] {
            let e = Filter::parse(raw).unwrap_err();
            assert_eq!(e.status(), 400, "{raw}");
            let body = e.body("r");
            assert_eq!(body["scimType"], "invalidFilter", "{raw}");
            assert!(
                body["detail"].as_str().unwrap().contains("userName eq"),
                "{raw}"
            );
        }
    }
}
