//! Email delivery for org admins: where email goes, what failed and why, and everything sent
//! to one person.

use crate::api::delivery::{load_delivery, load_person_deliveries, RetryDelivery};
use crate::components::by_id::{loaded, resource_by_id};
use crate::components::form::{action_error, FormAlert, Notice};
use crate::components::shell::RequireUser;
use crate::domain::JobState;
use crate::models::{DeliveryLine, DeliveryOverview, PersonDeliveries};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DeliveryPage() -> impl IntoView {
    let retry = ServerAction::<RetryDelivery>::new();
    let data = Resource::new(move || retry.version().get(), |_| load_delivery());
    view! {
        <Title text="Email delivery" />
        <RequireUser render=move |_| view! {
            <header class="page-head">
                <h1>"Email delivery"</h1>
                <p class="muted">"Where Tandem's email goes, and the messages that could not be delivered."</p>
            </header>
            {loaded(data, move |d: DeliveryOverview| view! { <Overview d retry /> })}
        } />
    }
}

#[component]
fn Overview(d: DeliveryOverview, retry: ServerAction<RetryDelivery>) -> impl IntoView {
    let error = action_error(retry);
    view! {
        <section class="card narrow-left" aria-labelledby="transport-title">
            <h2 id="transport-title">"Where email goes"</h2>
            <p>{format!("Email goes to {}.", d.transport)}</p>
            <p class="muted small">{format!(
                "{} waiting, {} of them due now; {} failed for good.",
                d.queued, d.due, d.failed_count
            )}</p>
            <p class="small"><a href="/admin/settings#email">"Send yourself a test message"</a></p>
        </section>
        <Notice key="retried" message="The message is queued again and goes out within a minute." />
        <FormAlert error />
        <h2 class="section-title" id="failed-title">"Not delivered"</h2>
        {if d.failed.is_empty() {
            view! { <p class="muted">"Every message so far was delivered or is on its way."</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="deliveries" aria-labelledby="failed-title">
                        <thead><tr>
                            <th scope="col">"To"</th><th scope="col">"Message"</th>
                            <th scope="col">"Why"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th>
                        </tr></thead>
                        <tbody>
                            {d.failed.into_iter().map(|l| {
                                let id = l.id;
                                let subject = l.subject.clone();
                                view! {
                                    <tr>
                                        <td>{match (l.recipient_id, l.recipient.clone()) {
                                            (Some(uid), Some(name)) => view! { <a href=format!("/admin/people/{uid}/delivery")>{name}</a> }.into_any(),
                                            _ => view! { <span class="muted">"No account"</span> }.into_any(),
                                        }}</td>
                                        <td>{l.subject.clone()}<br /><span class="muted small">{format!("{} · queued {} · {} attempt{}", l.channel, l.queued, l.attempts, if l.attempts == 1 { "" } else { "s" })}</span></td>
                                        <td class="reason">{l.reason.clone().unwrap_or_default()}</td>
                                        <td>
                                            <ActionForm action=retry attr:class="inline-form">
                                                <input type="hidden" name="id" value=id />
                                                <button type="submit" class="btn btn-small" aria-label=format!("Try again: {subject}")>"Try again"</button>
                                            </ActionForm>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}

#[component]
pub fn PersonDeliveryPage() -> impl IntoView {
    let data = resource_by_id(|| (), load_person_deliveries);
    view! {
        <Title text="Messages sent" />
        <RequireUser render=move |_| view! {
            {loaded(data, |p: PersonDeliveries| view! { <PersonLog p /> })}
        } />
    }
}

#[component]
fn PersonLog(p: PersonDeliveries) -> impl IntoView {
    view! {
        <header class="page-head">
            <p class="eyebrow"><a href="/admin/people">"People"</a></p>
            <h1>{format!("Messages to {}", p.name)}</h1>
            <p class="muted">{format!("Everything Tandem sent or tried to send to {}, newest first.", p.email)}</p>
        </header>
        {if p.lines.is_empty() {
            view! { <p class="muted">"Nothing has been sent to this person yet."</p> }.into_any()
        } else {
            view! {
                <ol class="plain-list delivery-log">
                    {p.lines.into_iter().map(|l| view! { <DeliveryItem l /> }).collect_view()}
                </ol>
            }.into_any()
        }}
    }
}

/// One message of a person's log: what, when, through which channel, and what became of it.
#[component]
pub fn DeliveryItem(l: DeliveryLine) -> impl IntoView {
    let class = match l.state {
        JobState::Done => "badge status-active",
        JobState::Queued => "badge",
        JobState::Failed => "badge badge-warn",
        JobState::Dropped => "badge status-left",
    };
    let when = match (&l.finished, l.state) {
        (Some(at), JobState::Done) => format!("delivered {at}"),
        (Some(at), JobState::Failed) => format!("failed {at}"),
        (Some(at), _) => format!("settled {at}"),
        (None, _) => format!("queued {}", l.queued),
    };
    view! {
        <li class="delivery">
            <p><strong>{l.subject.clone()}</strong> <span class=class>{l.state.label()}</span></p>
            <p class="muted small">{format!("{} · {when}", l.channel)}</p>
            {l.reason.clone().map(|r| view! { <p class="small reason">{r}</p> })}
        </li>
    }
}

/// What became of a test message: a coloured notice saying so in words, and its log line
/// (with the service's answer when it was not delivered).
#[component]
pub fn TestOutcome(
    l: DeliveryLine,
    delivered: &'static str,
    retrying: &'static str,
    failed: &'static str,
) -> impl IntoView {
    let (class, text) = match l.state {
        JobState::Done => ("alert alert-success", delivered),
        JobState::Queued => ("alert", retrying),
        _ => ("alert alert-error", failed),
    };
    view! {
        <div class=class role="status">
            <p>{text}</p>
            <ol class="plain-list delivery-log"><DeliveryItem l /></ol>
        </div>
    }
}
