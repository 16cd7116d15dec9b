//! Single sign-on rules that need no network: which addresses a provider may sign in, what a
//! mapped claim holds, and why a sign-in was refused. A refusal travels in the address of the
//! page that explains it as a short word, never as text a visitor could choose.

use super::choice::choice_enum;
use super::email::Email;
use serde_json::{Map, Value};

/// The longest text Tandem takes from a claim (a name, a department, a job title).
pub const CLAIM_TEXT_MAX: usize = 200;

choice_enum!(
    /// The protocol a provider speaks. Both share Tandem's rules (allowed domains, mapped
    /// claims, linked subjects); only the round trip differs.
    SsoProtocol {
        Oidc => ("oidc", "OpenID Connect"),
        Saml => ("saml", "SAML 2.0"),
    }
);

/// Why a sign-in through a provider did not sign anyone in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SsoRefusal {
    /// The sign-in started in another browser, long ago, or not at all.
    Expired,
    /// The provider said no, or the person cancelled.
    Denied,
    /// The provider could not be reached or answered with something unreadable.
    Unreachable,
    /// The ID token names another issuer than the one configured.
    WrongIssuer,
    /// The ID token was made for another application.
    WrongAudience,
    /// The ID token's time is up.
    TokenExpired,
    /// The ID token answers another sign-in (its nonce is not this one's).
    WrongNonce,
    /// The ID token's signature is not the issuer's.
    BadSignature,
    /// Something else in the ID token is wrong.
    BadToken,
    /// The provider gave no email address.
    NoEmail,
    /// The provider does not vouch for the address.
    UnverifiedEmail,
    /// The address's domain is not one this provider may sign in.
    DomainNotAllowed,
    /// The account was closed in Tandem.
    AccountClosed,
    /// The provider's answer (a SAML assertion) was already used once.
    Replayed,
}

impl SsoRefusal {
    pub const ALL: [SsoRefusal; 14] = [
        SsoRefusal::Expired,
        SsoRefusal::Denied,
        SsoRefusal::Unreachable,
        SsoRefusal::WrongIssuer,
        SsoRefusal::WrongAudience,
        SsoRefusal::TokenExpired,
        SsoRefusal::WrongNonce,
        SsoRefusal::BadSignature,
        SsoRefusal::BadToken,
        SsoRefusal::NoEmail,
        SsoRefusal::UnverifiedEmail,
        SsoRefusal::DomainNotAllowed,
        SsoRefusal::AccountClosed,
        SsoRefusal::Replayed,
    ];

    /// The word in the refusal page's address.
    pub fn code(self) -> &'static str {
        match self {
            SsoRefusal::Expired => "expired",
            SsoRefusal::Denied => "denied",
            SsoRefusal::Unreachable => "unreachable",
            SsoRefusal::WrongIssuer => "issuer",
            SsoRefusal::WrongAudience => "audience",
            SsoRefusal::TokenExpired => "token_expired",
            SsoRefusal::WrongNonce => "nonce",
            SsoRefusal::BadSignature => "signature",
            SsoRefusal::BadToken => "token",
            SsoRefusal::NoEmail => "no_email",
            SsoRefusal::UnverifiedEmail => "unverified_email",
            SsoRefusal::DomainNotAllowed => "domain",
            SsoRefusal::AccountClosed => "closed",
            SsoRefusal::Replayed => "replayed",
        }
    }

    pub fn from_code(code: &str) -> Option<SsoRefusal> {
        SsoRefusal::ALL.into_iter().find(|r| r.code() == code)
    }

    /// What the person reads; the details of a bad token go to the server's log, and these
    /// say what to do next.
    pub fn message(self) -> &'static str {
        match self {
            SsoRefusal::Expired => "This sign-in took too long or was started in another browser. Start again from the sign-in page.",
            SsoRefusal::Denied => "Your identity provider did not sign you in (it refused, or you cancelled). Try again, or ask your IT team.",
            SsoRefusal::Unreachable => "Tandem could not reach your identity provider. Try again in a minute; if it keeps happening, tell your Tandem admin.",
            SsoRefusal::WrongIssuer => "The identity provider's answer came from a different issuer than the one Tandem is set up with, so Tandem did not trust it. Tell your Tandem admin.",
            SsoRefusal::WrongAudience => "The identity provider's answer was made for a different application, so Tandem did not trust it. Tell your Tandem admin.",
            SsoRefusal::TokenExpired => "The identity provider's answer had already expired. Check that your device's clock is right and try again.",
            SsoRefusal::WrongNonce => "The identity provider's answer belonged to a different sign-in, so Tandem did not trust it. Start again from the sign-in page.",
            SsoRefusal::BadSignature => "The identity provider's answer was not signed with its key, so Tandem did not trust it. Tell your Tandem admin.",
            SsoRefusal::BadToken => "The identity provider's answer could not be checked, so Tandem did not trust it. Tell your Tandem admin.",
            SsoRefusal::NoEmail => "Your identity provider did not share your email address with Tandem. Ask your IT team to release the email claim.",
            SsoRefusal::UnverifiedEmail => "Your identity provider does not vouch for your email address (it is not verified), so Tandem cannot tell it is yours. Ask your IT team.",
            SsoRefusal::DomainNotAllowed => "Your email address is not in a domain this sign-in is for. Sign in with your work account, or ask your Tandem admin.",
            SsoRefusal::AccountClosed => "This account has been closed. Ask your Tandem admin if you think that is a mistake.",
            SsoRefusal::Replayed => "This answer from your identity provider was already used, so Tandem did not take it again. Start again from the sign-in page.",
        }
    }
}

