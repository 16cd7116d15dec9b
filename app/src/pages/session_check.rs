//! The page behind a "Did you meet?" link: one tap to say whether a session took place, on
//! any phone, signed in or not, with or without JavaScript. Opening it changes nothing;
//! answering is a POST.

use crate::api::pairs::{session_check, AnswerSessionCheck};
use crate::components::by_id::loaded;
use crate::components::form::{action_error, FormAlert};
use crate::models::SessionCheckView;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn SessionCheckPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let token = Memo::new(move |_| params.with(|p| p.get("token").unwrap_or_default()));
    // The email's "No" link asks with "No" first; everything else offers "Yes" first.
    let offered_no = Memo::new(move |_| query.with(|q| q.get("held").as_deref() == Some("no")));
    let answer = ServerAction::<AnswerSessionCheck>::new();
    let error = action_error(answer);
    let view = Resource::new(
        move || (token.get(), answer.version().get()),
        |(token, _)| session_check(token),
    );
    view! {
        <Title text="Did you meet?" />
        <section class="card narrow rsvp">
            <FormAlert error />
            {loaded(view, move |v: SessionCheckView| view! {
                <CheckCard v token=token.get_untracked() no_first=offered_no.get_untracked() answer />
            })}
        </section>
    }
}

#[component]
fn CheckCard(
    v: SessionCheckView,
    token: String,
    no_first: bool,
    answer: ServerAction<AnswerSessionCheck>,
) -> impl IntoView {
    if let Some(problem) = v.problem.clone() {
        return view! {
            <h1>"This link cannot be used"</h1>
            <p class="alert alert-error" role="alert">{problem}</p>
            <p><a class="btn" href="/sign-in">"Sign in"</a></p>
        }
        .into_any();
    }
    let status = match v.held {
        None => "Nobody has said yet.".to_owned(),
        Some(true) => "Recorded: you met. Thank you.".to_owned(),
        Some(false) => "Recorded: it did not happen.".to_owned(),
    };
    let button = |token: String, value: &'static str, label: &'static str, primary: bool| {
        let class = if primary { "btn btn-primary" } else { "btn" };
        view! {
            <ActionForm action=answer>
                <input type="hidden" name="token" value=token />
                <input type="hidden" name="held" value=value />
                <button type="submit" class=class>{label}</button>
            </ActionForm>
        }
    };
    let yes_first = match v.held {
        Some(held) => !held,
        None => !no_first,
    };
    let yes = button(token.clone(), "yes", "Yes, we met", yes_first);
    let no = button(token, "no", "No, it did not happen", !yes_first);
    let pair = format!("/programs/{}/pair#sessions", v.program_id);
    view! {
        <p class="eyebrow">{v.program_name.clone()}</p>
        <h1>"Did you meet " {v.with.clone()} "?"</h1>
        <p class="rsvp-when">{v.when.clone()}</p>
        <p class="rsvp-for">"For " <strong>{v.name.clone()}</strong></p>
        <p class="rsvp-status" role="status">{status}</p>
        <div class="rsvp-actions">
            {if yes_first { view! { {yes}{no} }.into_any() } else { view! { {no}{yes} }.into_any() }}
        </div>
        <p class="hint">"Your answer counts for the whole group. Notes and private feedback are on "
            <a href=pair>"your pair page"</a> "."</p>
    }
    .into_any()
}
