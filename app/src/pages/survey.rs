//! The survey editor: the questions a program asks when people enroll, how matching uses each
//! one, and their order. Every control is a plain form, so it works with JavaScript off.

use crate::api::survey::{get_survey, question_field, DeleteQuestion, MoveQuestion, SaveQuestion};
use crate::components::by_id::{loaded, resource_by_id};
use crate::components::form::{action_error, Field, FormAlert, Notice, Submit, TextArea};
use crate::components::shell::RequireUser;
use crate::domain::{MatchRule, Question, QuestionKind};
use crate::error::AppError;
use crate::models::SurveyPage;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SurveyEditorPage() -> impl IntoView {
    // Created here, before anything suspends (see `components::by_id`).
    let save = ServerAction::<SaveQuestion>::new();
    let delete = ServerAction::<DeleteQuestion>::new();
    let reorder = ServerAction::<MoveQuestion>::new();
    let data = resource_by_id(
        move || {
            (
                save.version().get(),
                delete.version().get(),
                reorder.version().get(),
            )
        },
        get_survey,
    );
    let actions = SurveyActions {
        save,
        delete,
        reorder,
    };
    view! { <RequireUser render=move |_| loaded(data, move |page| view! { <Survey page actions /> }) /> }
}

#[derive(Clone, Copy)]
struct SurveyActions {
    save: ServerAction<SaveQuestion>,
    delete: ServerAction<DeleteQuestion>,
    reorder: ServerAction<MoveQuestion>,
}

#[component]
fn Survey(page: SurveyPage, actions: SurveyActions) -> impl IntoView {
    let SurveyPage {
        program,
        questions,
        editable,
    } = page;
    let pid = program.id;
    let count = questions.len();
    let others = questions.clone();
    let save_error = action_error(actions.save);
    let delete_error = action_error(actions.delete);
    let move_error = action_error(actions.reorder);
    view! {
        <Title text=format!("Survey · {}", program.name) />
        <nav class="crumbs" aria-label="Breadcrumb"><a href=format!("/programs/{pid}")>{program.name.clone()}</a></nav>
        <header class="page-head">
            <h1>"Enrollment survey"</h1>
            <p class="muted">"People answer these questions when they join. Each question says how matching uses its answers, and its weight says how much it counts."</p>
        </header>
        <Notice key="saved" message="The question has been saved." />
        <Notice key="deleted" message="The question has been removed." />
        <FormAlert error=save_error />
        <FormAlert error=delete_error />
        <FormAlert error=move_error />
        {(!editable).then(|| view! {
            <div class="alert" role="status">"The program has started, so its survey is locked: answers keep the meaning they were given with."</div>
        })}
        {(count == 0).then(|| view! { <section class="card"><p class="muted">"This survey has no questions yet. People will join with their role only."</p></section> })}
        <ol class="question-list">
            {questions.into_iter().enumerate().map(|(i, q)| {
                let others = others.iter().filter(|o| o.id != q.id).cloned().collect::<Vec<_>>();
                view! { <QuestionCard pid question=q others first=i == 0 last=i + 1 == count editable actions /> }
            }).collect_view()}
        </ol>
        {editable.then(|| view! {
            <section class="card" aria-labelledby="add-question">
                <h2 id="add-question">"Add a question"</h2>
                <QuestionForm pid question=None others=others.clone() action=actions.save />
            </section>
        })}
    }
}

/// What a question is, in one line: its kind, its rule and weight, and whether it is required.
fn summary(q: &Question, others: &[Question]) -> String {
    let mut parts = vec![q.kind.label().to_owned()];
    parts.push(match q.rule {
        MatchRule::NotUsed => "not used for matching".to_owned(),
        rule => format!("{} · weight {}", rule.short(), q.weight),
    });
    if let Some(other) = q
        .complements
        .and_then(|c| others.iter().find(|o| o.id == c))
    {
        parts.push(format!("meets \"{}\"", other.prompt));
    }
    parts.push(if q.required { "required" } else { "optional" }.to_owned());
    parts.join(" · ")
}

#[component]
fn QuestionCard(
    pid: i64,
    question: Question,
    others: Vec<Question>,
    first: bool,
    last: bool,
    editable: bool,
    actions: SurveyActions,
) -> impl IntoView {
    let qid = question.id;
    let line = summary(&question, &others);
    let options = question
        .options
        .iter()
        .map(|o| o.label.clone())
        .collect::<Vec<_>>();
    let heading_id = format!("question-{qid}-title");
    let labelled_by = heading_id.clone();
    let up_label = format!("Move \"{}\" up", question.prompt);
    let down_label = format!("Move \"{}\" down", question.prompt);
    // An edit that came back with a message opens its form again.
    let save_error = action_error(actions.save);
    let open = move || {
        save_error.get().is_some_and(|e| {
            matches!(e, AppError::Invalid { field, .. } if field.starts_with(&format!("q{qid}.")))
        })
    };
    view! {
        <li class="card question" id=format!("question-{qid}") aria-labelledby=labelled_by>
            <div class="question-head">
                <div>
                    <h2 class="question-title" id=heading_id>{question.prompt.clone()}</h2>
                    <p class="muted small">{line}</p>
                </div>
                {editable.then(|| view! {
                    <div class="actions-row">
                        <ActionForm action=actions.reorder attr:class="inline-form">
                            <input type="hidden" name="program_id" value=pid />
                            <input type="hidden" name="question_id" value=qid />
                            <input type="hidden" name="direction" value="up" />
                            <button type="submit" class="btn btn-ghost btn-small" disabled=first aria-label=up_label>"↑"</button>
                        </ActionForm>
                        <ActionForm action=actions.reorder attr:class="inline-form">
                            <input type="hidden" name="program_id" value=pid />
                            <input type="hidden" name="question_id" value=qid />
                            <input type="hidden" name="direction" value="down" />
                            <button type="submit" class="btn btn-ghost btn-small" disabled=last aria-label=down_label>"↓"</button>
                        </ActionForm>
                    </div>
                })}
            </div>
            {(!question.help.is_empty()).then(|| view! { <p class="small">{question.help.clone()}</p> })}
            {(!options.is_empty()).then(|| view! {
                <ul class="tags" aria-label="Options">{options.into_iter().map(|o| view! { <li>{o}</li> }).collect_view()}</ul>
            })}
            {editable.then(|| view! {
                <details class="question-edit" open=open>
                    <summary>"Edit this question"</summary>
                    <QuestionForm pid question=Some(question.clone()) others=others.clone() action=actions.save />
                    <ActionForm action=actions.delete attr:class="inline-form danger-zone">
                        <input type="hidden" name="program_id" value=pid />
                        <input type="hidden" name="question_id" value=qid />
                        <button type="submit" class="btn btn-danger btn-small">"Remove this question"</button>
                    </ActionForm>
                </details>
            })}
        </li>
    }
}

