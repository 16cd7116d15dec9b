use crate::api::delivery::{load_delivery_message, SendTestMessage};
use crate::api::org_settings::{
    get_org_settings, load_email_hours, SaveEmailHours, SaveOrgSettings,
};
use crate::components::by_id::resource_if_some;
use crate::components::email_hours::EmailHours;
use crate::components::form::{action_error, Field, FormAlert, Notice, Submit};
use crate::components::shell::{ErrorCard, Loading, RequireUser};
use crate::domain::SendWindow;
use crate::error::AppError;
use crate::models::{DeliveryLine, OrgSettings};
use crate::pages::delivery::TestOutcome;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn SettingsPage() -> impl IntoView {
    // Created here, before anything suspends (see `components::by_id`).
    let save = ServerAction::<SaveOrgSettings>::new();
    let settings = Resource::new(move || save.version().get(), |_| get_org_settings());
    let save_hours = ServerAction::<SaveEmailHours>::new();
    let hours = Resource::new(move || save_hours.version().get(), |_| load_email_hours());
    let send = ServerAction::<SendTestMessage>::new();
    let query = use_query_map();
    let shown =
        Memo::new(move |_| query.with(|q| q.get("test").and_then(|id| id.parse::<i64>().ok())));
    let earlier = resource_if_some(move || shown.get(), load_delivery_message);
    view! {
        <Title text="Organisation settings" />
        <RequireUser render=move |_| view! {
            <Settings save settings />
            <DefaultEmailHours save=save_hours hours />
            <EmailCheck send earlier />
        } />
    }
}

#[component]
fn Settings(
    save: ServerAction<SaveOrgSettings>,
    settings: Resource<Result<OrgSettings, AppError>>,
) -> impl IntoView {
    let error = action_error(save);
    view! {
        <header class="page-head">
            <h1>"Organisation settings"</h1>
        </header>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let s = match settings.await {
                    Ok(s) => s,
                    Err(error) => return view! { <ErrorCard error /> }.into_any(),
                };
                view! {
                    <section class="card narrow-left">
                        <Notice key="saved" message="Settings saved." />
                        <FormAlert error />
                        <ActionForm action=save attr:class="form" attr:novalidate=true>
                            <Field label="Organisation name" name="org_name" value=s.name.clone() required=true maxlength=100 error />
                            <div class="field checkbox">
                                <input id="f-open-signup" type="checkbox" name="open_signup" value="on" checked=s.open_signup />
                                <label for="f-open-signup">"Anyone with an allowed email address may sign up"</label>
                            </div>
                            <Field label="Allowed email domains" name="allowed_domains" value=s.allowed_domains.join(", ")
                                hint="Comma-separated, for example example.com, example.org. Leave empty to allow any domain." error />
                            <Submit action=save label="Save settings" busy="Saving…" />
                        </ActionForm>
                    </section>
                }.into_any()
            })}
        </Suspense>
    }
}

/// The email hours of people who have not chosen their own.
#[component]
fn DefaultEmailHours(
    save: ServerAction<SaveEmailHours>,
    hours: Resource<Result<SendWindow, AppError>>,
) -> impl IntoView {
    let error = action_error(save);
    view! {
        <section class="card narrow-left" id="email-hours" aria-labelledby="email-hours-title">
            <h2 id="email-hours-title">"Email hours"</h2>
            <p class="muted">"When notifications may reach people who have not chosen their own hours, in each person's time zone. Password resets and invitations are never held."</p>
            <Notice key="hours_saved" message="Email hours saved." />
            <FormAlert error />
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match hours.await {
                        Ok(w) => {
                            let (from, until, days) = w.fields();
                            view! {
                                <ActionForm action=save attr:class="form" attr:novalidate=true>
                                    <EmailHours from until days legend="Default hours"
                                        hint=format!("Now: {}.", w.describe()) error />
                                    <Submit action=save label="Save email hours" busy="Saving…" />
                                </ActionForm>
                            }.into_any()
                        }
                        Err(error) => view! { <ErrorCard error /> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// Sends the admin a test message and shows what the mail server answered.
#[component]
fn EmailCheck(
    send: ServerAction<SendTestMessage>,
    earlier: Resource<Result<Option<DeliveryLine>, AppError>>,
) -> impl IntoView {
    let error = action_error(send);
    let result = move |line: DeliveryLine| {
        view! {
            <TestOutcome l=line
                delivered="The test message was delivered: look in your inbox."
                retrying="The mail server did not take the test message this time; Tandem will try again."
                failed="The test message could not be delivered." />
        }
    };
    view! {
        <section class="card narrow-left" id="email" aria-labelledby="email-title">
            <h2 id="email-title">"Email"</h2>
            <p class="muted">"Send yourself a test message to check that email from Tandem reaches people."</p>
            <FormAlert error />
            {move || match send.value().get() {
                Some(Ok(line)) => Some(result(line).into_any()),
                _ => None,
            }}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match (send.value().get(), earlier.await) {
                        (None, Ok(Some(line))) => Some(result(line).into_any()),
                        _ => None,
                    }
                })}
            </Suspense>
            <ActionForm action=send attr:class="form">
                <Submit action=send label="Send me a test message" busy="Sending…" />
            </ActionForm>
            <p class="small"><a href="/admin/delivery">"Email delivery: where email goes and what failed"</a></p>
            <p class="small"><a href="/admin/slack">"Slack: notifications as direct messages, with buttons"</a></p>
            <p class="small"><a href="/admin/audit">"Audit log: what admins and integrations changed"</a></p>
            <p class="small"><a href="/admin/sso">"Single sign-on: people sign in with their company account"</a></p>
            <p class="small"><a href="/admin/scim">"Provisioning (SCIM): people arrive and leave with your identity provider"</a></p>
        </section>
    }
}
