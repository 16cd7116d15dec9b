//! Partnership agreements: a pair's own (read, edit, confirm) and the program's template with
//! how far each pair is, which is all its admins see.

use crate::api::agreements::{
    load_agreement, load_agreement_template, ConfirmAgreement, SaveAgreement, SaveAgreementTemplate,
};
use crate::components::by_id::{loaded, resource_by_id};
use crate::components::form::{action_error, Field, FormAlert, Notice, Submit, TextArea};
use crate::components::shell::RequireUser;
use crate::domain::{AgreementInput, AgreementState, Cadence, GUIDANCE_MAX};
use crate::error::AppError;
use crate::models::{AgreementPage, AgreementTemplatePage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The badge of a state, for a pair and for its admins alike.
#[component]
pub fn AgreementBadge(state: AgreementState) -> impl IntoView {
    let class = match state {
        AgreementState::Agreed => "badge badge-ok",
        AgreementState::NotStarted => "badge",
        _ => "badge badge-due",
    };
    view! { <span class=class>{state.label()}</span> }
}

/// The shared terms as form fields named `input[cadence]`, `input[minutes]`, ….
#[component]
fn TermsFields(
    v: AgreementInput,
    /// Field ids, so the pair's form and the template's never clash.
    idp: &'static str,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    let cadence = Cadence::parse(&v.cadence);
    let cadence_id = format!("{idp}-cadence");
    view! {
        <div class="grid-2">
            <div class="field">
                <label for=cadence_id.clone()>"How often we meet"</label>
                <select id=cadence_id name="input[cadence]">
                    {Cadence::ALL.iter().map(|c| view! { <option value=c.as_str() selected=Some(*c) == cadence>{c.label()}</option> }).collect_view()}
                </select>
            </div>
            <Field label="How long a session lasts (minutes)" name="input[minutes]" error_key="minutes" id=format!("{idp}-minutes") value=v.minutes.clone() inputmode="numeric" hint="15 to 180. Brief and regular beats long and rare." error />
        </div>
        <Field label="How we reach each other" name="input[contact]" error_key="contact" id=format!("{idp}-contact") value=v.contact.clone() required=true maxlength=300 error />
        <TextArea label="What stays between us" name="input[confidentiality]" error_key="confidentiality" id=format!("{idp}-confidentiality") value=v.confidentiality.clone() required=true maxlength=1000 rows=3 error />
        <Field label="Review this agreement after (weeks)" name="input[review_weeks]" error_key="review_weeks" id=format!("{idp}-review") value=v.review_weeks.clone() inputmode="numeric" hint="2 to 26." error />
    }
}

#[component]
pub fn AgreementPageView() -> impl IntoView {
    let save = ServerAction::<SaveAgreement>::new();
    let confirm = ServerAction::<ConfirmAgreement>::new();
    let params = use_params_map();
    let group =
        Memo::new(move |_| params.with(|p| p.get("group").and_then(|g| g.parse::<i64>().ok())));
    let page = resource_by_id(
        move || (save.version().get(), confirm.version().get(), group.get()),
        move |id| async move {
            match group.get_untracked() {
                Some(g) => load_agreement(id, g).await,
                None => Err(AppError::NotFound("There is no such page.".into())),
            }
        },
    );
    view! {
        <Title text="Our agreement" />
        <RequireUser render=move |_| view! {
            {loaded(page, move |p: AgreementPage| view! { <Agreement p save confirm /> })}
        } />
    }
}

#[component]
fn Agreement(
    p: AgreementPage,
    save: ServerAction<SaveAgreement>,
    confirm: ServerAction<ConfirmAgreement>,
) -> impl IntoView {
    let save_error = action_error(save);
    let confirm_error = action_error(confirm);
    let (pid, group, version) = (p.program_id, p.group_no, p.version);
    let status = match (p.state, p.confirmed_by_me) {
        (AgreementState::NotStarted, _) => {
            "A draft from the program's template. Change what you like, save it, then both confirm."
                .to_owned()
        }
        (AgreementState::Agreed, _) => format!(
            "You both confirmed this on {}.",
            p.agreed_on.clone().unwrap_or_default()
        ),
        (_, true) => format!(
            "You confirmed this version. Waiting for {}.",
            p.waiting_for.join(", ")
        ),
        (_, false) if p.agreed_on.is_some() => format!(
            "{} changed it after you agreed on {}: read it and confirm again.",
            p.edited_by.clone().unwrap_or_default(),
            p.agreed_on.clone().unwrap_or_default()
        ),
        (_, false) => "Read it through and confirm it, or change it and save.".to_owned(),
    };
    let v = p.input();
    view! {
        <header class="page-head">
            <p class="eyebrow"><a href=format!("/programs/{pid}/pair")>{format!("{} · my pair", p.program_name)}</a></p>
            <h1>"Our agreement"</h1>
            <p class="muted">{format!("How you and {} work together. Only the two of you read it; the program's admins see only whether you have agreed.", p.with)}</p>
        </header>
        <Notice key="saved" message="Saved. Confirm it when it reads right; your partner confirms too." />
        <Notice key="confirmed" message="Confirmed." />
        <section class="card narrow-left" aria-labelledby="agreement-state">
            <h2 id="agreement-state">"Where it stands " <AgreementBadge state=p.state /></h2>
            <p>{status}</p>
            {p.review_on.clone().map(|d| view! { <p class="small muted">{format!("Review it together around {d}.")}</p> })}
            <FormAlert error=confirm_error />
            {(version > 0 && !p.confirmed_by_me).then(|| view! {
                <ActionForm action=confirm>
                    <input type="hidden" name="program_id" value=pid />
                    <input type="hidden" name="group_no" value=group />
                    <input type="hidden" name="version" value=version />
                    <Submit action=confirm label="Confirm this agreement" busy="Confirming…" />
                </ActionForm>
            })}
        </section>
        {(!p.guidance_html.is_empty()).then(|| view! {
            <section class="card narrow-left" aria-labelledby="guidance">
                <h2 id="guidance">"From the program"</h2>
                <div class="prose" inner_html=p.guidance_html.clone()></div>
            </section>
        })}
        <section class="card narrow-left" aria-labelledby="terms">
            <h2 id="terms">"The agreement"</h2>
            <FormAlert error=save_error />
            <ActionForm action=save>
                <input type="hidden" name="program_id" value=pid />
                <input type="hidden" name="group_no" value=group />
                <input type="hidden" name="version" value=version />
                <TermsFields v=v.clone() idp="agreement" error=save_error />
                <TextArea label="What I want from this partnership" name="input[hopes]" error_key="hopes" value=v.hopes.clone() maxlength=1000 rows=4 hint="Started from your survey answers and the goals you share." error=save_error />
                {p.their_hopes.iter().map(|(name, hopes)| view! {
                    <div class="field">
                        <p><strong>{format!("What {name} wants from it")}</strong></p>
                        {if hopes.is_empty() {
                            view! { <p class="muted small">"Not written yet."</p> }.into_any()
                        } else {
                            view! { <p class="pre-line">{hopes.clone()}</p> }.into_any()
                        }}
                    </div>
                }).collect_view()}
                <p class="small muted">"Saving a change asks everyone to confirm again."</p>
                <Submit action=save label="Save" busy="Saving…" />
            </ActionForm>
        </section>
    }
}

#[component]
pub fn AgreementTemplateView() -> impl IntoView {
    let save = ServerAction::<SaveAgreementTemplate>::new();
    let page = resource_by_id(move || save.version().get(), load_agreement_template);
    view! {
        <Title text="Partnership agreements" />
        <RequireUser render=move |_| view! {
            {loaded(page, move |p: AgreementTemplatePage| view! { <Template p save /> })}
        } />
    }
}

#[component]
fn Template(p: AgreementTemplatePage, save: ServerAction<SaveAgreementTemplate>) -> impl IntoView {
    let error = action_error(save);
    let pid = p.program_id;
    let agreed = p.agreed();
    let total = p.groups.len();
    view! {
        <header class="page-head">
            <p class="eyebrow"><a href=format!("/programs/{pid}")>{p.program_name.clone()}</a></p>
            <h1>"Partnership agreements"</h1>
            <p class="muted">"When a round is published, each pair starts its agreement from this template: how often and how long they meet, how they reach each other, what stays between them, what each wants from it. You see whether a pair has agreed, never what they wrote."</p>
        </header>
        <Notice key="saved" message="The template is saved. Pairs that have saved their agreement keep theirs." />
        <section class="card narrow-left" aria-labelledby="pairs-state">
            <h2 id="pairs-state">"Pairs"</h2>
            {match p.round {
                None => view! { <p class="muted">"No round is published yet."</p> }.into_any(),
                Some(n) => view! {
                    <p>{format!("Round {n}: {agreed} of {total} groups have agreed.")}</p>
                    <div class="table-wrap"><table>
                        <caption class="visually-hidden">"Agreement of each group"</caption>
                        <thead><tr><th scope="col">"Group"</th><th scope="col">"Agreement"</th></tr></thead>
                        <tbody>
                            {p.groups.iter().map(|g| view! {
                                <tr><td>{g.names.clone()}</td><td><AgreementBadge state=g.state /></td></tr>
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any(),
            }}
        </section>
        <section class="card narrow-left" aria-labelledby="template">
            <h2 id="template">"Template"</h2>
            <FormAlert error />
            <ActionForm action=save>
                <input type="hidden" name="program_id" value=pid />
                <TextArea label="Guidance for pairs" name="guidance" error_key="guidance" value=p.guidance.clone() maxlength=GUIDANCE_MAX rows=6 hint="Markdown: **bold**, lists with -. Shown above each pair's agreement." error />
                <TermsFields v=p.terms.input("") idp="template" error />
                <Submit action=save label="Save template" busy="Saving…" />
            </ActionForm>
        </section>
    }
}
