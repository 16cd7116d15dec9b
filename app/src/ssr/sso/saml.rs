//! SAML 2.0, as a service provider, through `samael` with xmlsec1: reading an identity
//! provider's metadata, the AuthnRequest (HTTP-Redirect binding) and the checks on the
//! Response that comes back (HTTP-POST binding). Every XML signature, time, audience,
//! recipient and destination check is samael's; Tandem's rules around it (which request the
//! answer belongs to, an assertion taken once, allowed domains) are in `sign_in`.

use crate::domain::SsoRefusal;
use crate::ssr::support::web_fetch;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chrono::{Duration, Utc};
use samael::crypto::AllowedSignatureAlgorithm;
use samael::metadata::{
    EntityDescriptor, IndexedEndpoint, SpSsoDescriptor, HTTP_POST_BINDING, HTTP_REDIRECT_BINDING,
};
use samael::schema::{Assertion, Response};
use samael::service_provider::{Error as SamlError, ServiceProvider};
use samael::traits::ToXml;
use serde_json::{Map, Value};

/// How far the identity provider's clock may be from Tandem's: small, since both run NTP.
const CLOCK_SKEW_SECS: i64 = 60;

/// How long after the identity provider issued an assertion Tandem still takes it: the time
/// to post it on, not to keep it.
const ISSUE_DELAY_MAX_SECS: i64 = 120;

/// The largest metadata document or response Tandem reads; real ones are a few kilobytes.
pub const XML_MAX_BYTES: usize = 512 * 1024;

/// Tandem as a service provider: one entity ID and one Assertion Consumer Service for every
/// identity provider, so an admin can register Tandem before adding the provider here. Which
/// provider an answer is from is read from its issuer, and checked against that provider's
/// certificates.
pub struct Service {
    pub entity_id: String,
    pub acs: String,
}

/// What an identity provider's metadata says, once it passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Idp {
    pub entity_id: String,
    pub sso_url: String,
}

/// An assertion that passed samael's checks.
#[derive(Debug, Clone)]
pub struct Asserted {
    /// Its ID, which is taken once.
    pub id: String,
    /// The NameID: the identity provider's lasting id for the person.
    pub subject: String,
    /// The AuthnRequest it answers.
    pub in_response_to: Option<String>,
    /// Until when it could pass the time checks (Unix seconds).
    pub valid_until: i64,
    /// Each attribute's first value, by name (and by friendly name).
    pub attributes: Map<String, Value>,
}

/// Reads an identity provider's metadata: it must have an entity ID, a single sign-on address
/// for the HTTP-Redirect binding, and at least one signing certificate, since an assertion
/// Tandem cannot check against a configured certificate is never accepted.
pub fn read_metadata(xml: &str) -> Result<Idp, String> {
    if xml.len() > XML_MAX_BYTES {
        return Err("The metadata is larger than 512 KB; paste the identity provider's own metadata document.".into());
    }
    match root_element(xml) {
        Some("EntityDescriptor") => {}
        Some("EntitiesDescriptor") => return Err("This metadata lists several entities: give the identity provider's own metadata (one EntityDescriptor).".into()),
        _ => return Err("This is not SAML metadata: it should be an XML document starting with <EntityDescriptor>.".into()),
    }
    let ed: EntityDescriptor = xml
        .parse()
        .map_err(|e| format!("This is not SAML metadata that Tandem can read ({e})."))?;
    let entity_id = ed
        .entity_id
        .clone()
        .filter(|e| !e.trim().is_empty())
        .ok_or("The metadata names no entityID.")?;
    if ed.idp_sso_descriptors.as_ref().is_none_or(|d| d.is_empty()) {
        return Err(
            "The metadata has no IDPSSODescriptor: is it a service provider's metadata?".into(),
        );
    }
    let sso_url = redirect_sso_url(&ed)
        .ok_or("The metadata has no SingleSignOnService with the HTTP-Redirect binding.")?;
    let sp = ServiceProvider {
        idp_metadata: ed,
        ..ServiceProvider::default()
    };
    match sp.idp_signing_certs() {
        Ok(Some(certs)) if !certs.is_empty() => Ok(Idp { entity_id, sso_url }),
        Ok(_) => Err("The metadata has no signing certificate (KeyDescriptor use=\"signing\"), so Tandem could not check what the provider signs.".into()),
        Err(e) => Err(format!("A certificate in the metadata could not be read ({e}).")),
    }
}

/// Where the identity provider takes AuthnRequests by the HTTP-Redirect binding.
fn redirect_sso_url(ed: &EntityDescriptor) -> Option<String> {
    ed.idp_sso_descriptors
        .iter()
        .flatten()
        .flat_map(|d| &d.single_sign_on_services)
        .find(|s| s.binding == HTTP_REDIRECT_BINDING)
        .map(|s| s.location.clone())
}