/// The form that adds a question (no `question`) or edits one. Field names are
/// `input[...]`; error keys carry the form's identity (see [`question_field`]).
const WEIGHT_HINT: &str =
    "1 to 10: how much this question counts. Questions not used for matching have no weight.";

#[component]
fn QuestionForm(
    pid: i64,
    question: Option<Question>,
    others: Vec<Question>,
    action: ServerAction<SaveQuestion>,
) -> impl IntoView {
    let error = action_error(action);
    let qid = question.as_ref().map(|q| q.id);
    let key = move |f: &str| question_field(qid, f);
    // Element ids must be unique on a page that holds many of these forms.
    let prefix = match qid {
        Some(id) => format!("q{id}"),
        None => "new".into(),
    };
    let kind = question
        .as_ref()
        .map(|q| q.kind)
        .unwrap_or(QuestionKind::Multi);
    let rule = question
        .as_ref()
        .map(|q| q.rule)
        .unwrap_or(MatchRule::Similar);
    let complements = question.as_ref().and_then(|q| q.complements);
    let choice_questions: Vec<Question> = others
        .into_iter()
        .filter(|o| o.kind.has_options())
        .collect();
    let options_text = question
        .as_ref()
        .map(|q| {
            q.options
                .iter()
                .map(|o| o.label.clone())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default();
    let kind_id = format!("{prefix}-kind");
    let rule_id = format!("{prefix}-rule");
    let comp_id = format!("{prefix}-complements");
    let req_id = format!("{prefix}-required");
    let kind_err = crate::components::form::field_error(error, key("kind"));
    let rule_err = crate::components::form::field_error(error, key("rule"));
    let comp_err = crate::components::form::field_error(error, key("complements"));
    view! {
        <ActionForm action attr:class="form" attr:novalidate=true>
            <input type="hidden" name="program_id" value=pid />
            {qid.map(|id| view! { <input type="hidden" name="question_id" value=id /> })}
            <Field label="Question" name="input[prompt]" id=format!("{prefix}-prompt") error_key=key("prompt") value=question.as_ref().map(|q| q.prompt.clone()).unwrap_or_default() required=true maxlength=200 error />
            <Field label="Help text" name="input[help]" id=format!("{prefix}-help") error_key=key("help") value=question.as_ref().map(|q| q.help.clone()).unwrap_or_default() maxlength=500 error />
            <div class="grid-2">
                <div class="field" class:field-invalid=move || kind_err.get().is_some()>
                    <label for=kind_id.clone()>"Kind of answer"</label>
                    <select id=kind_id name="input[kind]">
                        {QuestionKind::ALL.into_iter().map(|k| view! { <option value=k.as_str() selected=k == kind>{k.label()}</option> }).collect_view()}
                    </select>
                    {move || kind_err.get().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <div class="field" class:field-invalid=move || rule_err.get().is_some()>
                    <label for=rule_id.clone()>"How matching uses it"</label>
                    <select id=rule_id name="input[rule]">
                        {MatchRule::ALL.into_iter().map(|r| view! { <option value=r.as_str() selected=r == rule>{r.label()}</option> }).collect_view()}
                    </select>
                    {move || rule_err.get().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
            </div>
            <TextArea label="Options" name="input[options]" id=format!("{prefix}-options") error_key=key("options") value=options_text rows=5 required=true hint="Needed for single and multiple choice: one option per line. Renaming an option clears it from answers already given." error />
            <div class="grid-2">
                <Field label="Weight" name="input[weight]" id=format!("{prefix}-weight") error_key=key("weight") value=question.as_ref().map(|q| q.weight.max(1).to_string()).unwrap_or_else(|| "1".into()) inputmode="numeric" hint=WEIGHT_HINT error />
                <div class="field" class:field-invalid=move || comp_err.get().is_some()>
                    <label for=comp_id.clone()>"Meets the answers of" <span class="optional">" (complementary only)"</span></label>
                    <select id=comp_id name="input[complements]">
                        <option value="" selected=complements.is_none()>"—"</option>
                        {choice_questions.into_iter().map(|o| view! { <option value=o.id selected=complements == Some(o.id)>{o.prompt}</option> }).collect_view()}
                    </select>
                    {move || comp_err.get().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
            </div>
            <div class="field field-check">
                <input type="checkbox" id=req_id.clone() name="input[required]" checked=question.as_ref().is_some_and(|q| q.required) />
                <label for=req_id>"People must answer this question"</label>
            </div>
            <div class="form-actions">
                <Submit action label=if qid.is_some() { "Save question" } else { "Add question" } busy="Saving…" />
            </div>
        </ActionForm>
    }
}
