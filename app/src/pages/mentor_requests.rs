//! The mentors page of a mentoring program: mentees find a mentor (best fit first, with why)
//! and ask one; mentors answer the requests they get; the program's admins choose who makes
//! the matches.

use crate::api::mentor_requests::{load_mentors, AnswerMentee, AskMentor, SaveMentorChoice};
use crate::components::by_id::{loaded, resource_by_id};
use crate::components::form::{action_error, field_error, FormAlert, Notice, Submit};
use crate::components::shell::RequireUser;
use crate::domain::{ChoiceMode, MentorRequestState, REQUEST_NOTE_MAX};
use crate::models::{MentorCard, MentorRequestLine, MentorsPage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[derive(Clone, Copy)]
struct MentorActions {
    ask: ServerAction<AskMentor>,
    answer: ServerAction<AnswerMentee>,
    settings: ServerAction<SaveMentorChoice>,
}

#[component]
pub fn MentorsPageView() -> impl IntoView {
    let a = MentorActions {
        ask: ServerAction::new(),
        answer: ServerAction::new(),
        settings: ServerAction::new(),
    };
    let query = use_query_map();
    let q = Memo::new(move |_| query.with(|q| q.get("q").unwrap_or_default()));
    let page = resource_by_id(
        move || {
            (
                a.ask.version().get(),
                a.answer.version().get(),
                a.settings.version().get(),
                q.get(),
            )
        },
        move |id| load_mentors(id, q.get_untracked()),
    );
    view! {
        <Title text="Mentors" />
        <RequireUser render=move |_| view! {
            {loaded(page, move |p: MentorsPage| view! { <Mentors p a /> })}
        } />
    }
}

fn state_class(state: MentorRequestState) -> &'static str {
    match state {
        MentorRequestState::Accepted => "badge badge-ok",
        MentorRequestState::Pending => "badge badge-due",
        _ => "badge",
    }
}