/// The local name of a document's first element, past the XML declaration and comments.
fn root_element(xml: &str) -> Option<&str> {
    let mut rest = xml;
    loop {
        let at = rest.find('<')?;
        rest = &rest[at + 1..];
        if rest.starts_with('?') || rest.starts_with('!') {
            continue;
        }
        let name = rest
            .split(|c: char| c.is_whitespace() || c == '>' || c == '/')
            .next()?;
        return Some(name.rsplit(':').next().unwrap_or(name));
    }
}

/// Downloads an identity provider's metadata from `url`.
pub async fn fetch_metadata(url: &str) -> Result<String, String> {
    let unreachable = |e: &dyn std::fmt::Display| format!("Tandem could not read {url}: {e}.");
    let res = web_fetch::client()
        .get(url)
        .send()
        .await
        .map_err(|e| unreachable(&e))?;
    if !res.status().is_success() {
        return Err(format!(
            "{url} answered {}, not the metadata.",
            res.status()
        ));
    }
    let body = res.bytes().await.map_err(|e| unreachable(&e))?;
    if body.len() > XML_MAX_BYTES {
        return Err(format!(
            "{url} sent more than 512 KB, which is not a metadata document."
        ));
    }
    String::from_utf8(body.to_vec()).map_err(|_| format!("{url} did not send text."))
}

fn provider(service: &Service, metadata: &str) -> Result<ServiceProvider, String> {
    let idp_metadata: EntityDescriptor = metadata.parse().map_err(|e| format!("{e}"))?;
    Ok(ServiceProvider {
        entity_id: Some(service.entity_id.clone()),
        metadata_url: Some(service.entity_id.clone()),
        acs_url: Some(service.acs.clone()),
        slo_url: None,
        idp_metadata,
        // Tandem checks the AuthnRequest an answer belongs to itself (see `sign_in`), after
        // taking the assertion once; samael checks everything else.
        allow_idp_initiated: true,
        max_clock_skew: Duration::seconds(CLOCK_SKEW_SECS),
        max_issue_delay: Duration::seconds(ISSUE_DELAY_MAX_SECS),
        allowed_signature_algorithms: Some(vec![
            AllowedSignatureAlgorithm::RsaSha256,
            AllowedSignatureAlgorithm::RsaSha384,
            AllowedSignatureAlgorithm::RsaSha512,
            AllowedSignatureAlgorithm::EcdsaSha256,
            AllowedSignatureAlgorithm::EcdsaSha384,
            AllowedSignatureAlgorithm::EcdsaSha512,
        ]),
        ..ServiceProvider::default()
    })
}

/// The address to send the browser to, and the AuthnRequest's ID, which the answer must name.
pub fn start(
    service: &Service,
    metadata: &str,
    relay_state: &str,
) -> Result<(String, String), String> {
    // The stored metadata passed `read_metadata` when it was saved; it is parsed once here.
    let sp = provider(service, metadata)?;
    let sso_url = redirect_sso_url(&sp.idp_metadata)
        .ok_or("The metadata has no SingleSignOnService with the HTTP-Redirect binding.")?;
    let mut request = sp
        .make_authentication_request(&sso_url)
        .map_err(|e| e.to_string())?;
    // samael's own ids carry 32 random bits; an id that binds an answer to this browser's
    // sign-in gets 256.
    request.id = format!("_{}", crate::ssr::support::crypto::new_token().0);
    let url = request
        .redirect(relay_state)
        .map_err(|e| e.to_string())?
        .ok_or("The AuthnRequest has no destination.")?;
    Ok((url.to_string(), request.id))
}

/// The Response as the browser posted it (base64), as XML.
pub fn decode(posted: &str) -> Result<String, SsoRefusal> {
    let bad = |why: &dyn std::fmt::Display| {
        tracing::warn!(error = %why, "SAML response unreadable");
        SsoRefusal::BadToken
    };
    if posted.len() > XML_MAX_BYTES * 2 {
        return Err(bad(&"too large"));
    }
    let compact: String = posted
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    let bytes = STANDARD.decode(compact).map_err(|e| bad(&e))?;
    String::from_utf8(bytes).map_err(|e| bad(&e))
}

/// Who the Response says it is from, before anything is checked: only to choose whose
/// certificates check it.
pub fn issuer_of(xml: &str) -> Option<String> {
    let response: Response = xml.parse().ok()?;
    response
        .issuer
        .and_then(|i| i.value)
        .or_else(|| response.assertion.and_then(|a| a.issuer.value))
}

/// Checks a Response: the signature against the certificates in the provider's metadata,
/// issuer, audience, recipient, destination and the time window.
pub fn finish(service: &Service, metadata: &str, xml: &str) -> Result<Asserted, SsoRefusal> {
    let bad = |why: &dyn std::fmt::Display| {
        tracing::warn!(error = %why, "SAML response refused");
        SsoRefusal::BadToken
    };
    let sp = provider(service, metadata).map_err(|e| bad(&e))?;
    // Never an answer without a certificate to check it against (samael would skip the check).
    if !matches!(sp.idp_signing_certs(), Ok(Some(ref c)) if !c.is_empty()) {
        return Err(bad(&"no signing certificate configured"));
    }
    let assertion = sp.parse_xml_response(xml, None).map_err(refusal)?;
    asserted(assertion).ok_or_else(|| bad(&"the assertion has no NameID"))
}

