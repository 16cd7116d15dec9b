//! Joining a program: role, capacity, the survey, and partner preferences. Built for a phone:
//! one column, large tap targets, tags as checkboxes, a scale as five radio buttons.

use crate::api::enrollment::{my_enrollment, Enroll};
use crate::components::by_id::{loaded, resource_by_id};
use crate::components::form::{action_error, field_error, FormAlert, Submit, TextArea};
use crate::components::shell::RequireUser;
use crate::domain::{
    answer_key, Answer, EnrollmentRole, ProgramFormat, Question, QuestionKind, CAPACITY_MAX,
};
use crate::error::AppError;
use crate::models::{EnrollmentPage, PersonRef};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn EnrollPage() -> impl IntoView {
    // Created here, before anything suspends (see `components::by_id`).
    let data = resource_by_id(|| (), my_enrollment);
    view! { <RequireUser render=move |_| loaded(data, |page| view! { <EnrollForm page /> }) /> }
}

fn emails(people: &[PersonRef]) -> String {
    people
        .iter()
        .map(|p| p.email.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

#[component]
fn EnrollForm(page: EnrollmentPage) -> impl IntoView {
    let enroll = ServerAction::<Enroll>::new();
    let error = action_error(enroll);
    let can_edit = page.can_edit();
    let EnrollmentPage {
        program,
        questions,
        enrollment,
        preferred,
        avoid,
        ineligible,
    } = page;
    let pid = program.id;
    let joined = enrollment.is_some();
    let mentor_format = matches!(
        program.format,
        ProgramFormat::MentorMentee | ProgramFormat::Reverse
    );
    let role = enrollment.as_ref().map(|e| e.role);
    let capacity = enrollment.as_ref().map(|e| e.capacity).unwrap_or(1);
    let answers = enrollment.map(|e| e.answers).unwrap_or_default();
    let title = if joined {
        format!("Your enrollment · {}", program.name)
    } else {
        format!("Join {}", program.name)
    };
    let role_err = field_error(error, "role".into());
    let cap_err = field_error(error, "capacity".into());
    view! {
        <Title text=title.clone() />
        <nav class="crumbs" aria-label="Breadcrumb"><a href=format!("/programs/{pid}")>{program.name.clone()}</a></nav>
        <header class="page-head">
            <h1>{if joined { "Your enrollment".to_owned() } else { format!("Join {}", program.name) }}</h1>
            <p class="muted">"Your answers help Tandem find you a good match. Your partner sees why you were matched; only the program admins see your answers."</p>
        </header>
        {ineligible.map(|why| view! { <div class="alert alert-error" role="alert">{why}</div> })}
        {(!can_edit && joined).then(|| view! {
            <div class="alert" role="status">"Enrollment is closed, so your answers can no longer change."</div>
        })}
        <FormAlert error />
        <ActionForm action=enroll attr:class="form" attr:novalidate=true>
            <input type="hidden" name="program_id" value=pid />
            <fieldset class="card" disabled=!can_edit>
                <legend>"Your part"</legend>
                {if mentor_format {
                    view! {
                        <div class="field" class:field-invalid=move || role_err.get().is_some()>
                            <span class="label" id="role-label">"Join as"</span>
                            <div class="choices" role="radiogroup" aria-labelledby="role-label">
                                {EnrollmentRole::CHOICES.into_iter().map(|r| {
                                    let id = format!("role-{}", r.as_str());
                        let for_id = id.clone();
                                    view! {
                                        <label class="choice" for=for_id>
                                            <input type="radio" id=id name="input[role]" value=r.as_str() checked=role == Some(r) required=true />
                                            <span>{r.label()}</span>
                                        </label>
                                    }
                                }).collect_view()}
                            </div>
                            {move || role_err.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                        </div>
                        <div class="field" class:field-invalid=move || cap_err.get().is_some()>
                            <label for="f-capacity">"Mentees you can take on"</label>
                            <p class="hint" id="f-capacity-hint">"Only if you mentor."</p>
                            <select id="f-capacity" name="input[capacity]" aria-describedby="f-capacity-hint">
                                {(1..=CAPACITY_MAX).map(|n| view! { <option value=n selected=n == capacity>{n}</option> }).collect_view()}
                            </select>
                            {move || cap_err.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                        </div>
                    }.into_any()
                } else {
                    view! {
                        <p>{match program.format {
                            ProgramFormat::Circles => "Everyone joins as a peer: you will meet in a small circle.",
                            _ => "Everyone joins as a peer: you will be paired with a colleague at a similar level.",
                        }}</p>
                    }.into_any()
                }}
            </fieldset>
            {(!questions.is_empty()).then(|| view! {
                <fieldset class="card" disabled=!can_edit>
                    <legend>"Survey"</legend>
                    {questions.into_iter().map(|q| {
                        let answer = answers.get(&q.id).cloned();
                        view! { <QuestionField question=q answer error /> }
                    }).collect_view()}
                </fieldset>
            })}
            <fieldset class="card" disabled=!can_edit>
                <legend>"Partners"</legend>
                <TextArea label="People you would like to be matched with" name="input[preferred]" error_key="preferred" value=emails(&preferred) rows=2 hint="Email addresses, separated by commas. Matching tries to honour this; it is not a promise." error />
                <TextArea label="People you should not be matched with" name="input[avoid]" error_key="avoid" value=emails(&avoid) rows=2 hint="Confidential: nobody sees this list, not even the program admins. Tandem never matches you with these people." error />
            </fieldset>
            {can_edit.then(|| view! {
                <div class="form-actions sticky-actions">
                    <Submit action=enroll label=if joined { "Save my answers" } else { "Join the program" } busy="Saving…" />
                </div>
            })}
        </ActionForm>
    }
}

/// One survey question as a form field, with its saved answer filled in.
#[component]
fn QuestionField(
    question: Question,
    answer: Option<Answer>,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let key = answer_key(question.id, None);
    let message = field_error(error, key.clone());
    let label_id = format!("{key}-label");
    let err_id = format!("{key}-error");
    let hint_id = format!("{key}-hint");
    let described = {
        let (err_id, hint_id, has_hint) =
            (err_id.clone(), hint_id.clone(), !question.help.is_empty());
        move || {
            if message.get().is_some() {
                Some(err_id.clone())
            } else {
                has_hint.then(|| hint_id.clone())
            }
        }
    };
    let name = format!("answers[{key}]");
    let input = match question.kind {
        QuestionKind::Single => {
            let chosen = match &answer {
                Some(Answer::Choice(c)) => Some(c.clone()),
                _ => None,
            };
            view! {
                <div class="choices" role="radiogroup" aria-labelledby=label_id.clone() aria-describedby=described.clone()>
                    {question.options.iter().map(|o| {
                        let id = format!("{key}-{}", o.id);
                        let for_id = id.clone();
                        view! {
                            <label class="choice" for=for_id>
                                <input type="radio" id=id name=name.clone() value=o.id.clone() checked=chosen.as_deref() == Some(o.id.as_str()) />
                                <span>{o.label.clone()}</span>
                            </label>
                        }
                    }).collect_view()}
                </div>
            }.into_any()
        }
        QuestionKind::Multi => {
            let chosen = match &answer {
                Some(Answer::Choices(c)) => c.clone(),
                _ => Vec::new(),
            };
            view! {
                <div class="choices tags-input" role="group" aria-labelledby=label_id.clone() aria-describedby=described.clone()>
                    {question.options.iter().map(|o| {
                        let id = format!("{key}-{}", o.id);
                        let for_id = id.clone();
                        view! {
                            <label class="choice" for=for_id>
                                <input type="checkbox" id=id name=format!("answers[{}]", answer_key(question.id, Some(&o.id))) value="on" checked=chosen.contains(&o.id) />
                                <span>{o.label.clone()}</span>
                            </label>
                        }
                    }).collect_view()}
                </div>
            }.into_any()
        }
        QuestionKind::Scale => {
            let chosen = match &answer {
                Some(Answer::Scale(n)) => Some(*n),
                _ => None,
            };
            view! {
                <div class="choices scale" role="radiogroup" aria-labelledby=label_id.clone() aria-describedby=described.clone()>
                    {(1u8..=5).map(|n| {
                        let id = format!("{key}-{n}");
                        let for_id = id.clone();
                        view! {
                            <label class="choice" for=for_id>
                                <input type="radio" id=id name=name.clone() value=n checked=chosen == Some(n) />
                                <span>{n}</span>
                            </label>
                        }
                    }).collect_view()}
                </div>
                <p class="hint scale-ends" aria-hidden="true"><span>"1: not at all"</span><span>"5: very much"</span></p>
            }.into_any()
        }
        QuestionKind::Text => {
            let text = match &answer {
                Some(Answer::Text(t)) => t.clone(),
                _ => String::new(),
            };
            view! {
                <input type="text" id=key.clone() name=name.clone() value=text maxlength=500 aria-labelledby=label_id.clone() aria-describedby=described.clone() aria-invalid=move || message.get().is_some().then_some("true") />
            }.into_any()
        }
    };
    let label = if question.kind == QuestionKind::Text {
        view! { <label id=label_id.clone() for=key.clone() class="label">{question.prompt.clone()} {(!question.required).then(|| view! { <span class="optional">" (optional)"</span> })}</label> }.into_any()
    } else {
        view! { <span id=label_id.clone() class="label">{question.prompt.clone()} {(!question.required).then(|| view! { <span class="optional">" (optional)"</span> })}</span> }.into_any()
    };
    view! {
        <div class="field survey-question" id=format!("question-{}", question.id) class:field-invalid=move || message.get().is_some()>
            {label}
            {(!question.help.is_empty()).then(|| view! { <p class="hint" id=hint_id.clone()>{question.help.clone()}</p> })}
            {input}
            {move || message.get().map(|m| view! { <p class="field-error" id=err_id.clone() role="alert">{m}</p> })}
        </div>
    }
}