#[component]
fn Mentors(p: MentorsPage, a: MentorActions) -> impl IntoView {
    let pid = p.program_id;
    let answer_error = action_error(a.answer);
    view! {
        <header class="page-head">
            <p class="eyebrow"><a href=format!("/programs/{pid}")>{p.program_name.clone()}</a></p>
            <h1>"Mentors"</h1>
            <p class="muted">{p.mode.label()}</p>
        </header>
        <Notice key="asked" message="Your request is sent. You will hear as soon as they answer." />
        <Notice key="accepted" message="Accepted: you are matched. Your pair page is ready." />
        <Notice key="declined" message="Declined. They can ask another mentor." />
        <Notice key="saved" message="Saved." />
        {p.runs.then(|| view! { <Settings pid mode=p.mode days=p.answer_days save=a.settings /> })}
        {(!p.incoming.is_empty()).then(|| view! {
            <section class="card narrow-left" id="requests" aria-labelledby="requests-title">
                <h2 id="requests-title">"Requests to you"</h2>
                <FormAlert error=answer_error />
                <ul class="plain-list mentor-requests">
                    {p.incoming.iter().map(|r| view! { <Incoming r=r.clone() pid answer=a.answer /> }).collect_view()}
                </ul>
            </section>
        })}
        {(!p.mine.is_empty()).then(|| view! {
            <section class="card narrow-left" id="mine" aria-labelledby="mine-title">
                <h2 id="mine-title">"My requests"</h2>
                <ul class="plain-list">
                    {p.mine.iter().map(|r| view! {
                        <li>
                            <strong>{r.name.clone()}</strong>
                            <span class=state_class(r.state)>{r.state.label()}</span>
                            {(r.state == MentorRequestState::Pending).then(|| view! { <span class="small muted">{format!(" · answer by {}", r.answer_by)}</span> })}
                        </li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        {match p.cannot_ask.clone() {
            Some(why) => view! { <p class="card narrow-left muted">{why}</p> }.into_any(),
            None => view! { <Browse p=p.clone() ask=a.ask /> }.into_any(),
        }}
    }
}

#[component]
fn Incoming(r: MentorRequestLine, pid: i64, answer: ServerAction<AnswerMentee>) -> impl IntoView {
    let form = move |value: &'static str, label: String, class: &'static str| {
        view! {
            <ActionForm action=answer attr:class="inline-form">
                <input type="hidden" name="program_id" value=pid />
                <input type="hidden" name="request_id" value=r.id />
                <input type="hidden" name="answer" value=value />
                <button type="submit" class=class>{label}</button>
            </ActionForm>
        }
    };
    view! {
        <li class="mentor-request">
            <p><strong>{r.name.clone()}</strong>{format!(" asks you to be their mentor · answer by {}", r.answer_by)}</p>
            {(!r.note.is_empty()).then(|| view! { <blockquote class="pre-line">{r.note.clone()}</blockquote> })}
            {(!r.highlights.is_empty()).then(|| view! {
                <ul class="small reasons">{r.highlights.iter().map(|h| view! { <li>{h.clone()}</li> }).collect_view()}</ul>
            })}
            <div class="actions-row">
                {form("accept", format!("Accept {}", r.name), "btn btn-primary")}
                {form("decline", format!("Decline {}", r.name), "btn btn-ghost")}
            </div>
        </li>
    }
}

#[component]
fn Browse(p: MentorsPage, ask: ServerAction<AskMentor>) -> impl IntoView {
    let error = action_error(ask);
    let pid = p.program_id;
    view! {
        <section aria-labelledby="find-title">
            <h2 id="find-title">"Find a mentor"</h2>
            <form method="get" class="search-form" role="search">
                <label for="mentor-q">"Skill, name or team"</label>
                <div class="actions-row">
                    <input id="mentor-q" name="q" type="search" value=p.query.clone() />
                    <button type="submit" class="btn">"Filter"</button>
                </div>
            </form>
            <FormAlert error />
            {if p.mentors.is_empty() {
                view! { <p class="muted">"No mentor with a free place matches. Try fewer words, or look again later."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list mentor-cards">
                        {p.mentors.into_iter().map(|m| view! { <Card m pid ask error /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Card(
    m: MentorCard,
    pid: i64,
    ask: ServerAction<AskMentor>,
    error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let note_id = format!("note-{}", m.id);
    let note_error = field_error(error, "note".to_owned());
    let places = if m.places_left == 1 {
        "1 place left".to_owned()
    } else {
        format!("{} places left", m.places_left)
    };
    let about = [
        m.job_title.clone(),
        m.department.clone(),
        m.time_zone.clone(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(" · ");
    view! {
        <li class="card mentor-card">
            <h3>{m.name.clone()}</h3>
            <p class="small muted">{about} " · " {places}</p>
            {(!m.skills_offer.is_empty()).then(|| view! { <p><strong>"Offers: "</strong>{m.skills_offer.clone()}</p> })}
            {(!m.bio.is_empty()).then(|| view! { <p class="small">{m.bio.clone()}</p> })}
            {(!m.highlights.is_empty()).then(|| view! {
                <ul class="small reasons" aria-label=format!("Why {} fits", m.name)>{m.highlights.iter().map(|h| view! { <li>{h.clone()}</li> }).collect_view()}</ul>
            })}
            <details class="ask-mentor">
                <summary class="btn btn-small">{format!("Ask {}", m.name)}</summary>
                <ActionForm action=ask attr:class="form">
                    <input type="hidden" name="program_id" value=pid />
                    <input type="hidden" name="mentor_id" value=m.id />
                    <div class="field">
                        <label for=note_id.clone()>"A note (optional)"</label>
                        <textarea id=note_id name="note" rows=3 maxlength=REQUEST_NOTE_MAX></textarea>
                        {move || note_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                    </div>
                    <Submit action=ask label="Send the request" busy="Sending…" />
                </ActionForm>
            </details>
        </li>
    }
}

#[component]
fn Settings(
    pid: i64,
    mode: ChoiceMode,
    days: i64,
    save: ServerAction<SaveMentorChoice>,
) -> impl IntoView {
    let error = action_error(save);
    let days_error = field_error(error, "answer_days".to_owned());
    view! {
        <section class="card narrow-left" aria-labelledby="choice-title">
            <h2 id="choice-title">"Who makes the matches"</h2>
            <FormAlert error />
            <ActionForm action=save attr:class="form">
                <input type="hidden" name="program_id" value=pid />
                <fieldset class="field">
                    <legend>"Matches are made by"</legend>
                    <div class="choices">
                        {ChoiceMode::ALL.iter().map(|m| {
                            let id = format!("mode-{}", m.as_str());
                            let for_id = id.clone();
                            view! {
                                <label class="choice" for=for_id>
                                    <input type="radio" id=id name="mode" value=m.as_str() checked=*m == mode />
                                    <span>{m.label()}</span>
                                </label>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
                <div class="field">
                    <label for="answer-days">"Days a mentor has to answer"</label>
                    <input id="answer-days" name="answer_days" inputmode="numeric" value=days.to_string() aria-describedby="answer-days-hint" />
                    <p class="hint" id="answer-days-hint">"1 to 30. Then the request lapses and the mentee can ask someone else."</p>
                    {move || days_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                </div>
                <Submit action=save label="Save" busy="Saving…" />
            </ActionForm>
        </section>
    }
}
