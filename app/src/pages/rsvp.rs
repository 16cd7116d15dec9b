//! The page behind a personal RSVP link: one tap to answer, on any phone, signed in or not,
//! with or without JavaScript. Opening it changes nothing; answering is a POST.

use crate::api::events::{rsvp_link, AnswerRsvpLink};
use crate::components::answer::{pressed, AnswerView};
use crate::components::by_id::loaded;
use crate::components::form::{action_error, FormAlert};
use crate::models::RsvpLinkView;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn RsvpPage() -> impl IntoView {
    let params = use_params_map();
    let token = Memo::new(move |_| params.with(|p| p.get("token").unwrap_or_default()));
    let answer = ServerAction::<AnswerRsvpLink>::new();
    let error = action_error(answer);
    let view = Resource::new(
        move || (token.get(), answer.version().get()),
        |(token, _)| rsvp_link(token),
    );
    view! {
        <Title text="Your answer" />
        <section class="card narrow rsvp">
            <FormAlert error />
            {loaded(view, move |v: RsvpLinkView| view! { <RsvpCard v token=token.get_untracked() answer /> })}
        </section>
    }
}

#[component]
fn RsvpCard(v: RsvpLinkView, token: String, answer: ServerAction<AnswerRsvpLink>) -> impl IntoView {
    if let Some(problem) = v.problem.clone().filter(|_| v.title.is_empty()) {
        return view! {
            <h1>"This link cannot be used"</h1>
            <p class="alert alert-error" role="alert">{problem}</p>
            <p><a class="btn" href="/sign-in">"Sign in"</a></p>
        }
        .into_any();
    }
    let AnswerView {
        status,
        yes,
        no,
        going,
        declined,
    } = AnswerView::new(Some(v.state.as_str()), v.position, v.lottery_open);
    let seats = v.seats_left.map(|n| match n {
        0 => "No seats left: answering \"going\" puts you on the waitlist.".to_owned(),
        1 => "1 seat left.".to_owned(),
        n => format!("{n} seats left."),
    });
    let open = v.problem.is_none();
    let (t1, t2) = (token.clone(), token);
    view! {
        <p class="eyebrow">{v.kind.clone()}</p>
        <h1>{v.title.clone()}</h1>
        <p class="rsvp-when">{v.when.clone()}</p>
        {(!v.place.is_empty()).then(|| view! { <p>{v.place.clone()}</p> })}
        {(!v.video_url.is_empty()).then(|| view! { <p><a href=v.video_url.clone() rel="noopener noreferrer">"Video link"</a></p> })}
        {v.problem.clone().map(|p| view! { <p class="alert alert-error" role="alert">{p}</p> })}
        <p class="rsvp-for">"For " <strong>{v.name.clone()}</strong></p>
        <p class="rsvp-status" role="status">{status}</p>
        {open.then(|| view! {
            {seats.map(|s| view! { <p class="hint">{s}</p> })}
            <div class="rsvp-actions">
                <ActionForm action=answer>
                    <input type="hidden" name="token" value=t1 />
                    <input type="hidden" name="answer" value="going" />
                    <button type="submit" class="btn btn-primary" aria-pressed=pressed(going)>{yes}</button>
                </ActionForm>
                <ActionForm action=answer>
                    <input type="hidden" name="token" value=t2 />
                    <input type="hidden" name="answer" value="not_going" />
                    <button type="submit" class="btn" aria-pressed=pressed(declined)>{no}</button>
                </ActionForm>
            </div>
        })}
    }
    .into_any()
}
