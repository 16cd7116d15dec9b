//! The organisation's Slack app, for org admins: the manifest to create it with, the token
//! and signing secret to paste, and what each permission is for.

use crate::api::slack::{load_slack_app, RemoveSlackApp, SaveSlackApp};
use crate::components::by_id::loaded;
use crate::components::form::{action_error, Field, FormAlert, Notice, Submit};
use crate::components::shell::RequireUser;
use crate::models::SlackAppView;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SlackPage() -> impl IntoView {
    // Created here, before anything suspends (see `components::by_id`).
    let save = ServerAction::<SaveSlackApp>::new();
    let remove = ServerAction::<RemoveSlackApp>::new();
    let data = Resource::new(
        move || (save.version().get(), remove.version().get()),
        |_| load_slack_app(),
    );
    view! {
        <Title text="Slack" />
        <RequireUser render=move |_| view! {
            <header class="page-head">
                <p class="eyebrow"><a href="/admin/settings">"Organisation settings"</a></p>
                <h1>"Slack"</h1>
                <p class="muted">"With a Slack app of your own, people get their notifications as direct messages, answer invitations and \"did you meet?\" with a button, and type /tandem for their next session. Programs can post to channels without it (Chat channels, on each program)."</p>
            </header>
            {loaded(data, move |v: SlackAppView| view! { <SlackApp v save remove /> })}
        } />
    }
}

#[component]
fn SlackApp(
    v: SlackAppView,
    save: ServerAction<SaveSlackApp>,
    remove: ServerAction<RemoveSlackApp>,
) -> impl IntoView {
    let error = action_error(save);
    let remove_error = action_error(remove);
    view! {
        <Notice key="saved" message="Slack is connected: notifications now go to people in Slack." />
        <Notice key="removed" message="Slack is disconnected: notifications go by email again." />
        <section class="card narrow-left" aria-labelledby="slack-state-title">
            <h2 id="slack-state-title">"Connection"</h2>
            {match v.token_hint.clone() {
                Some(hint) => view! {
                    <p>"Connected with the bot token " <code>{hint}</code> "."</p>
                    <FormAlert error=remove_error />
                    <details class="confirm">
                        <summary class="btn btn-small btn-ghost">"Disconnect…"</summary>
                        <p class="small">"Notifications go by email again; buttons in messages already sent stop working."</p>
                        <ActionForm action=remove>
                            <button type="submit" class="btn btn-small btn-danger">"Disconnect Slack"</button>
                        </ActionForm>
                    </details>
                }.into_any(),
                None => view! { <p class="muted">"Not connected: notifications go by email."</p> }.into_any(),
            }}
        </section>
        <section class="card narrow-left" aria-labelledby="slack-create-title">
            <h2 id="slack-create-title">"1. Create the app"</h2>
            <p class="small">"On api.slack.com/apps choose Create New App, From a manifest, pick your workspace and paste this. Then Install to Workspace."</p>
            <div class="field">
                <label for="slack-manifest">"App manifest (JSON)"</label>
                <textarea id="slack-manifest" class="manifest" readonly=true rows="14" spellcheck="false">{v.manifest.clone()}</textarea>
            </div>
            <h3>"What each permission is for"</h3>
            <ul class="small">
                {v.scopes.iter().map(|(scope, why)| view! { <li><code>{scope.clone()}</code>": "{why.clone()}</li> }).collect_view()}
            </ul>
        </section>
        <section class="card narrow-left" aria-labelledby="slack-connect-title">
            <h2 id="slack-connect-title">"2. Connect it"</h2>
            <FormAlert error />
            <ActionForm action=save attr:class="form" attr:novalidate=true>
                <Field label="Bot User OAuth Token" name="token" kind="password" autocomplete="off" required=true maxlength=255
                    hint="OAuth & Permissions, after installing: it starts with xoxb-." error />
                <Field label="Signing Secret" name="signing_secret" kind="password" autocomplete="off" required=true maxlength=128
                    hint="Basic Information, App Credentials." error />
                <Submit action=save label="Connect Slack" busy="Checking with Slack…" />
            </ActionForm>
            <p class="muted small">"Both are kept sealed and never shown again. Tandem checks the token with Slack before keeping it."</p>
        </section>
    }
}
