//! `/reviews`: my mentoring record for a performance review (downloaded with the parts I
//! pick), my manager's requests and my answers, who may read my record now (and withdrawing
//! that), every export of it, and, for managers, asking their team and reading what they
//! agreed to. Every form works without JavaScript.

use crate::api::reviews::{load_reviews, AnswerReview, RequestReview, RevokeReview};
use crate::components::form::{action_error, FormAlert, Notice};
use crate::components::shell::{ErrorCard, Loading, RequireUser};
use crate::domain::ConsentLength;
use crate::error::AppError;
use crate::models::{ConsentView, RecordGoal, RecordKudos, ReviewsPage, TeamMember};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ReviewsView() -> impl IntoView {
    let ask = ServerAction::<RequestReview>::new();
    let answer = ServerAction::<AnswerReview>::new();
    let revoke = ServerAction::<RevokeReview>::new();
    let page = Resource::new(
        move || {
            (
                ask.version().get(),
                answer.version().get(),
                revoke.version().get(),
            )
        },
        |_| load_reviews(),
    );
    view! {
        <Title text="Mentoring record" />
        <RequireUser render=move |_| view! {
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => view! { <Reviews p ask answer revoke /> }.into_any(),
                        Err(error) => view! { <ErrorCard error /> }.into_any(),
                    }
                })}
            </Suspense>
        } />
    }
}

/// Any error of an action, beside its form: these forms are short, so one alert serves.
fn any_error(error: Signal<Option<AppError>>) -> impl IntoView {
    move || {
        error
            .get()
            .map(|e| view! { <div class="alert alert-error" role="alert" tabindex="-1">{e.to_string()}</div> })
    }
}