/// Whether `email` may sign in through a provider allowing `domains`. A provider always names
/// its domains: an empty list allows nobody, so a forgotten field cannot open Tandem to every
/// account the provider knows.
pub fn domain_allowed(email: &Email, domains: &[String]) -> bool {
    let domain = email.domain().to_ascii_lowercase();
    domains.contains(&domain)
}

/// The text of claim `name`, if the admin mapped it and the token carries a non-empty string
/// (or a number, as some directories give employee numbers), cut to [`CLAIM_TEXT_MAX`].
pub fn claim_text(claims: &Map<String, Value>, name: &str) -> Option<String> {
    if name.is_empty() {
        return None;
    }
    let text = match claims.get(name)? {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    (!text.is_empty()).then(|| text.chars().take(CLAIM_TEXT_MAX).collect())
}

/// Whether claim `name` says yes: `true`, or the strings and numbers some providers send for
/// it ("true", "True", 1). Anything else, and a claim left out, is no.
pub fn claim_true(claims: &Map<String, Value>, name: &str) -> bool {
    match claims.get(name) {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => s.eq_ignore_ascii_case("true") || s == "1",
        Some(Value::Number(n)) => n.as_i64() == Some(1),
        _ => false,
    }
}

/// The address a SAML assertion gives: the mapped attribute when the admin named one and the
/// assertion carries it, otherwise the NameID when it is an address (Google Workspace and
/// most Okta set-ups send the address there).
pub fn saml_email(
    attributes: &Map<String, Value>,
    email_attribute: &str,
    name_id: &str,
) -> Option<Email> {
    claim_text(attributes, email_attribute)
        .and_then(|e| Email::parse(&e).ok())
        .or_else(|| Email::parse(name_id).ok())
}

/// A claim name as an admin types it: letters, digits and `_ - . : /` (Entra's and Okta's
/// custom claims include URLs), at most 200 characters; empty means "not mapped".
pub fn parse_claim_name(raw: &str) -> Result<String, String> {
    let name = raw.trim();
    if name.len() > CLAIM_TEXT_MAX {
        return Err("A claim name has at most 200 characters.".into());
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_-.:/".contains(c))
    {
        return Err(format!(
            "{name:?} is not a claim name: use letters, digits, _ - . : or /."
        ));
    }
    Ok(name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_refusal_reads_back_from_its_code() {
        for r in SsoRefusal::ALL {
            assert_eq!(SsoRefusal::from_code(r.code()), Some(r));
            assert!(r.message().ends_with('.'));
        }
        assert_eq!(SsoRefusal::from_code("<script>"), None);
    }

    #[test]
    fn only_named_domains_sign_in() {
        let ana = Email::parse("ana@Corp.example").unwrap();
        assert!(domain_allowed(&ana, &["corp.example".into()]));
        assert!(!domain_allowed(&ana, &["example".into()]));
        assert!(!domain_allowed(
            &Email::parse("ana@evil-corp.example").unwrap(),
            &["corp.example".into()]
        ));
        assert!(!domain_allowed(&ana, &[]), "an empty list allows nobody");
    }

    #[test]
    fn claims_give_trimmed_text_or_nothing() {
        let claims = json!({"dept": "  Finance ", "n": 42, "list": ["a"], "blank": " "});
        let claims = claims.as_object().unwrap();
        assert_eq!(claim_text(claims, "dept").as_deref(), Some("Finance"));
        assert_eq!(claim_text(claims, "n").as_deref(), Some("42"));
        assert_eq!(claim_text(claims, "list"), None);
        assert_eq!(claim_text(claims, "blank"), None);
        assert_eq!(claim_text(claims, ""), None);
        assert_eq!(claim_text(claims, "missing"), None);
    }

    #[test]
    fn only_a_plain_yes_vouches() {
        let claims = json!({"a": true, "b": "True", "c": 1, "d": false, "e": "yes", "f": 0});
        let claims = claims.as_object().unwrap();
        let yes: Vec<_> = ["a", "b", "c", "d", "e", "f", "missing"]
            .into_iter()
            .filter(|n| claim_true(claims, n))
            .collect();
        assert_eq!(yes, ["a", "b", "c"]);
    }

    #[test]
    fn a_saml_address_comes_from_its_attribute_or_the_name_id() {
        let attrs = json!({"mail": "Dee@Corp.example", "bad": "not an address"});
        let attrs = attrs.as_object().unwrap();
        let dee = |e: Option<Email>| e.map(|e| e.as_str().to_owned());
        assert_eq!(
            dee(saml_email(attrs, "mail", "x-123")).as_deref(),
            Some("dee@corp.example")
        );
        assert_eq!(
            dee(saml_email(attrs, "", "ana@corp.example")).as_deref(),
            Some("ana@corp.example")
        );
        assert_eq!(
            dee(saml_email(attrs, "bad", "ana@corp.example")).as_deref(),
            Some("ana@corp.example")
        );
        assert_eq!(saml_email(attrs, "missing", "x-123"), None);
    }

    #[test]
    fn protocols_read_back_from_their_stored_names() {
        for p in SsoProtocol::ALL {
            assert_eq!(SsoProtocol::parse(p.as_str()), Some(*p));
        }
        assert_eq!(SsoProtocol::parse("ldap"), None);
    }

    #[test]
    fn claim_names_are_checked() {
        assert_eq!(parse_claim_name(" department ").unwrap(), "department");
        assert!(parse_claim_name("http://schemas.example/claims/title").is_ok());
        assert!(parse_claim_name("a b").is_err());
    }
}
