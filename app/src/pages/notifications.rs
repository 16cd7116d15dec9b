//! Choosing what Tandem sends and when, and the page an unsubscribe link opens.

use crate::api::notifications::{
    load_notifications, load_unsubscribe, SaveNotifications, SetSubscription,
};
use crate::api::slack::{load_slack_choice, SaveSlackChoice};
use crate::components::by_id::loaded;
use crate::components::email_hours::EmailHours;
use crate::components::form::{action_error, FormAlert, Notice, Submit};
use crate::components::shell::RequireUser;
use crate::domain::{Day, DeliveryMode, NotificationKind};
use crate::models::{NotificationsPage as PageData, SlackChoice, UnsubscribeView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let save = ServerAction::<SaveNotifications>::new();
    let data = Resource::new(move || save.version().get(), |_| load_notifications());
    let save_slack = ServerAction::<SaveSlackChoice>::new();
    let slack = Resource::new(move || save_slack.version().get(), |_| load_slack_choice());
    view! {
        <Title text="Email settings" />
        <RequireUser render=move |_| view! {
            <header class="page-head">
                <p class="eyebrow"><a href="/profile">"Profile"</a></p>
                <h1>"Email settings"</h1>
                <p class="muted">"Choose which emails Tandem sends you, and when they may arrive. Password resets and invitations always come at once."</p>
            </header>
            {loaded(data, move |d: PageData| view! { <Settings d save /> })}
            {loaded(slack, move |c: SlackChoice| view! { <SlackMessages c save=save_slack /> })}
        } />
    }
}

/// Where notifications go when the organisation has a Slack app: a direct message in Slack,
/// with buttons that answer in place, or email.
#[component]
fn SlackMessages(c: SlackChoice, save: ServerAction<SaveSlackChoice>) -> impl IntoView {
    let error = action_error(save);
    c.available.then(|| view! {
        <section class="card narrow-left" id="slack" aria-labelledby="slack-title">
            <h2 id="slack-title">"Slack"</h2>
            <p class="muted small">"Your organisation has connected Tandem to Slack. Notifications can reach you there, at the same hours, with buttons that answer an invitation or a \"did you meet?\" in place. If Slack does not know your work email, they come by email."</p>
            <Notice key="slack" message="Saved." />
            <FormAlert error />
            <ActionForm action=save attr:class="form">
                <div class="field checkbox">
                    <input id="f-slack-dm" type="checkbox" name="dm" value="on" checked=c.dm />
                    <label for="f-slack-dm">"Send my notifications to me in Slack instead of email"</label>
                </div>
                <Submit action=save label="Save" busy="Saving…" />
            </ActionForm>
        </section>
    })
}

#[component]
fn Settings(d: PageData, save: ServerAction<SaveNotifications>) -> impl IntoView {
    let error = action_error(save);
    let zone = if d.time_zone.is_empty() {
        "UTC (set your time zone on your profile)".to_owned()
    } else {
        d.time_zone.clone()
    };
    let input = d.input.clone();
    view! {
        <section class="card narrow-left">
            <Notice key="saved" message="Your email settings are saved." />
            <FormAlert error />
            <ActionForm action=save attr:class="form" attr:novalidate=true>
                <fieldset class="field">
                    <legend>"What to send"</legend>
                    <div class="kind-modes">
                        {NotificationKind::ALL.iter().map(|kind| {
                            let id = format!("f-mode-{}", kind.as_str());
                            let current = input.modes.get(kind.as_str()).cloned().unwrap_or_else(|| "now".into());
                            view! {
                                <div class="field kind-mode">
                                    <label for=id.clone()>{kind.label()}</label>
                                    <select id=id name=format!("input[modes][{}]", kind.as_str())>
                                        {DeliveryMode::ALL.iter().map(|m| view! {
                                            <option value=m.as_str() selected=current == m.as_str()>{m.label()}</option>
                                        }).collect_view()}
                                    </select>
                                </div>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
                <EmailHours from=input.send_from.clone() until=input.send_until.clone() days=input.days.clone()
                    wrap=("input[", "]") legend="When email may arrive"
                    hint=format!("In your time zone, {zone}. Reminders due outside these hours wait for the next allowed moment, unless by then they would be too late.")
                    error />
                <div class="field">
                    <label for="f-digest-day">"Weekly digest on"</label>
                    <select id="f-digest-day" name="input[digest_day]" aria-describedby="f-digest-day-hint">
                        {Day::ALL.iter().map(|day| view! {
                            <option value=day.as_str() selected=input.digest_day == day.as_str()>{day.label()}</option>
                        }).collect_view()}
                    </select>
                    <p class="hint" id="f-digest-day-hint">{format!(
                        "One email at the start of your hours that day, gathering what you chose for the digest and what is coming up. {} waiting for the next one.",
                        match d.digest_waiting { 0 => "Nothing is".to_owned(), 1 => "1 email is".to_owned(), n => format!("{n} emails are") }
                    )}</p>
                </div>
                <Submit action=save label="Save email settings" busy="Saving…" />
            </ActionForm>
        </section>
    }
}

#[component]
pub fn UnsubscribePage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let token = Memo::new(move |_| params.with(|p| p.get("token").unwrap_or_default()));
    let set = ServerAction::<SetSubscription>::new();
    let error = action_error(set);
    let data = Resource::new(
        move || (token.get(), set.version().get()),
        |(token, _)| load_unsubscribe(token),
    );
    let changed =
        Memo::new(move |_| query.with(|q| q.get("done").is_some() || q.get("on").is_some()));
    view! {
        <Title text="Stop these emails" />
        <section class="card narrow rsvp">
            <FormAlert error />
            {loaded(data, move |v: UnsubscribeView| view! { <Unsubscribe v token=token.get_untracked() set changed=changed.get_untracked() /> })}
        </section>
    }
}

#[component]
fn Unsubscribe(
    v: UnsubscribeView,
    token: String,
    set: ServerAction<SetSubscription>,
    changed: bool,
) -> impl IntoView {
    let (Some(kind), None) = (v.kind, v.problem.clone()) else {
        return view! {
            <h1>"This link cannot be used"</h1>
            <p class="alert alert-error" role="alert">{v.problem.clone().unwrap_or_default()}</p>
            <p><a class="btn" href="/profile/notifications">"Sign in to choose your emails"</a></p>
        }
        .into_any();
    };
    let greeting = if v.first_name.is_empty() {
        String::new()
    } else {
        format!("{}, ", v.first_name)
    };
    let settings = view! { <p><a href="/profile/notifications">"All your email settings"</a></p> };
    if v.off {
        view! {
            <h1>"You will not get these emails"</h1>
            <p role="status" class=if changed { "alert alert-success" } else { "" }>
                {format!("{greeting}Tandem no longer emails you about {}.", kind.about())}
            </p>
            <ActionForm action=set>
                <input type="hidden" name="token" value=token />
                <input type="hidden" name="on" value="1" />
                <button type="submit" class="btn">"Turn them back on"</button>
            </ActionForm>
            {settings}
        }
        .into_any()
    } else {
        view! {
            <h1>"Stop these emails?"</h1>
            {changed.then(|| view! { <p role="status" class="alert alert-success">"They are on again."</p> })}
            <p>{format!("{greeting}Tandem emails you about {}. Turn them off with one tap; other emails from Tandem keep coming.", kind.about())}</p>
            <ActionForm action=set>
                <input type="hidden" name="token" value=token />
                <button type="submit" class="btn btn-primary">"Stop these emails"</button>
            </ActionForm>
            {settings}
        }
        .into_any()
    }
}