/// The parts of a record, as checkboxes named for `prefix` (`""` for the download form,
/// `input[scope]` for an answer).
#[component]
fn ScopeFields(
    goals: Vec<RecordGoal>,
    kudos: Vec<RecordKudos>,
    prefix: &'static str,
    id: String,
) -> impl IntoView {
    let name = move |part: &str| {
        if prefix.is_empty() {
            part.to_owned()
        } else {
            format!("{prefix}[{part}]")
        }
    };
    let list = move |part: &str| {
        if prefix.is_empty() {
            // The download form repeats `goal` and `kudos`.
            if part == "goals" {
                "goal".to_owned()
            } else {
                part.to_owned()
            }
        } else {
            format!("{prefix}[{part}][]")
        }
    };
    let part = |key: &'static str, label: &'static str| {
        let box_id = format!("{id}-{key}");
        view! {
            <div class="field checkbox">
                <input type="checkbox" id=box_id.clone() name=name(key) checked=true />
                <label for=box_id>{label}</label>
            </div>
        }
    };
    view! {
        <fieldset class="fieldset">
            <legend>"Include"</legend>
            {part("programs", "Programs, roles, sessions and hours")}
            {part("badges", "Badges")}
            {part("certificates", "Certificates")}
        </fieldset>
        {(!goals.is_empty()).then(|| view! {
            <fieldset class="fieldset">
                <legend>"Goals achieved (only those you tick)"</legend>
                {goals.into_iter().map(|g| {
                    let box_id = format!("{id}-goal-{}", g.id);
                    view! {
                        <div class="field checkbox">
                            <input type="checkbox" id=box_id.clone() name=list("goals") value=g.id.to_string() />
                            <label for=box_id>{g.title}<span class="small muted">{format!(" · {}", g.program)}</span></label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
        })}
        {(!kudos.is_empty()).then(|| view! {
            <fieldset class="fieldset">
                <legend>"Thanks received (only those you tick)"</legend>
                {kudos.into_iter().map(|k| {
                    let box_id = format!("{id}-kudos-{}", k.id);
                    view! {
                        <div class="field checkbox">
                            <input type="checkbox" id=box_id.clone() name=list("kudos") value=k.id.to_string() />
                            <label for=box_id>{format!("{} from {}: ", k.category.label(), k.from)}<span class="muted">{k.note}</span></label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
        })}
    }
}

#[component]
fn Reviews(
    p: ReviewsPage,
    ask: ServerAction<RequestReview>,
    answer: ServerAction<AnswerReview>,
    revoke: ServerAction<RevokeReview>,
) -> impl IntoView {
    let revoke_error = action_error(revoke);
    let (goals, kudos) = (p.goals.clone(), p.kudos.clone());
    view! {
        <header class="page-head">
            <h1>"Mentoring record"</h1>
            <p class="muted">"Your part in mentoring, for a performance review: you choose what it holds, and your manager reads it only if you agree, for as long as you agree."</p>
        </header>
        <Notice key="asked" message="Asked. They choose whether to share their record, and what." />
        <Notice key="agreed" message="Agreed. Your manager can read the parts you chose until the agreement ends." />
        <Notice key="declined" message="Declined. Your manager reads nothing." />
        <Notice key="withdrawn" message="Withdrawn. Your manager can no longer read your record." />
        <section class="card" id="record" aria-labelledby="record-title">
            <h2 id="record-title">"Your record"</h2>
            <p class="small muted">"Download it to attach to a review yourself. Each download is listed below."</p>
            <form method="get" action="/reviews/record" class="form">
                <ScopeFields goals=goals.clone() kudos=kudos.clone() prefix="" id="own".into() />
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" name="format" value="pdf">"Download PDF"</button>
                    <button type="submit" class="btn" name="format" value="csv">"CSV"<span class="visually-hidden">" download"</span></button>
                    <button type="submit" class="btn" name="format" value="json">"JSON"<span class="visually-hidden">" download"</span></button>
                </div>
            </form>
        </section>
        {(!p.requests.is_empty()).then(|| view! {
            <section class="card" id="requests" aria-labelledby="requests-title">
                <h2 id="requests-title">"Requests from your manager"</h2>
                {p.requests.into_iter().map(|r| view! { <Request r goals=goals.clone() kudos=kudos.clone() answer /> }).collect_view()}
            </section>
        })}
        <section class="card" id="readers" aria-labelledby="readers-title">
            <h2 id="readers-title">"Who can read your record"</h2>
            <FormAlert error=revoke_error />
            {if p.answered.is_empty() {
                view! { <p class="muted">"Nobody: no request has been answered."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list consent-list">
                        {p.answered.into_iter().map(|c| {
                            let id = c.id;
                            let whose = format!(" ({}'s access)", c.person);
                            view! {
                                <li class="consent">
                                    <p>
                                        <strong>{c.person.clone()}</strong>
                                        {format!(" · {}", c.status)}
                                        {(!c.scope.is_empty()).then(|| view! { <br /><span class="small muted">{format!("Parts: {}", c.scope)}</span> })}
                                    </p>
                                    {c.readable.then(|| view! {
                                        <ActionForm action=revoke attr:class="inline-form">
                                            <input type="hidden" name="consent_id" value=id />
                                            <button type="submit" class="btn btn-small">"Withdraw"<span class="visually-hidden">{whose.clone()}</span></button>
                                        </ActionForm>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="card" id="exports" aria-labelledby="exports-title">
            <h2 id="exports-title">"Every export of your record"</h2>
            {if p.exports.is_empty() {
                view! { <p class="muted">"None yet."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0" role="region" aria-label="Exports of your record">
                        <table class="table">
                            <thead><tr><th scope="col">"When"</th><th scope="col">"Who"</th><th scope="col">"Format"</th></tr></thead>
                            <tbody>
                                {p.exports.into_iter().map(|e| view! {
                                    <tr>
                                        <td>{e.when}</td>
                                        <td>{e.reader}{e.by_consent.then_some(" (by your agreement)")}</td>
                                        <td>{e.format}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
        {(!p.team.is_empty()).then(|| view! { <Team team=p.team ask /> })}
    }
}

#[component]
fn Request(
    r: ConsentView,
    goals: Vec<RecordGoal>,
    kudos: Vec<RecordKudos>,
    answer: ServerAction<AnswerReview>,
) -> impl IntoView {
    let error = action_error(answer);
    let id = r.id;
    let form_id = format!("answer-{id}");
    let length_id = format!("{form_id}-length");
    view! {
        <article class="consent-request">
            <p><strong>{r.person.clone()}</strong>{format!(" asked for your record on {}.", r.requested_on)}</p>
            {any_error(error)}
            <ActionForm action=answer attr:class="form" attr:novalidate=true>
                <input type="hidden" name="consent_id" value=id />
                <input type="hidden" name="input[decision]" value="approve" />
                <ScopeFields goals kudos prefix="input[scope]" id=form_id />
                <div class="field">
                    <label for=length_id.clone()>"For how long"</label>
                    <select id=length_id name="input[length]">
                        {ConsentLength::ALL.iter().map(|l| view! { <option value=l.as_str() selected=*l == ConsentLength::Month>{l.label()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary">"Agree to share"</button>
                </div>
            </ActionForm>
            <ActionForm action=answer attr:class="inline-form">
                <input type="hidden" name="consent_id" value=id />
                <input type="hidden" name="input[decision]" value="decline" />
                <button type="submit" class="btn">"Decline"</button>
            </ActionForm>
        </article>
    }
}

#[component]
fn Team(team: Vec<TeamMember>, ask: ServerAction<RequestReview>) -> impl IntoView {
    let error = action_error(ask);
    view! {
        <section class="card" id="team" aria-labelledby="team-title">
            <h2 id="team-title">"Your team's records"</h2>
            <p class="small muted">"The people who report to you in the org chart. You read a record only while its owner agrees, and they see each time you do."</p>
            <FormAlert error />
            <ul class="plain-list consent-list">
                {team.into_iter().map(|m| {
                    let user_id = m.user_id;
                    let whose = format!(" from {}", m.name);
                    let status = m.latest.as_ref().map(|c| c.status.clone()).unwrap_or_else(|| "Not asked".into());
                    let readable = m.latest.as_ref().filter(|c| c.readable).map(|c| c.id);
                    let pending = m.latest.as_ref().is_some_and(|c| c.pending);
                    view! {
                        <li class="consent">
                            <p><strong>{m.name.clone()}</strong>{format!(" · {status}")}</p>
                            {match (readable, pending) {
                                (Some(id), _) => view! {
                                    <p class="actions">
                                        {["pdf", "csv", "json"].into_iter().map(|f| {
                                            let label = f.to_uppercase();
                                            view! { <a class="btn btn-small" href=format!("/reviews/{id}/record?format={f}") rel="external" download="">{label}<span class="visually-hidden">{format!(" of the record{whose}")}</span></a> }
                                        }).collect_view()}
                                    </p>
                                }.into_any(),
                                (None, true) => ().into_any(),
                                (None, false) => view! {
                                    <ActionForm action=ask attr:class="inline-form">
                                        <input type="hidden" name="employee_id" value=user_id />
                                        <button type="submit" class="btn btn-small">"Ask for their record"<span class="visually-hidden">{whose.clone()}</span></button>
                                    </ActionForm>
                                }.into_any(),
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
