//! Programs: the list, a program's page, and the form to create or edit one.

use crate::api::enrollment::{MarkGuidelinesRead, SetEnrollmentStatus};
use crate::api::programs::{get_program, list_programs, ChangeProgramState, SaveProgram};
use crate::api::reassignment::RequestNewMatch;
use crate::api::rounds::my_match;
use crate::components::by_id::{loaded, resource_by_id};
use crate::components::form::{action_error, Field, FormAlert, Notice, Submit, TextArea};
use crate::components::match_card::MatchCardView;
use crate::components::shell::{ErrorCard, Loading, RequireUser};
use crate::domain::{
    dates, EnrollmentStatus, ProgramFormat, ProgramState, Role, NO_REPEAT_DEFAULT,
    NUDGE_WEEKS_DEFAULT,
};
use crate::error::AppError;
use crate::models::{Program, ProgramView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_location;

#[component]
pub fn ProgramsPage() -> impl IntoView {
    // Created here, before anything suspends (see `components::by_id`).
    let programs = Resource::new(|| (), |_| list_programs());
    view! {
        <Title text="Programs" />
        <RequireUser render=move |me| view! { <ProgramList can_create=me.role.at_least(Role::ProgramAdmin) programs /> } />
    }
}

#[component]
fn ProgramList(
    can_create: bool,
    programs: Resource<Result<Vec<Program>, AppError>>,
) -> impl IntoView {
    view! {
        <header class="page-head page-head-actions">
            <div>
                <h1>"Programs"</h1>
                <p class="muted">"Mentoring programs in your organisation."</p>
            </div>
            {can_create.then(|| view! { <a class="btn btn-primary" href="/programs/new">"New program"</a> })}
        </header>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match programs.await {
                    Ok(list) if list.is_empty() => view! {
                        <section class="card"><p class="muted">"No programs are open yet. When one opens for enrollment, it will be listed here."</p></section>
                    }.into_any(),
                    Ok(list) => view! {
                        <div class="cards">{list.into_iter().map(|p| view! { <ProgramCard program=p /> }).collect_view()}</div>
                    }.into_any(),
                    Err(error) => view! { <ErrorCard error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProgramCard(program: Program) -> impl IntoView {
    let href = format!("/programs/{}", program.id);
    view! {
        <article class="card program-card">
            <p class="eyebrow">{program.format.label()}</p>
            <h2><a href=href>{program.name.clone()}</a></h2>
            <p class="muted">{program.description.clone()}</p>
            <p class="small">
                <span class=format!("badge state-{}", program.state.as_str())>{program.state.label()}</span>
                " "{format!("{} → {}", dates::iso_day(&program.starts_on), dates::iso_day(&program.ends_on))}
            </p>
        </article>
    }
}

#[component]
pub fn ProgramPage() -> impl IntoView {
    let change = ServerAction::<ChangeProgramState>::new();
    // Joining, pausing or leaving redirects here with a new query string: reload then too.
    let search = use_location().search;
    let view_data = resource_by_id(move || (change.version().get(), search.get()), get_program);
    let ask = ServerAction::<RequestNewMatch>::new();
    let card = resource_by_id(move || ask.version().get(), my_match);
    let matched = MatchParts { card, ask };
    view! {
        <RequireUser render=move |_| loaded(view_data, move |v| view! { <ProgramInfo view=v change matched /> }) />
    }
}

/// The viewer's match in a program and the request for a new one, loaded with the page.
#[derive(Clone, Copy)]
struct MatchParts {
    card: Resource<Result<Option<crate::models::MatchCard>, AppError>>,
    ask: ServerAction<RequestNewMatch>,
}

#[component]
fn ProgramInfo(
    view: ProgramView,
    change: ServerAction<ChangeProgramState>,
    matched: MatchParts,
) -> impl IntoView {
    let error = action_error(change);
    let ProgramView {
        program: p,
        guidelines_html,
        admins,
        can_manage,
        counts,
        my_status,
        guidelines_read,
        ineligible,
    } = view;
    let id = p.id;
    let moves = p.state.next_states();
    let state = p.state;
    let finish_label = format!("Finish {}", p.name);
    view! {
        <Title text=p.name.clone() />
        <Notice key="saved" message="The program has been saved." />
        <Notice key="enrolled" message="You are in! Your answers have been saved; you can change them until enrollment closes." />
        <header class="page-head page-head-actions">
            <div>
                <p class="eyebrow">{p.format.label()}</p>
                <h1>{p.name.clone()}</h1>
                <p class="muted">{p.description.clone()}</p>
            </div>
            <span class=format!("badge badge-lg state-{}", p.state.as_str())>{p.state.label()}</span>
        </header>
        {can_manage.then(|| view! {
            <section class="card manage" aria-label="Manage this program">
                <FormAlert error />
                {counts.map(|c| view! {
                    <p class="enrollment-figure">
                        <a href=format!("/programs/{id}/enrollments")><strong data-testid="program-enrolled-count">{c.enrolled()}</strong>" enrolled"</a>
                        <span class="muted small">{format!(" · {} with a complete survey · {} skipping the next round", c.complete, c.paused)}</span>
                    </p>
                })}
                <div class="actions-row">
                    {(p.state != ProgramState::Finished).then(|| view! { <a class="btn btn-ghost" href=format!("/programs/{id}/edit")>"Edit"</a> })}
                    <a class="btn btn-ghost" href=format!("/programs/{id}/survey")>"Survey"</a>
                    <a class="btn btn-ghost" href=format!("/programs/{id}/enrollments")>"Enrollments"</a>
                    <a class="btn btn-ghost" href=format!("/programs/{id}/rounds")>"Matching"</a>
                    <a class="btn btn-ghost" href=format!("/programs/{id}/channels")>"Chat channels"</a>
                    <a class="btn btn-ghost" href=format!("/programs/{id}/agreements")>"Agreements"</a>
                    <a class="btn btn-ghost" href=format!("/programs/{id}/pulses")>"Pulse surveys"</a>
                    <a class="btn btn-ghost" href=format!("/insights?program={id}")>"Insights"</a>
                    <a class="btn btn-ghost" href=format!("/programs/{id}/stories")>"Stories"</a>
                    {p.format.has_mentors().then(|| view! { <a class="btn btn-ghost" href=format!("/programs/{id}/mentors")>"Mentors"</a> })}
                    {moves.into_iter().map(|to| if to == ProgramState::Finished {
                        // Finishing cannot be undone, so it asks first and is not the main button.
                        let label = finish_label.clone();
                        view! {
                            <details class="confirm">
                                <summary class="btn btn-ghost">"Finish the program…"</summary>
                                <p class="small">"No more rounds are matched and enrollment stays closed; this cannot be undone. Pairs keep their pages, goals and history."</p>
                                <ActionForm action=change>
                                    <input type="hidden" name="id" value=id />
                                    <input type="hidden" name="state" value=to.as_str() />
                                    <button type="submit" class="btn btn-danger">{label}</button>
                                </ActionForm>
                            </details>
                        }.into_any()
                    } else {
                        view! {
                            <ActionForm action=change attr:class="inline-form">
                                <input type="hidden" name="id" value=id />
                                <input type="hidden" name="state" value=to.as_str() />
                                <button type="submit" class="btn btn-primary">{state_action(to)}</button>
                            </ActionForm>
                        }.into_any()
                    }).collect_view()}
                </div>
            </section>
        })}
        {my_status.is_some().then(|| view! { <ProgramMatch id matched /> })}
        <Participation id state my_status ineligible />
        {(p.format.has_mentors() && my_status.is_some()).then(|| view! {
            <p class="card narrow-left"><a href=format!("/programs/{id}/mentors")>"Mentors: find one and ask, or answer requests to you"</a></p>
        })}
        <div class="layout-2">
            <section class="card" id="guidelines">
                <h2>"Guidelines and expectations"</h2>
                {if guidelines_html.is_empty() {
                    view! { <p class="muted">"The program admins have not written guidelines yet."</p> }.into_any()
                } else {
                    view! { <div class="prose" inner_html=guidelines_html></div> }.into_any()
                }}
                {state.visible_to_participants().then(|| view! { <GuidelinesRead id read=guidelines_read /> })}
            </section>
            <aside>
                <section class="card">
                    <h2>"How matching works"</h2>
                    <p>{p.format.describe()}</p>
                    <p class="muted small">{format!("New matches every {} weeks. Tandem never pairs you with your manager, their manager or someone who reports to you, nor with anyone on your confidential avoid list.", p.rotation_weeks)}</p>
                    <ul class="plain-list small matching-rules">
                        {p.matching.describe(p.format).into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                    </ul>
                    {(p.format == ProgramFormat::Circles).then(|| view! { <p class="small">{format!("Circles of {} people.", p.group_size)}</p> })}
                </section>
                <section class="card">
                    <h2>"Timeline"</h2>
                    <dl class="timeline">
                        <dt>"Enrollment"</dt><dd><DateRange from=p.enrollment_opens_on.clone() to=p.enrollment_closes_on.clone() /></dd>
                        <dt>"Program"</dt><dd><DateRange from=p.starts_on.clone() to=p.ends_on.clone() /></dd>
                        <dt>"Who can join"</dt><dd>{p.eligibility()}</dd>
                    </dl>
                </section>
                <section class="card">
                    <h2>"Who runs it"</h2>
                    <ul class="plain-list">{admins.into_iter().map(|a| view! { <li>{a.name}</li> }).collect_view()}</ul>
                </section>
            </aside>
        </div>
    }
}

/// The viewer's current match in this program, once a round is published.
#[component]
fn ProgramMatch(id: i64, matched: MatchParts) -> impl IntoView {
    let MatchParts { card, ask } = matched;
    view! {
        <Notice key="requested" message="Your request has been sent to the program team. You will hear from them by email." />
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                card.await.ok().flatten().map(|card| {
                    let pending = card.request_pending;
                    view! {
                        <MatchCardView card />
                        {if pending {
                            view! { <p class="small muted">"You asked for a new match; the program team will answer soon."</p> }.into_any()
                        } else {
                            view! { <AskForNewMatch id ask /> }.into_any()
                        }}
                    }
                })
            })}
        </Suspense>
    }
}

/// A request for a new match, with a reason only the program team reads.
#[component]
pub(crate) fn AskForNewMatch(id: i64, ask: ServerAction<RequestNewMatch>) -> impl IntoView {
    let error = action_error(ask);
    view! {
        <details class="card ask-new-match" open=move || error.get().is_some()>
            <summary>"Ask for a new match"</summary>
            <FormAlert error />
            <ActionForm action=ask attr:class="form" attr:novalidate=true>
                <input type="hidden" name="program_id" value=id />
                <TextArea label="Why?" name="reason" value="" maxlength=1000 required=true hint="Only the program team reads this; your match is not told why." error />
                <div class="form-actions">
                    <Submit action=ask label="Send the request" busy="Sending…" />
                </div>
            </ActionForm>
        </details>
    }
}

/// The viewer's own part in the program: join, edit, pause, resume or leave.
#[component]
fn Participation(
    id: i64,
    state: ProgramState,
    my_status: Option<EnrollmentStatus>,
    ineligible: Option<String>,
) -> impl IntoView {
    let status = ServerAction::<SetEnrollmentStatus>::new();
    let error = action_error(status);
    let open = state == ProgramState::Enrolling;
    let status_form = move |to: EnrollmentStatus, label: &'static str, class: &'static str| {
        view! {
            <ActionForm action=status attr:class="inline-form">
                <input type="hidden" name="program_id" value=id />
                <input type="hidden" name="status" value=to.as_str() />
                <button type="submit" class=class>{label}</button>
            </ActionForm>
        }
    };
    let body = match (my_status, state) {
        (_, ProgramState::Draft) => None,
        (None, _) | (Some(EnrollmentStatus::Left), _) if !open => None,
        (None, _) | (Some(EnrollmentStatus::Left), _) => Some(match ineligible {
            Some(why) => view! { <p class="muted">{why}</p> }.into_any(),
            None => view! {
                <p>{if my_status.is_some() { "You left this program. You can join again while enrollment is open." } else { "Enrollment is open. Joining takes about three minutes." }}</p>
                <a class="btn btn-primary" href=format!("/programs/{id}/enroll")>{if my_status.is_some() { "Join again" } else { "Join this program" }}</a>
            }.into_any(),
        }),
        (Some(s), _) => Some(view! {
            <p><span class=format!("badge status-{}", s.as_str())>{s.label()}</span></p>
            <div class="actions-row">
                <a class="btn btn-ghost" href=format!("/programs/{id}/enroll")>{if open { "Edit my answers" } else { "See my answers" }}</a>
                {match s {
                    EnrollmentStatus::Active => status_form(EnrollmentStatus::Paused, "Skip the next round", "btn btn-ghost").into_any(),
                    _ => status_form(EnrollmentStatus::Active, "Take part again", "btn btn-primary").into_any(),
                }}
            </div>
            // Leaving takes a second, deliberate step: once the program runs there is no way back.
            <details class="leave">
                <summary class="btn btn-danger">"Leave the program"</summary>
                <p class="small">{if open { "You can join again while enrollment is open." } else { "Once the program runs, leaving is final: you will not be matched again." }}</p>
                {status_form(EnrollmentStatus::Left, "Yes, leave the program", "btn btn-danger")}
            </details>
        }.into_any()),
    };
    body.map(|body| {
        view! {
            <section class="card participation" aria-labelledby="participation-title">
                <h2 id="participation-title">"Your participation"</h2>
                <Notice key="status" message="Your participation has been updated." />
                <FormAlert error />
                {body}
            </section>
        }
    })
}

/// The first onboarding step: confirming the guidelines were read.
#[component]
fn GuidelinesRead(id: i64, read: bool) -> impl IntoView {
    let mark = ServerAction::<MarkGuidelinesRead>::new();
    let done = move || read || mark.value().get().is_some_and(|r| r.is_ok());
    view! {
        <Show
            when=done
            fallback=move || view! {
                <ActionForm action=mark attr:class="inline-form">
                    <input type="hidden" name="program_id" value=id />
                    <button type="submit" class="btn btn-ghost">"I have read the guidelines"</button>
                </ActionForm>
            }
        >
            <p class="small done-note">"✓ You have read the guidelines."</p>
        </Show>
    }
}

fn state_action(to: ProgramState) -> &'static str {
    match to {
        ProgramState::Draft => "Close enrollment",
        ProgramState::Enrolling => "Open enrollment",
        ProgramState::Running => "Start the program",
        ProgramState::Finished => "Finish the program",
    }
}

#[component]
pub fn NewProgramPage() -> impl IntoView {
    view! {
        <Title text="New program" />
        <RequireUser render=|_| view! {
            <header class="page-head"><h1>"New program"</h1></header>
            <ProgramForm program=None admins=String::new() />
        } />
    }
}

#[component]
pub fn EditProgramPage() -> impl IntoView {
    let data = resource_by_id(|| (), get_program);
    view! { <RequireUser render=move |_| view! { <EditProgram data /> } /> }
}

#[component]
fn EditProgram(data: Resource<Result<ProgramView, AppError>>) -> impl IntoView {
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) if v.can_manage => {
                        let admins = v.admins.iter().map(|a| a.email.as_str()).collect::<Vec<_>>().join(", ");
                        view! {
                            <Title text=format!("Edit {}", v.program.name) />
                            <header class="page-head"><h1>"Edit " {v.program.name.clone()}</h1></header>
                            <ProgramForm program=Some(v.program) admins />
                        }.into_any()
                    }
                    Ok(_) => view! { <ErrorCard error=AppError::Forbidden /> }.into_any(),
                    Err(error) => view! { <ErrorCard error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProgramForm(program: Option<Program>, admins: String) -> impl IntoView {
    let save = ServerAction::<SaveProgram>::new();
    let error = action_error(save);
    let p = program.clone();
    let v = move |f: fn(&Program) -> String| p.as_ref().map(f).unwrap_or_default();
    let format = program
        .as_ref()
        .map(|p| p.format)
        .unwrap_or(ProgramFormat::Peer);
    let level = |l: Option<i64>| l.map(|l| l.to_string()).unwrap_or_default();
    view! {
        <FormAlert error />
        <ActionForm action=save attr:class="form card" attr:novalidate=true>
            {program.as_ref().map(|p| view! { <input type="hidden" name="id" value=p.id /> })}
            <fieldset>
                <legend>"About the program"</legend>
                <Field label="Name" name="input[name]" error_key="name" value=v(|p| p.name.clone()) required=true maxlength=100 error />
                <TextArea label="Description" name="input[description]" error_key="description" value=v(|p| p.description.clone()) maxlength=2000 hint="One or two sentences shown in the program list." error />
                <TextArea label="Guidelines and expectations" name="input[guidelines]" error_key="guidelines" value=v(|p| p.guidelines.clone()) maxlength=20000 hint="Markdown: **bold**, lists with -, headings with #." error />
            </fieldset>
            <fieldset>
                <legend>"Format"</legend>
                <div class="field">
                    <label for="f-input-format">"How people are grouped"</label>
                    <select id="f-input-format" name="input[format]">
                        {ProgramFormat::ALL.into_iter().map(|f| view! { <option value=f.as_str() selected=f == format>{f.label()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="grid-2">
                    <Field label="Circle size" name="input[group_size]" error_key="group_size" value=v(|p| p.group_size.to_string()) inputmode="numeric" hint="For circles: 3 to 6 people." error />
                    <Field label="New matches every (weeks)" name="input[rotation_weeks]" error_key="rotation_weeks" value=v(|p| p.rotation_weeks.to_string()) inputmode="numeric" hint="1 to 52; 12 is common." error />
                </div>
                <Field label="Nudge a pair that has not met after (weeks)" name="input[nudge_weeks]" error_key="nudge_weeks" value=program.as_ref().map(|p| p.nudge_weeks.to_string()).unwrap_or_else(|| NUDGE_WEEKS_DEFAULT.to_string()) inputmode="numeric" hint="0 to 12; 0 never nudges. Pairs not meeting by then show on the Matching page." error />
            </fieldset>
            <fieldset>
                <legend>"Matching rules"</legend>
                <Field label="Rounds before partners may meet again" name="input[no_repeat_rounds]" error_key="no_repeat_rounds" value=program.as_ref().map(|p| p.matching.no_repeat_rounds.to_string()).unwrap_or_else(|| NO_REPEAT_DEFAULT.to_string()) inputmode="numeric" hint="0 to 12; 0 lets earlier partners meet again." error />
                <div class="field checkbox">
                    <input id="f-not-same-team" type="checkbox" name="input[not_same_team]" value="on" checked=program.as_ref().is_some_and(|p| p.matching.not_same_team) />
                    <label for="f-not-same-team">"Never match people of the same team"</label>
                </div>
                <div class="field checkbox">
                    <input id="f-mentor-level-rule" type="checkbox" name="input[mentor_level_rule]" value="on" checked=program.as_ref().is_none_or(|p| p.matching.mentor_levels_below.is_some()) aria-describedby="f-mentor-level-rule-hint" />
                    <label for="f-mentor-level-rule">"Reverse mentoring: mentors are junior to the people they mentor"</label>
                </div>
                <p class="hint" id="f-mentor-level-rule-hint">"Applies to reverse mentoring only, where it is on unless you turn it off."</p>
                <Field label="Levels a reverse mentor is below their mentee, at least" name="input[mentor_levels_below]" error_key="mentor_levels_below" value=program.as_ref().and_then(|p| p.matching.mentor_levels_below).unwrap_or(1).to_string() inputmode="numeric" error />
            </fieldset>
            <fieldset>
                <legend>"Dates"</legend>
                <div class="grid-2">
                    <Field label="Enrollment opens" name="input[enrollment_opens_on]" error_key="enrollment_opens_on" kind="date" value=v(|p| p.enrollment_opens_on.clone()) required=true error />
                    <Field label="Enrollment closes" name="input[enrollment_closes_on]" error_key="enrollment_closes_on" kind="date" value=v(|p| p.enrollment_closes_on.clone()) required=true error />
                    <Field label="Program starts" name="input[starts_on]" error_key="starts_on" kind="date" value=v(|p| p.starts_on.clone()) required=true error />
                    <Field label="Program ends" name="input[ends_on]" error_key="ends_on" kind="date" value=v(|p| p.ends_on.clone()) required=true error />
                </div>
            </fieldset>
            <fieldset>
                <legend>"Who can join"</legend>
                <Field label="Departments" name="input[departments]" error_key="departments" value=v(|p| p.departments.replace(',', ", ")) hint="Comma-separated; leave empty for everyone." error />
                <div class="grid-2">
                    <Field label="Lowest level" name="input[min_level]" error_key="min_level" value=program.as_ref().map(|p| level(p.min_level)).unwrap_or_default() inputmode="numeric" error />
                    <Field label="Highest level" name="input[max_level]" error_key="max_level" value=program.as_ref().map(|p| level(p.max_level)).unwrap_or_default() inputmode="numeric" error />
                </div>
            </fieldset>
            <fieldset>
                <legend>"Who runs it"</legend>
                <Field label="Program admins" name="admins" value=admins hint="Email addresses of program admins, separated by commas. Whoever creates the program runs it." error />
            </fieldset>
            <div class="form-actions">
                <Submit action=save label="Save program" busy="Saving…" />
            </div>
        </ActionForm>
    }
}

/// Two dates that never break across lines inside themselves.
#[component]
fn DateRange(from: String, to: String) -> impl IntoView {
    view! {
        <time class="nowrap" datetime=from.clone()>{dates::iso_day(&from)}</time>
        " to "
        <time class="nowrap" datetime=to.clone()>{dates::iso_day(&to)}</time>
    }
}
