//! The pair page: my partners, the goals they share with me, and our sessions: pick one of
//! the times that suit us all or propose one, answer with another time, accept, download it
//! for a calendar, and afterwards say whether we met, keep shared notes and give private
//! feedback.

use crate::api::goals::CommentGoal;
use crate::api::pairs::{
    load_pair_page, AcceptSession, CancelSession, ProposeSession, ProposeSuggested, RecordSession,
    SessionFeedback,
};
use crate::components::by_id::{loaded, resource_by_id};
use crate::components::form::{action_error, field_error, Field, FormAlert, Submit, TextArea};
use crate::components::progress::{GoalMeta, ProgressMeter};
use crate::components::shell::RequireUser;
use crate::domain::{AgreementState, PairSessionState};
use crate::models::{AgreementSummary, MeetingTimes, PairGroup, PairPage, PairSessionView};
use crate::pages::agreements::AgreementBadge;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Every action of the page, so each refreshes it and any error shows above it.
#[derive(Clone, Copy)]
struct Actions {
    propose: ServerAction<ProposeSession>,
    suggested: ServerAction<ProposeSuggested>,
    accept: ServerAction<AcceptSession>,
    cancel: ServerAction<CancelSession>,
    record: ServerAction<RecordSession>,
    feedback: ServerAction<SessionFeedback>,
    comment: ServerAction<CommentGoal>,
}

#[component]
pub fn PairPageView() -> impl IntoView {
    let query = use_query_map();
    let prompts =
        Memo::new(move |_| query.with(|q| q.get("prompts").and_then(|p| p.parse::<i64>().ok())));
    let a = Actions {
        propose: ServerAction::new(),
        suggested: ServerAction::new(),
        accept: ServerAction::new(),
        cancel: ServerAction::new(),
        record: ServerAction::new(),
        feedback: ServerAction::new(),
        comment: ServerAction::new(),
    };
    let page = resource_by_id(
        move || {
            (
                a.propose.version().get(),
                a.suggested.version().get(),
                a.accept.version().get(),
                a.cancel.version().get(),
                a.record.version().get(),
                a.feedback.version().get(),
                a.comment.version().get(),
                prompts.get(),
            )
        },
        move |id| load_pair_page(id, prompts.get_untracked()),
    );
    let error = Signal::derive(move || {
        action_error(a.accept)
            .get()
            .or_else(|| action_error(a.cancel).get())
            .or_else(|| action_error(a.record).get())
            .or_else(|| action_error(a.feedback).get())
            .or_else(|| action_error(a.comment).get())
    });
    view! {
        <Title text="My pair" />
        <RequireUser render=move |_| view! {
            <FormAlert error />
            {loaded(page, move |p: PairPage| view! { <Pair p a /> })}
        } />
    }
}

#[component]
fn Pair(p: PairPage, a: Actions) -> impl IntoView {
    let program_id = p.program_id;
    view! {
        <header class="page-head">
            <p class="eyebrow">{format!("{} · round {}", p.program_name, p.round)}</p>
            <h1>"My pair"</h1>
            <p class="muted">"Plan your sessions here, and follow the goals your partner shares with you."</p>
        </header>
        {p.groups.into_iter().map(|g| view! { <Group g program_id prompts=p.prompts.clone() form=p.form.clone() a /> }).collect_view()}
    }
}

