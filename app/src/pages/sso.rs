//! Single sign-on for org admins: the company's OpenID Connect and SAML 2.0 providers
//! (Microsoft Entra ID, Okta, Google Workspace), the claims that fill people's profiles, and
//! "Sign in with SSO only". One provider form on the page, for a new provider (OpenID Connect,
//! or SAML from `?protocol=saml`) or, from a provider's Edit link, for that one.

use crate::api::sso::{load_sso, RemoveSsoProvider, SaveSsoMode, SaveSsoProvider};
use crate::components::by_id::loaded;
use crate::components::form::{action_error, Field, FormAlert, Notice, Submit, TextArea};
use crate::components::shell::RequireUser;
use crate::domain::SsoProtocol;
use crate::models::{ProviderView, SsoView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SsoPage() -> impl IntoView {
    // Created here, before anything suspends (see `components::by_id`).
    let save = ServerAction::<SaveSsoProvider>::new();
    let remove = ServerAction::<RemoveSsoProvider>::new();
    let mode = ServerAction::<SaveSsoMode>::new();
    let data = Resource::new(
        move || {
            (
                save.version().get(),
                remove.version().get(),
                mode.version().get(),
            )
        },
        |_| load_sso(),
    );
    view! {
        <Title text="Single sign-on" />
        <RequireUser render=move |_| view! {
            <header class="page-head">
                <p class="eyebrow"><a href="/admin/settings">"Organisation settings"</a></p>
                <h1>"Single sign-on"</h1>
                <p class="muted">"People sign in with their company account (OpenID Connect or SAML 2.0). The first sign-in of an address in an allowed domain makes their Tandem account, or claims the one an import or provisioning made."</p>
            </header>
            {loaded(data, move |v: SsoView| view! { <Sso v save remove mode /> })}
        } />
    }
}

#[component]
fn Sso(
    v: SsoView,
    save: ServerAction<SaveSsoProvider>,
    remove: ServerAction<RemoveSsoProvider>,
    mode: ServerAction<SaveSsoMode>,
) -> impl IntoView {
    let remove_error = action_error(remove);
    let query = use_query_map();
    let count = v.providers.len();
    // Read reactively: the Edit and "Add a SAML provider" links change only the query, and the
    // form must follow them in the browser app as it does on a full page load.
    let form = {
        let (providers, callback) = (v.providers.clone(), v.callback.clone());
        let (entity_id, acs) = (v.saml_entity_id.clone(), v.saml_acs.clone());
        move || {
            let editing = query
                .with(|q| q.get("edit"))
                .and_then(|id| id.parse::<i64>().ok())
                .and_then(|id| providers.iter().find(|p| p.id == id).cloned());
            let protocol = editing.as_ref().map(|p| p.protocol).unwrap_or_else(|| {
                match query.with(|q| q.get("protocol")).as_deref() {
                    Some("saml") => SsoProtocol::Saml,
                    _ => SsoProtocol::Oidc,
                }
            });
            match protocol {
                SsoProtocol::Oidc => {
                    view! { <ProviderForm save editing callback=callback.clone() /> }.into_any()
                }
                SsoProtocol::Saml => {
                    view! { <SamlForm save editing entity_id=entity_id.clone() acs=acs.clone() /> }
                        .into_any()
                }
            }
        }
    };
    view! {
        <Notice key="saved" message="Provider saved: Tandem read its metadata, and its button is on the sign-in page." />
        <Notice key="removed" message="Provider removed. People who signed in through it keep their accounts." />
        <Notice key="mode" message="Sign-in settings saved." />
        <section class="card narrow-left" aria-labelledby="sso-providers-title">
            <h2 id="sso-providers-title">{format!("Providers ({count})")}</h2>
            <FormAlert error=remove_error />
            {if v.providers.is_empty() {
                view! { <p class="muted">"No provider yet: people sign in with a password."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {v.providers.clone().into_iter().map(|p| view! { <ProviderLine p remove /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        {form}
        <ModeForm v mode />
    }
}

#[component]
fn ProviderLine(p: ProviderView, remove: ServerAction<RemoveSsoProvider>) -> impl IntoView {
    let mapped: Vec<String> = [
        ("name", &p.claim_name),
        ("department", &p.claim_department),
        ("job title", &p.claim_title),
        ("manager", &p.claim_manager),
    ]
    .into_iter()
    .filter(|(_, claim)| !claim.is_empty())
    .map(|(field, claim)| format!("{field} ← {claim}"))
    .collect();
    let identified = match p.protocol {
        SsoProtocol::Oidc => format!(
            "OpenID Connect · client ID {} · verified by {}",
            p.client_id, p.claim_verified
        ),
        SsoProtocol::Saml => {
            let email = if p.claim_email.is_empty() {
                "the NameID"
            } else {
                p.claim_email.as_str()
            };
            format!("SAML 2.0 · address from {email}")
        }
    };
    let mapped = if mapped.is_empty() {
        "no claims mapped".to_owned()
    } else {
        mapped.join(", ")
    };
    let people = match p.people {
        1 => "1 person has signed in through it".to_owned(),
        n => format!("{n} people have signed in through it"),
    };
    view! {
        <li class="token-line" id=format!("provider-{}", p.id)>
            <p><strong>{p.label.clone()}</strong></p>
            <p class="small mono break-anywhere">{p.issuer.clone()}</p>
            <p class="muted small">{format!("{identified} · domains {} · {mapped}", p.allowed_domains)}</p>
            <p class="muted small">{people}</p>
            <p class="small">
                <a class="btn btn-small btn-ghost" href=format!("/admin/sso?edit={}#provider-form", p.id)>{format!("Edit {}", p.label)}</a>
            </p>
            <details class="confirm">
                <summary class="btn btn-small btn-ghost">{format!("Remove {}…", p.label)}</summary>
                <p class="small">"Its button leaves the sign-in page. People who signed in through it keep their accounts."</p>
                <ActionForm action=remove>
                    <input type="hidden" name="id" value=p.id.to_string() />
                    <button type="submit" class="btn btn-small btn-danger">"Remove provider"</button>
                </ActionForm>
            </details>
        </li>
    }
}

#[component]
fn ProviderForm(
    save: ServerAction<SaveSsoProvider>,
    editing: Option<ProviderView>,
    callback: String,
) -> impl IntoView {
    let error = action_error(save);
    let title = match &editing {
        Some(p) => format!("Change {}", p.label),
        None => "Add a provider".to_owned(),
    };
    let p = editing.clone();
    let get = move |f: fn(&ProviderView) -> &String| p.as_ref().map(f).cloned().unwrap_or_default();
    let id = editing
        .as_ref()
        .map(|p| p.id.to_string())
        .unwrap_or_default();
    let secret_hint = if editing.is_some() {
        "Leave empty to keep the stored secret. Tandem keeps it sealed and never shows it again."
    } else {
        "Tandem keeps it sealed and never shows it again."
    };
    let is_new = editing.is_none();
    let claim_name = if editing.is_some() {
        get(|p| &p.claim_name)
    } else {
        "name".to_owned()
    };
    let claim_verified = if editing.is_some() {
        get(|p| &p.claim_verified)
    } else {
        "email_verified".to_owned()
    };
    view! {
        <section class="card narrow-left" id="provider-form" aria-labelledby="sso-form-title">
            <h2 id="sso-form-title">{title}</h2>
            <div class="field">
                <label for="sso-callback">"Redirect URI (register it with the provider)"</label>
                <input id="sso-callback" class="mono" type="text" readonly=true value=callback spellcheck="false" />
            </div>
            <FormAlert error />
            <ActionForm action=save attr:class="form" attr:novalidate=true>
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="protocol" value="oidc" />
                <Field label="Button label" name="label" required=true maxlength=60 value=get(|p| &p.label)
                    hint="What the sign-in button says, for instance Sign in with Okta." error />
                <Field label="Issuer URL" name="issuer" kind="url" required=true maxlength=500 value=get(|p| &p.issuer)
                    hint="Tandem reads the provider's settings from this address's /.well-known/openid-configuration." error />
                <Field label="Client ID" name="client_id" required=true maxlength=300 value=get(|p| &p.client_id) error />
                <Field label="Client secret" name="client_secret" kind="password" autocomplete="off" maxlength=500
                    required=is_new hint=secret_hint error />
                <Field label="Allowed email domains" name="allowed_domains" required=true value=get(|p| &p.allowed_domains)
                    hint="Separated by commas. Only verified addresses in these domains sign in; the first sign-in makes the account." error />
                <Field label="Verified-address claim" name="claim_verified" required=true value=claim_verified maxlength=200
                    hint="The claim that is true when the provider vouches for the address: email_verified, or xms_edov for Microsoft Entra ID." error />
                <fieldset>
                    <legend>"Claims that fill people's profiles (optional)"</legend>
                    <Field label="Name claim" name="claim_name" value=claim_name maxlength=200 hint="Usually name." error />
                    <Field label="Department claim" name="claim_department" value=get(|p| &p.claim_department) maxlength=200 hint="For instance department. Empty: not taken from the provider." error />
                    <Field label="Job title claim" name="claim_title" value=get(|p| &p.claim_title) maxlength=200 hint="For instance job_title." error />
                    <Field label="Manager claim (the manager's email)" name="claim_manager" value=get(|p| &p.claim_manager) maxlength=200 hint="A manager Tandem does not know is left out." error />
                </fieldset>
                <Submit action=save label="Save provider" busy="Checking the provider…" />
            </ActionForm>
            <p class="form-links">
                {(!is_new).then(|| view! { <a href="/admin/sso#provider-form">"Add a different provider instead"</a> })}
                {is_new.then(|| view! { <a href="/admin/sso?protocol=saml#provider-form">"Your identity provider speaks only SAML 2.0? Add a SAML provider"</a> })}
            </p>
        </section>
    }
}

/// The form for a SAML 2.0 identity provider: Tandem's own values to register there, then
/// the provider's metadata (by address or pasted) and the attributes Tandem reads.
#[component]
fn SamlForm(
    save: ServerAction<SaveSsoProvider>,
    editing: Option<ProviderView>,
    entity_id: String,
    acs: String,
) -> impl IntoView {
    let error = action_error(save);
    let title = match &editing {
        Some(p) => format!("Change {}", p.label),
        None => "Add a SAML 2.0 provider".to_owned(),
    };
    let p = editing.clone();
    let get = move |f: fn(&ProviderView) -> &String| p.as_ref().map(f).cloned().unwrap_or_default();
    let id = editing
        .as_ref()
        .map(|p| p.id.to_string())
        .unwrap_or_default();
    let is_new = editing.is_none();
    let metadata_hint = if is_new {
        "Tandem reads it now and keeps it. Or leave this empty and paste the metadata below."
    } else {
        "Leave both empty to keep the metadata Tandem has. Give the address again to read it anew, for instance after the provider's certificate changed."
    };
    let (claim_name, claim_email) = if is_new {
        ("displayName".to_owned(), "email".to_owned())
    } else {
        (get(|p| &p.claim_name), get(|p| &p.claim_email))
    };
    view! {
        <section class="card narrow-left" id="provider-form" aria-labelledby="sso-form-title">
            <h2 id="sso-form-title">{title}</h2>
            <p class="muted small">"Register Tandem with the identity provider first, with these values. Assertions must be signed; Tandem sends unsigned requests."</p>
            <div class="field">
                <label for="saml-entity-id">"Entity ID (Audience URI)"</label>
                <input id="saml-entity-id" class="mono" type="text" readonly=true value=entity_id.clone() spellcheck="false" />
            </div>
            <div class="field">
                <label for="saml-acs">"Assertion Consumer Service URL (Reply URL)"</label>
                <input id="saml-acs" class="mono" type="text" readonly=true value=acs spellcheck="false" />
            </div>
            <p class="small">"Tandem's metadata: "<a href=entity_id.clone() rel="external" class="break-anywhere">{entity_id.clone()}</a></p>
            <FormAlert error />
            <ActionForm action=save attr:class="form" attr:novalidate=true>
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="protocol" value="saml" />
                <Field label="Button label" name="label" required=true maxlength=60 value=get(|p| &p.label)
                    hint="What the sign-in button says, for instance Sign in with Okta." error />
                <Field label="Identity provider metadata URL" name="saml_metadata_url" kind="url" maxlength=500
                    value=get(|p| &p.saml_metadata_url) hint=metadata_hint error />
                <TextArea label="Identity provider metadata (XML)" name="saml_metadata" rows=4
                    hint="Paste the metadata document when the provider offers a file rather than an address." error />
                <Field label="Allowed email domains" name="allowed_domains" required=true value=get(|p| &p.allowed_domains)
                    hint="Separated by commas. Only addresses in these domains sign in; the first sign-in makes the account." error />
                <Field label="Email attribute" name="claim_email" value=claim_email maxlength=200
                    hint="The attribute holding the address. Empty, or when an assertion lacks it: the NameID, if it is an address." error />
                <fieldset>
                    <legend>"Attributes that fill people's profiles (optional)"</legend>
                    <Field label="Name attribute" name="claim_name" value=claim_name maxlength=200 hint="For instance displayName; Entra ID sends …/identity/claims/displayname." error />
                    <Field label="Department attribute" name="claim_department" value=get(|p| &p.claim_department) maxlength=200 hint="Empty: not taken from the provider." error />
                    <Field label="Job title attribute" name="claim_title" value=get(|p| &p.claim_title) maxlength=200 hint="For instance title." error />
                    <Field label="Manager attribute (the manager's email)" name="claim_manager" value=get(|p| &p.claim_manager) maxlength=200 hint="A manager Tandem does not know is left out." error />
                </fieldset>
                <Submit action=save label="Save provider" busy="Reading the metadata…" />
            </ActionForm>
            <p class="form-links">
                {(!is_new).then(|| view! { <a href="/admin/sso#provider-form">"Add a different provider instead"</a> })}
                {is_new.then(|| view! { <a href="/admin/sso#provider-form">"Add an OpenID Connect provider instead"</a> })}
            </p>
        </section>
    }
}

#[component]
fn ModeForm(v: SsoView, mode: ServerAction<SaveSsoMode>) -> impl IntoView {
    let error = action_error(mode);
    let break_glass = v.break_glass;
    view! {
        <section class="card narrow-left" aria-labelledby="sso-mode-title">
            <h2 id="sso-mode-title">"Sign in with SSO only"</h2>
            <p class="muted small">"Passwords stop working, and sign-up and password reset close, for everyone but one org admin, who keeps their password for the day the provider is down. The sign-in page shows only the provider buttons."</p>
            <FormAlert error />
            <ActionForm action=mode attr:class="form" attr:novalidate=true>
                <div class="field checkbox">
                    <input id="sso-only" type="checkbox" name="sso_only" value="on" checked=v.sso_only />
                    <label for="sso-only">"Sign in with SSO only"</label>
                </div>
                <div class="field">
                    <label for="sso-break-glass">"Break-glass org admin"</label>
                    <select id="sso-break-glass" name="break_glass">
                        <option value="0" selected=break_glass.is_none()>"Nobody chosen"</option>
                        {v.org_admins.into_iter().map(|(id, label)| view! {
                            <option value=id.to_string() selected=break_glass == Some(id)>{label}</option>
                        }).collect_view()}
                    </select>
                </div>
                <Submit action=mode label="Save sign-in settings" busy="Saving…" />
            </ActionForm>
        </section>
    }
}
