//! Pulse surveys: a person answers one (and, when their match is not working, can ask for a
//! new one right there); a program's admins schedule them and read figures over many people.

use crate::api::pulses::{load_pulse, load_pulse_admin, AnswerPulse, RemovePulse, SchedulePulse};
use crate::api::reassignment::RequestNewMatch;
use crate::components::by_id::{loaded, resource_by_id};
use crate::components::form::{action_error, field_error, FormAlert, Notice, Submit};
use crate::components::shell::RequireUser;
use crate::domain::{PulseFigure, PulseQuestion, PulseQuestionKind, PulseResult, PULSE_PEOPLE_MIN};
use crate::error::AppError;
use crate::models::{PulseAdminLine, PulseAdminPage, PulsePage};
use crate::pages::programs::AskForNewMatch;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PulsePageView() -> impl IntoView {
    let answer = ServerAction::<AnswerPulse>::new();
    let ask = ServerAction::<RequestNewMatch>::new();
    let params = use_params_map();
    let survey =
        Memo::new(move |_| params.with(|p| p.get("survey").and_then(|s| s.parse::<i64>().ok())));
    let page = resource_by_id(
        move || (answer.version().get(), survey.get()),
        move |id| async move {
            match survey.get_untracked() {
                Some(s) => load_pulse(id, s).await,
                None => Err(AppError::NotFound("There is no such page.".into())),
            }
        },
    );
    view! {
        <Title text="A short survey" />
        <RequireUser render=move |_| view! {
            {loaded(page, move |p: PulsePage| view! { <Pulse p answer ask /> })}
        } />
    }
}

#[component]
fn Pulse(
    p: PulsePage,
    answer: ServerAction<AnswerPulse>,
    ask: ServerAction<RequestNewMatch>,
) -> impl IntoView {
    let error = action_error(answer);
    let pid = p.program_id;
    view! {
        <header class="page-head">
            <p class="eyebrow"><a href=format!("/programs/{pid}")>{p.program_name.clone()}</a></p>
            <h1>{p.kind.label()}</h1>
            <p class="muted">{format!("The program's admins see only figures over at least {PULSE_PEOPLE_MIN} people, never who answered what.")}</p>
        </header>
        <Notice key="thanks" message="Thank you: your answers are saved. You can change them while the survey is open." />
        {p.offer_new_match.then(|| view! {
            <section class="card narrow-left" id="new-match" aria-labelledby="new-match-title">
                <h2 id="new-match-title">"Your match is not working"</h2>
                <p>"That happens. Ask the program team for another match; your partner is not told why."</p>
                <AskForNewMatch id=pid ask />
            </section>
        })}
        {if p.open {
            let answers = p.answers.clone();
            view! {
                <section class="card narrow-left" aria-label="Questions">
                    <FormAlert error />
                    <ActionForm action=answer attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="program_id" value=pid />
                        <input type="hidden" name="survey_id" value=p.survey_id />
                        {p.kind.questions().iter().map(|q| view! { <Question q=*q value=answers.get(q.key).cloned().unwrap_or_default() error /> }).collect_view()}
                        <div class="form-actions">
                            <Submit action=answer label=if p.answered { "Update my answers" } else { "Send my answers" } busy="Sending…" />
                        </div>
                    </ActionForm>
                </section>
            }.into_any()
        } else {
            view! { <p class="card narrow-left">{format!("This survey opens on {} and stays open for two weeks.", p.opens_on)}</p> }.into_any()
        }}
    }
}

/// One question of a template as form fields named `answers[key]`.
#[component]
fn Question(q: PulseQuestion, value: String, error: Signal<Option<AppError>>) -> impl IntoView {
    let message = field_error(error, q.key.to_owned());
    let name = format!("answers[{}]", q.key);
    let err_id = format!("q-{}-error", q.key);
    let optional =
        move || (!q.required).then(|| view! { <span class="optional">" (optional)"</span> });
    let choices = |options: Vec<String>, class: &'static str| {
        let value = value.clone();
        let name = name.clone();
        view! {
            <fieldset class="field survey-question">
                <legend class="label">{q.prompt} {optional()}</legend>
                <div class=class>
                    {options.into_iter().map(|o| {
                        let id = format!("q-{}-{}", q.key, o.replace(' ', "-").to_lowercase());
                        let checked = o == value;
                        let for_id = id.clone();
                        view! {
                            <label class="choice" for=for_id>
                                <input type="radio" id=id name=name.clone() value=o.clone() checked=checked />
                                <span>{o.clone()}</span>
                            </label>
                        }
                    }).collect_view()}
                </div>
                {move || message.get().map(|m| view! { <p class="field-error" role="alert" id=err_id.clone()>{m}</p> })}
            </fieldset>
        }.into_any()
    };
    match q.kind {
        PulseQuestionKind::Choice(options) => {
            choices(options.iter().map(|o| (*o).to_owned()).collect(), "choices")
        }
        PulseQuestionKind::Scale => choices(
            (1..=5).map(|n: u8| n.to_string()).collect(),
            "choices scale",
        ),
        PulseQuestionKind::Nps => choices(
            (0..=10).map(|n: u8| n.to_string()).collect(),
            "choices scale nps",
        ),
        PulseQuestionKind::Text => {
            let id = format!("q-{}", q.key);
            view! {
                <div class="field">
                    <label for=id.clone() class="label">{q.prompt} {optional()}</label>
                    <textarea id=id name=name rows=3 maxlength=1000>{value}</textarea>
                    {move || message.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                </div>
            }.into_any()
        }
    }
}

