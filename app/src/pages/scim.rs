//! Provisioning for org admins: the SCIM address and bearer tokens to give the company's
//! identity provider (Microsoft Entra ID, Okta, Google Workspace), so people arrive, change
//! and leave with the HR system.

use crate::api::scim::{load_scim, CreateScimToken, RevokeScimToken};
use crate::components::by_id::loaded;
use crate::components::form::{action_error, Field, FormAlert, Notice, Submit};
use crate::components::shell::RequireUser;
use crate::models::{ScimTokenView, ScimView};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ScimPage() -> impl IntoView {
    // Created here, before anything suspends (see `components::by_id`).
    let create = ServerAction::<CreateScimToken>::new();
    let revoke = ServerAction::<RevokeScimToken>::new();
    let data = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        |_| load_scim(),
    );
    view! {
        <Title text="Provisioning" />
        <RequireUser render=move |_| view! {
            <header class="page-head">
                <p class="eyebrow"><a href="/admin/settings">"Organisation settings"</a></p>
                <h1>"Provisioning (SCIM)"</h1>
                <p class="muted">"Your identity provider creates people in Tandem, keeps their job title, department and manager up to date, and deactivates them when they leave: they are signed out at once and drop out of the next matching round."</p>
            </header>
            {loaded(data, move |v: ScimView| view! { <Scim v create revoke /> })}
        } />
    }
}

#[component]
fn Scim(
    v: ScimView,
    create: ServerAction<CreateScimToken>,
    revoke: ServerAction<RevokeScimToken>,
) -> impl IntoView {
    let error = action_error(create);
    let revoke_error = action_error(revoke);
    let in_use = v.tokens.iter().filter(|t| t.revoked.is_none()).count();
    view! {
        <Notice key="revoked" message="Token revoked: the identity provider can no longer use it." />
        {v.new_token.clone().map(|token| view! {
            <section class="card narrow-left" id="new-token" aria-labelledby="new-token-title">
                <h2 id="new-token-title">"Your new token"</h2>
                <p>"Copy it into your identity provider now: Tandem keeps only a fingerprint and cannot show it again."</p>
                <div class="field">
                    <label for="scim-new-token">"Secret token"</label>
                    <input id="scim-new-token" class="mono" type="text" readonly=true value=token autocomplete="off" spellcheck="false" />
                </div>
            </section>
        })}
        <section class="card narrow-left" aria-labelledby="scim-endpoint-title">
            <h2 id="scim-endpoint-title">"Connect your identity provider"</h2>
            <div class="field">
                <label for="scim-endpoint">"Tenant URL (SCIM base URL)"</label>
                <input id="scim-endpoint" class="mono" type="text" readonly=true value=v.endpoint.clone() spellcheck="false" />
            </div>
            <p class="small">"Authentication: bearer token (Entra ID calls it the Secret Token; Okta, HTTP Header). Tandem reads userName, displayName (or the given and family names), the work email, title, active, and the enterprise extension's department and manager. The step-by-step set-up for Entra ID, Okta and Google Workspace is in docs/provisioning.md."</p>
        </section>
        <section class="card narrow-left" aria-labelledby="scim-create-title">
            <h2 id="scim-create-title">"New token"</h2>
            <FormAlert error />
            <ActionForm action=create attr:class="form" attr:novalidate=true>
                <Field label="What it is for" name="label" required=true maxlength=80
                    hint="For instance Microsoft Entra ID. One token per provider lets you revoke one without the other." error />
                <Submit action=create label="Create token" busy="Creating…" />
            </ActionForm>
        </section>
        <section class="card narrow-left" aria-labelledby="scim-tokens-title">
            <h2 id="scim-tokens-title">{format!("Tokens ({in_use} in use)")}</h2>
            <FormAlert error=revoke_error />
            {if v.tokens.is_empty() {
                view! { <p class="muted">"No tokens yet: nothing can provision people."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list">
                        {v.tokens.into_iter().map(|t| view! { <TokenLine t revoke /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn TokenLine(t: ScimTokenView, revoke: ServerAction<RevokeScimToken>) -> impl IntoView {
    let used = t
        .last_used
        .clone()
        .map(|at| format!("last used {at}"))
        .unwrap_or_else(|| "never used".into());
    let made = match &t.created_by {
        Some(by) => format!("created {} by {by}", t.created),
        None => format!("created {}", t.created),
    };
    view! {
        <li class="token-line">
            <p><strong>{t.label.clone()}</strong>" " <code>{t.hint.clone()}</code></p>
            <p class="muted small">{format!("{made} · {used}")}</p>
            {match t.revoked.clone() {
                Some(at) => view! { <p class="small"><span class="badge status-left">{format!("Revoked {at}")}</span></p> }.into_any(),
                None => view! {
                    <details class="confirm">
                        <summary class="btn btn-small btn-ghost">{format!("Revoke {}…", t.label)}</summary>
                        <p class="small">"The provider's next request is refused. People already provisioned stay as they are."</p>
                        <ActionForm action=revoke>
                            <input type="hidden" name="id" value=t.id.to_string() />
                            <button type="submit" class="btn btn-small btn-danger">"Revoke token"</button>
                        </ActionForm>
                    </details>
                }.into_any(),
            }}
        </li>
    }
}