fn refusal(e: SamlError) -> SsoRefusal {
    tracing::warn!(error = %e, "SAML response refused");
    match e {
        SamlError::FailedToValidateSignature | SamlError::CryptoXmlError(_) => {
            SsoRefusal::BadSignature
        }
        SamlError::AssertionExpired { .. }
        | SamlError::ResponseExpired { .. }
        | SamlError::AssertionConditionExpired { .. }
        | SamlError::AssertionConditionExpiredBefore { .. }
        | SamlError::AssertionSubjectConfirmationExpired { .. }
        | SamlError::AssertionSubjectConfirmationExpiredBefore { .. } => SsoRefusal::TokenExpired,
        SamlError::AssertionIssuerMismatch { .. } | SamlError::ResponseIssuerMismatch { .. } => {
            SsoRefusal::WrongIssuer
        }
        SamlError::AssertionConditionAudienceRestrictionFailed { .. }
        | SamlError::AssertionRecipientMismatch { .. }
        | SamlError::DestinationValidationError { .. } => SsoRefusal::WrongAudience,
        SamlError::AssertionInResponseToInvalid { .. }
        | SamlError::ResponseInResponseToInvalid { .. } => SsoRefusal::WrongNonce,
        SamlError::ResponseBadStatusCode { .. } => SsoRefusal::Denied,
        _ => SsoRefusal::BadToken,
    }
}

fn asserted(a: Assertion) -> Option<Asserted> {
    let subject = a.subject.as_ref()?;
    let name_id = subject.name_id.as_ref()?.value.trim().to_owned();
    if name_id.is_empty() {
        return None;
    }
    let bearer = subject
        .subject_confirmations
        .iter()
        .flatten()
        .filter_map(|c| c.subject_confirmation_data.as_ref());
    let mut in_response_to = None;
    let mut until = a.issue_instant + Duration::seconds(ISSUE_DELAY_MAX_SECS);
    for data in bearer {
        in_response_to = in_response_to.or_else(|| data.in_response_to.clone());
        if let Some(t) = data.not_on_or_after {
            until = until.max(t);
        }
    }
    if let Some(t) = a.conditions.as_ref().and_then(|c| c.not_on_or_after) {
        until = until.max(t);
    }
    let mut attributes = Map::new();
    for attr in a
        .attribute_statements
        .iter()
        .flatten()
        .flat_map(|s| &s.attributes)
    {
        let Some(value) = attr.values.iter().find_map(|v| v.value.clone()) else {
            continue;
        };
        for name in [&attr.name, &attr.friendly_name].into_iter().flatten() {
            attributes
                .entry(name.clone())
                .or_insert_with(|| Value::String(value.clone()));
        }
    }
    Some(Asserted {
        id: a.id,
        subject: name_id,
        in_response_to,
        valid_until: (until + Duration::seconds(CLOCK_SKEW_SECS)).timestamp(),
        attributes,
    })
}

/// Tandem's service-provider metadata for one identity provider: its entity ID, its
/// Assertion Consumer Service (HTTP-POST), unsigned requests, signed assertions wanted.
pub fn service_metadata(service: &Service) -> Result<String, String> {
    let descriptor = SpSsoDescriptor {
        protocol_support_enumeration: Some("urn:oasis:names:tc:SAML:2.0:protocol".to_owned()),
        authn_requests_signed: Some(false),
        want_assertions_signed: Some(true),
        name_id_formats: Some(vec![
            "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent".to_owned(),
            "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress".to_owned(),
        ]),
        assertion_consumer_services: vec![IndexedEndpoint {
            binding: HTTP_POST_BINDING.to_owned(),
            location: service.acs.clone(),
            index: 0,
            is_default: Some(true),
            ..IndexedEndpoint::default()
        }],
        ..SpSsoDescriptor::default()
    };
    let ed = EntityDescriptor {
        entity_id: Some(service.entity_id.clone()),
        valid_until: Some(Utc::now() + Duration::days(7)),
        sp_sso_descriptors: Some(vec![descriptor]),
        ..EntityDescriptor::default()
    };
    ed.to_string().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::root_element;

    #[test]
    fn the_root_element_is_read_past_declarations_and_prefixes() {
        let xml =
            "<?xml version=\"1.0\"?>\n<!-- from the IdP --><md:EntityDescriptor entityID=\"x\">";
        assert_eq!(root_element(xml), Some("EntityDescriptor"));
        assert_eq!(
            root_element("<EntitiesDescriptor>"),
            Some("EntitiesDescriptor")
        );
        assert_eq!(root_element("<html><body/>"), Some("html"));
        assert_eq!(root_element("not xml"), None);
    }
}