#[component]
pub fn PulseAdminView() -> impl IntoView {
    let schedule = ServerAction::<SchedulePulse>::new();
    let remove = ServerAction::<RemovePulse>::new();
    let page = resource_by_id(
        move || (schedule.version().get(), remove.version().get()),
        load_pulse_admin,
    );
    view! {
        <Title text="Pulse surveys" />
        <RequireUser render=move |_| view! {
            {loaded(page, move |p: PulseAdminPage| view! { <Admin p schedule remove /> })}
        } />
    }
}

#[component]
fn Admin(
    p: PulseAdminPage,
    schedule: ServerAction<SchedulePulse>,
    remove: ServerAction<RemovePulse>,
) -> impl IntoView {
    let error = action_error(schedule);
    let remove_error = action_error(remove);
    let pid = p.program_id;
    view! {
        <header class="page-head">
            <p class="eyebrow"><a href=format!("/programs/{pid}")>{p.program_name.clone()}</a></p>
            <h1>"Pulse surveys"</h1>
            <p class="muted">{format!("Short surveys sent to everyone matched, some days after each round is published. You see figures only where at least {PULSE_PEOPLE_MIN} people answered, and written answers only from 10 people on; never who answered what.")}</p>
        </header>
        <Notice key="scheduled" message="Scheduled. It goes out on its day after each round is published." />
        <Notice key="removed" message="The survey and its answers are removed." />
        <FormAlert error=remove_error />
        {p.surveys.into_iter().map(|s| view! { <Survey s pid round=p.round remove /> }).collect_view()}
        {(!p.kinds_left.is_empty()).then(|| view! {
            <section class="card narrow-left" aria-labelledby="schedule-title">
                <h2 id="schedule-title">"Schedule a survey"</h2>
                <FormAlert error />
                <ActionForm action=schedule attr:class="form">
                    <input type="hidden" name="program_id" value=pid />
                    <div class="grid-2">
                        <div class="field">
                            <label for="pulse-kind">"Survey"</label>
                            <select id="pulse-kind" name="kind">
                                {p.kinds_left.iter().map(|k| view! { <option value=k.as_str()>{format!("{} (usually day {})", k.label(), k.default_days())}</option> }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="pulse-days">"Days after the round is published"</label>
                            <input id="pulse-days" name="days" inputmode="numeric" aria-describedby="pulse-days-hint" />
                            <p class="hint" id="pulse-days-hint">"1 to 365; empty for the usual day."</p>
                            {move || field_error(error, "days".to_owned()).get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                        </div>
                    </div>
                    <Submit action=schedule label="Schedule" busy="Scheduling…" />
                </ActionForm>
            </section>
        })}
    }
}

#[component]
fn Survey(
    s: PulseAdminLine,
    pid: i64,
    round: Option<i64>,
    remove: ServerAction<RemovePulse>,
) -> impl IntoView {
    let heading = format!("pulse-{}", s.id);
    let labelled_by = heading.clone();
    let when = match (&s.due_on, round) {
        (Some(d), Some(n)) => format!("Day {} after publication: {d} for round {n}.", s.days_after),
        _ => format!("Day {} after each round is published.", s.days_after),
    };
    view! {
        <section class="card" aria-labelledby=labelled_by>
            <h2 id=heading>{s.kind.label()}</h2>
            <p class="muted">{when} " " {format!("{} answered.", s.responses)}</p>
            <dl class="pulse-results">
                {s.results.into_iter().map(|r| view! { <Figure r /> }).collect_view()}
            </dl>
            <details class="confirm">
                <summary class="btn btn-small btn-ghost">"Remove…"</summary>
                <p class="small">"Its answers are deleted with it."</p>
                <ActionForm action=remove>
                    <input type="hidden" name="program_id" value=pid />
                    <input type="hidden" name="survey_id" value=s.id />
                    <button type="submit" class="btn btn-small btn-danger">{format!("Remove the {}", s.kind.label().to_lowercase())}</button>
                </ActionForm>
            </details>
        </section>
    }
}

#[component]
fn Figure(r: PulseResult) -> impl IntoView {
    let shown = match r.figure {
        PulseFigure::TooFew { answered: Some(n) } => {
            view! { <p class="muted">{format!("{n} answered: figures appear from {PULSE_PEOPLE_MIN}.")}</p> }.into_any()
        }
        PulseFigure::TooFew { answered: None } => {
            view! { <p class="muted">"Written answers appear once 10 people have written one."</p> }.into_any()
        }
        PulseFigure::Choices { answered, counts } => view! {
            <ul class="plain-list">
                {counts.into_iter().map(|(label, n)| view! {
                    <li>{format!("{label}: {}", n.map(|n| n.to_string()).unwrap_or_else(|| "hidden (too few)".into()))}</li>
                }).collect_view()}
            </ul>
            <p class="small muted">{format!("{answered} answered.")}</p>
        }.into_any(),
        PulseFigure::Average { answered, mean } => {
            view! { <p>{format!("{mean:.1} out of 5, from {answered} people.")}</p> }.into_any()
        }
        PulseFigure::Nps { answered, score, promoters, passives, detractors } => view! {
            <p>{format!("Net promoter score {score:+}, from {answered} people: {promoters} promoters, {passives} passives, {detractors} detractors.")}</p>
        }.into_any(),
        PulseFigure::Texts { texts, .. } => view! {
            <ul class="plain-list quotes">{texts.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
        }.into_any(),
    };
    view! {
        <dt>{r.prompt.clone()}</dt>
        <dd>{shown}</dd>
    }
}