#[component]
fn Group(
    g: PairGroup,
    program_id: i64,
    prompts: Vec<String>,
    form: crate::domain::PairSessionInput,
    a: Actions,
) -> impl IntoView {
    let names = g
        .partners
        .iter()
        .map(|p| p.name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let first = g
        .partners
        .first()
        .map(|p| {
            p.name
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned()
        })
        .unwrap_or_default();
    let (round_id, group_no) = (g.round_id, g.group_no);
    let nothing_planned = !g.sessions.iter().any(|s| {
        !s.past
            && matches!(
                s.state,
                PairSessionState::Proposed | PairSessionState::Accepted
            )
    });
    let open_proposals: Vec<PairSessionView> = g
        .sessions
        .iter()
        .filter(|s| s.state == PairSessionState::Proposed && !s.proposed_by_me)
        .cloned()
        .collect();
    view! {
        <section class="card pair" aria-label=format!("With {names}")>
            <ul class="partners">
                {g.partners.iter().map(|p| view! {
                    <li class="partner">
                        <span class="avatar avatar-lg" aria-hidden="true">{p.initials.clone()}</span>
                        <div>
                            <p class="partner-name"><strong>{p.name.clone()}</strong></p>
                            <a class="small" href=format!("mailto:{}", p.email)>{p.email.clone()}</a>
                        </div>
                    </li>
                }).collect_view()}
            </ul>
            <p class="small"><a href="/recognition#thank">{format!("Thank {first} for something they did")}</a></p>
            <AgreementCard a=g.agreement.clone() program_id group_no=g.group_no />
            <h2>{format!("Goals {first} shares")}</h2>
            {if g.goals.is_empty() {
                view! { <p class="muted">{format!("{first} has not shared a goal with you yet.")}</p> }.into_any()
            } else {
                view! {
                    <ul class="goal-list goal-grid">
                        {g.goals.into_iter().map(|goal| view! {
                            <li class="goal-card">
                                <a class="goal-title" href=format!("/goals/{}", goal.id)>{goal.title.clone()}</a>
                                <GoalMeta g=goal.clone() />
                                <ProgressMeter percent=goal.percent label=goal.title.clone() />
                                <p class="muted small">{format!("{} · {}", goal.status.label(), goal.summary)}</p>
                                <GoalComment id=goal.id title=goal.title.clone() a />
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="card" id="sessions" aria-labelledby=format!("sessions-{group_no}")>
            <h2 id=format!("sessions-{group_no}")>"Sessions"</h2>
            <SuggestedTimes t=g.times.clone() a program_id round_id group_no folded=!nothing_planned />
            {if g.sessions.is_empty() {
                view! { <p class="muted">"No sessions yet. Propose one below."</p> }.into_any()
            } else {
                view! {
                    <ul class="sessions">
                        {g.sessions.into_iter().map(|s| view! { <Session s a program_id round_id group_no prompts=prompts.clone() form=form.clone() /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
            <details class="propose" open=nothing_planned>
                <summary>{if open_proposals.is_empty() { "Propose a session" } else { "Propose another session" }}</summary>
                <SessionForm a program_id round_id group_no replaces=None prompts=prompts.clone() form=form.clone() />
            </details>
        </section>
    }
}

/// How far the group's agreement is, what it says of their rhythm, and the way to it.
#[component]
fn AgreementCard(a: AgreementSummary, program_id: i64, group_no: i64) -> impl IntoView {
    let href = format!("/programs/{program_id}/agreement/{group_no}");
    let state = a.state.unwrap_or(AgreementState::NotStarted);
    let (text, label) = match (state, a.mine_to_confirm) {
        (AgreementState::NotStarted, _) => ("Agree how you work together: how often you meet, how you reach each other, what stays between you.".to_owned(), "Start our agreement"),
        (AgreementState::Agreed, _) => (format!("Agreed on {}.", a.agreed_on.clone().unwrap_or_default()), "Read our agreement"),
        (_, true) => ("It waits for you to confirm.".to_owned(), "Read and confirm"),
        (_, false) => ("It waits for your partner to confirm.".to_owned(), "Read our agreement"),
    };
    view! {
        <div class="agreement-summary">
            <p>
                <strong>"Our agreement"</strong>
                <AgreementBadge state />
                {a.rhythm.clone().map(|r| view! { <span class="muted">{format!(" · {r}")}</span> })}
            </p>
            <p class="small">{text}</p>
            <a class="btn btn-small" href=href>{label}</a>
        </div>
    }
}

#[component]
fn Session(
    s: PairSessionView,
    a: Actions,
    program_id: i64,
    round_id: i64,
    group_no: i64,
    prompts: Vec<String>,
    form: crate::domain::PairSessionInput,
) -> impl IntoView {
    let id = s.id;
    let status = match (s.state, s.held, s.past) {
        (PairSessionState::Cancelled, _, _) => "Cancelled".to_owned(),
        (PairSessionState::Proposed, _, _) if s.proposed_by_me => {
            format!("Proposed by you; waiting for {}", s.with)
        }
        (PairSessionState::Proposed, _, _) => format!("{} proposed this", s.proposer),
        (_, Some(true), _) => "Held".to_owned(),
        (_, Some(false), _) => "Did not take place".to_owned(),
        (_, None, true) => "Did you meet?".to_owned(),
        _ => "Accepted".to_owned(),
    };
    let accepted = s.state == PairSessionState::Accepted;
    let open = matches!(
        s.state,
        PairSessionState::Proposed | PairSessionState::Accepted
    ) && !s.past;
    view! {
        <li class="session" class:session-cancelled=s.state == PairSessionState::Cancelled>
            <p class="session-when"><strong>{s.when.clone()}</strong></p>
            <p class="small"><span class="badge">{status}</span></p>
            {(!s.place.is_empty()).then(|| view! { <p class="small">{format!("Where: {}", s.place)}</p> })}
            {(!s.video_url.is_empty()).then(|| view! { <p class="small"><a href=s.video_url.clone() rel="noopener noreferrer">"Video link"</a></p> })}
            {(!s.agenda.is_empty()).then(|| view! {
                <p class="small"><strong>"Agenda"</strong></p>
                <ol class="agenda-items small">{s.agenda.iter().map(|i| view! { <li>{i.clone()}</li> }).collect_view()}</ol>
            })}
            <div class="button-row">
                {(s.state == PairSessionState::Proposed && !s.proposed_by_me).then(|| view! {
                    <ActionForm action=a.accept>
                        <input type="hidden" name="id" value=id.to_string() />
                        <button type="submit" class="btn btn-primary">"Accept"</button>
                    </ActionForm>
                })}
                {(accepted || s.state == PairSessionState::Proposed).then(|| view! {
                    <a class="btn" href=format!("/sessions/{id}/calendar.ics") download="">"Add to calendar (.ics)"</a>
                })}
                {open.then(|| view! {
                    <ActionForm action=a.cancel>
                        <input type="hidden" name="id" value=id.to_string() />
                        <button type="submit" class="btn btn-danger">"Cancel session"</button>
                    </ActionForm>
                })}
            </div>
            {(s.state == PairSessionState::Proposed && !s.proposed_by_me).then(|| view! {
                <details class="propose">
                    <summary>"Propose another time"</summary>
                    <SessionForm a program_id round_id group_no replaces=Some(id) prompts form />
                </details>
            })}
            {(accepted && s.past && s.held.is_none()).then(|| view! { <RecordForm id a /> })}
            {(!s.notes.is_empty()).then(|| view! { <p class="small"><strong>"Notes: "</strong>{s.notes.clone()}</p> })}
            {(s.held == Some(true)).then(|| view! { <FeedbackForm id mine=s.my_feedback.clone() a /> })}
        </li>
    }
}

/// "Did we meet?" with the pair's shared notes.
#[component]
fn RecordForm(id: i64, a: Actions) -> impl IntoView {
    let error = action_error(a.record);
    view! {
        <ActionForm action=a.record attr:class="form record-form">
            <input type="hidden" name="id" value=id.to_string() />
            <TextArea label="Notes for both of you" name="notes" id=format!("f-notes-{id}") maxlength=5000 hint="What you talked about and what you agreed." error />
            <div class="button-row">
                <button type="submit" name="held" value="yes" class="btn btn-primary">"Yes, we met"</button>
                <button type="submit" name="held" value="no" class="btn">"No, it did not happen"</button>
            </div>
        </ActionForm>
    }
}

/// Private feedback: only program admins read it, and only among several others.
#[component]
fn FeedbackForm(id: i64, mine: Option<(i64, String)>, a: Actions) -> impl IntoView {
    let error = action_error(a.feedback);
    let rating_error = field_error(error, "rating".into());
    let (rating, comment) = mine.clone().unwrap_or((0, String::new()));
    let select_id = format!("f-rating-{id}");
    view! {
        <details class="feedback" open=mine.is_none()>
            <summary>{if mine.is_some() { "Your private feedback (saved)" } else { "Private feedback" }}</summary>
            <p class="hint">"Only program admins see feedback, and only as an average of several sessions."</p>
            <ActionForm action=a.feedback attr:class="form">
                <input type="hidden" name="id" value=id.to_string() />
                <div class="field" class:field-invalid=move || rating_error.get().is_some()>
                    <label for=select_id.clone()>"How useful was the session?"</label>
                    <select id=select_id name="rating">
                        <option value="">"Choose…"</option>
                        {(1..=5).map(|n| view! { <option value=n.to_string() selected=n == rating>{format!("{n} of 5")}</option> }).collect_view()}
                    </select>
                    {move || rating_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                </div>
                <TextArea label="Comment" name="comment" id=format!("f-comment-{id}") value=comment maxlength=2000 error />
                <Submit action=a.feedback label="Save feedback" busy="Saving…" />
            </ActionForm>
        </details>
    }
}

/// Proposes a session, or another time for `replaces`.
#[component]
fn SessionForm(
    a: Actions,
    program_id: i64,
    round_id: i64,
    group_no: i64,
    replaces: Option<i64>,
    prompts: Vec<String>,
    form: crate::domain::PairSessionInput,
) -> impl IntoView {
    let error = action_error(a.propose);
    let prefix = match replaces {
        Some(id) => format!("f-s{id}"),
        None => format!("f-g{group_no}"),
    };
    let field_id = move |name: &str| format!("{prefix}-{name}");
    view! {
        <FormAlert error />
        <ActionForm action=a.propose attr:class="form" attr:novalidate=true>
            <input type="hidden" name="program_id" value=program_id.to_string() />
            <input type="hidden" name="round_id" value=round_id.to_string() />
            <input type="hidden" name="group_no" value=group_no.to_string() />
            {replaces.map(|r| view! { <input type="hidden" name="replaces" value=r.to_string() /> })}
            <div class="grid-2">
                <Field label="Date" name="input[date]" error_key="date" id=field_id("date") kind="date" required=true error />
                <Field label="Starts" name="input[start_time]" error_key="start_time" id=field_id("start") kind="time" required=true error />
                <Field label="Ends" name="input[end_time]" error_key="end_time" id=field_id("end") kind="time" required=true error />
            </div>
            <Field label="Time zone" name="input[time_zone]" error_key="time_zone" id=field_id("zone") value=form.time_zone.clone() required=true hint="The times above are in this zone; your partner sees them in theirs." error />
            <Field label="Place" name="input[place]" error_key="place" id=field_id("place") maxlength=200 hint="A room or a café; or give a video link." error />
            <Field label="Video link" name="input[video_url]" error_key="video_url" id=field_id("video") kind="url" maxlength=500 error />
            <fieldset class="field">
                <legend>"Discussion prompts"</legend>
                <div class="choices choices-column">
                    {prompts.into_iter().enumerate().map(|(i, prompt)| {
                        let box_id = field_id(&format!("prompt-{i}"));
                        let label_for = box_id.clone();
                        view! {
                            <label class="choice" for=label_for>
                                <input type="checkbox" id=box_id name="input[prompts][]" value=i.to_string() />
                                {prompt}
                            </label>
                        }
                    }).collect_view()}
                </div>
                <p class="hint"><a href="/resources?kind=prompt_set">"More discussion prompts in Resources"</a>" — each set can start a session's agenda."</p>
            </fieldset>
            <TextArea label="Agenda" name="input[agenda]" error_key="agenda" id=field_id("agenda") rows=3 value=form.agenda.clone() hint="One item per line." error />
            <Submit action=a.propose label=if replaces.is_some() { "Propose this time" } else { "Propose session" } busy="Sending…" />
        </ActionForm>
    }
}

/// The next times that suit the whole group, each one tap from a proposal; `folded` (when a
/// session is already planned) keeps them behind a summary.
#[component]
fn SuggestedTimes(
    t: MeetingTimes,
    a: Actions,
    program_id: i64,
    round_id: i64,
    group_no: i64,
    folded: bool,
) -> impl IntoView {
    let error = action_error(a.suggested);
    let when_error = Signal::derive(move || {
        ["starts_at", "date", "start_time"]
            .iter()
            .find_map(|f| error.get().and_then(|e| e.for_field(f)))
    });
    let field_id = move |name: &str| format!("f-t{group_no}-{name}");
    let assumed = (!t.assumed.is_empty()).then(|| {
        format!(
            "{} not said when they are free yet, so office hours are assumed.",
            match t.assumed.as_slice() {
                [one] => format!("{one} has"),
                more => format!("{} have", more.join(", ")),
            }
        )
    });
    view! {
        <details class="suggested-times" id=format!("times-{group_no}") open=!folded>
            <summary>"Times that suit you both"</summary>
            <p class="hint">
                {format!("{} minutes, from everyone's hours and calendars. ", t.minutes)}
                {assumed.map(|a| view! { {a} " " })}
                <a href="/profile/availability">{if t.mine_set { "Change when you are free" } else { "Say when you are free" }}</a>
            </p>
            {if t.times.is_empty() {
                view! { <p class="muted">"No time in the next two weeks suits everyone's hours. Propose one below."</p> }.into_any()
            } else {
                view! {
                    <FormAlert error />
                    <ActionForm action=a.suggested attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="program_id" value=program_id.to_string() />
                        <input type="hidden" name="round_id" value=round_id.to_string() />
                        <input type="hidden" name="group_no" value=group_no.to_string() />
                        <fieldset class="field" class:field-invalid=move || when_error.get().is_some()>
                            <legend>"Choose a time"</legend>
                            <div class="choices choices-column">
                                {t.times.iter().enumerate().map(|(i, s)| {
                                    let id = field_id(&format!("time-{i}"));
                                    let label_for = id.clone();
                                    view! {
                                        <label class="choice time-choice" for=label_for>
                                            <input type="radio" id=id name="starts_at" value=s.starts_at.to_string() checked=i == 0 />
                                            <span>
                                                <strong>{s.mine.clone()}</strong>
                                                {s.theirs.iter().map(|t| view! { <span class="small muted time-zone-line">{t.clone()}</span> }).collect_view()}
                                            </span>
                                        </label>
                                    }
                                }).collect_view()}
                            </div>
                            {move || when_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                        </fieldset>
                        <div class="grid-2">
                            <Field label="Place" name="place" id=field_id("place") value=t.last_place.clone() maxlength=200 hint="A room or a café; or give a video link." error />
                            <Field label="Video link" name="video_url" error_key="video_url" id=field_id("video") kind="url" value=t.last_video_url.clone() maxlength=500 error />
                        </div>
                        <Submit action=a.suggested label="Propose this time" busy="Sending…" />
                    </ActionForm>
                }.into_any()
            }}
        </details>
    }
}

/// A comment on a partner's shared goal, left from the pair page; the goal's page lists them.
#[component]
fn GoalComment(id: i64, title: String, a: Actions) -> impl IntoView {
    let error = action_error(a.comment);
    let query = leptos_router::hooks::use_query_map();
    // The post returns to the pair page with `?commented=<goal>`, with or without JavaScript.
    let sent = move || query.with(|q| q.get("commented") == Some(id.to_string()));
    view! {
        <details class="goal-comment">
            <summary>{format!("Comment on “{title}”")}</summary>
            <ActionForm action=a.comment attr:class="form">
                <input type="hidden" name="id" value=id.to_string() />
                <input type="hidden" name="back" value="pair" />
                <TextArea label="Your comment" name="body" id=format!("f-comment-goal-{id}") maxlength=2000 required=true error />
                <Submit action=a.comment label="Send comment" busy="Sending…" />
            </ActionForm>
            <p class="small"><a href=format!("/goals/{id}#comments")>"See the goal and its comments"</a></p>
        </details>
        {move || sent().then(|| view! { <p class="small" role="status">"Comment sent."</p> })}
    }
}
