//! Recognition: my badges, thanking someone I was matched with, the thanks I received (each
//! shown to colleagues only if I choose) and gave; and a colleague's page, with their badges
//! and the thanks they chose to show.

use super::CertificateChoices;
use crate::api::recognition::{my_recognition, GiveKudos, ShowKudos};
use crate::components::by_id::{loaded, resource_by_id};
use crate::components::form::{action_error, field_error, FormAlert, Notice, Submit, TextArea};
use crate::components::shell::{ErrorCard, Loading, RequireUser};
use crate::domain::{EarnedBadge, KudosCategory, KUDOS_NOTE_MAX};
use crate::models::{KudosLine, PersonRecognition, RecognitionPage, ThankableOption};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn RecognitionView() -> impl IntoView {
    let give = ServerAction::<GiveKudos>::new();
    let show = ServerAction::<ShowKudos>::new();
    let page = Resource::new(
        move || (give.version().get(), show.version().get()),
        |_| my_recognition(),
    );
    view! {
        <Title text="Recognition" />
        <RequireUser render=move |_| view! {
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => view! { <Mine p give show /> }.into_any(),
                        Err(error) => view! { <ErrorCard error /> }.into_any(),
                    }
                })}
            </Suspense>
        } />
    }
}

#[component]
pub fn PersonRecognitionView() -> impl IntoView {
    let page = resource_by_id(|| (), crate::api::recognition::load_person_recognition);
    view! {
        <Title text="Recognition" />
        <RequireUser render=move |_| view! {
            {loaded(page, move |p: PersonRecognition| view! { <Theirs p /> })}
        } />
    }
}

#[component]
fn Badges(badges: Vec<EarnedBadge>, #[prop(into)] none: String) -> impl IntoView {
    if badges.is_empty() {
        return view! { <p class="muted">{none}</p> }.into_any();
    }
    view! {
        <ul class="plain-list badge-list">
            {badges.into_iter().map(|b| view! {
                <li class="earned-badge">
                    <span class="badge-mark" aria-hidden="true">"★"</span>
                    <span><strong>{b.badge.label()}</strong><span class="small muted">{format!(" · {}", b.because)}</span></span>
                </li>
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn KudosItem(
    k: KudosLine,
    received: bool,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let who = if received { "From " } else { "To " };
    view! {
        <li class="kudos">
            <p>
                <span class="badge">{k.category.label()}</span>
                " " {who}<a href=format!("/recognition/{}", k.person_id)>{k.person.clone()}</a>
                <span class="small muted">{format!(" · {} · {}", k.program, k.day)}</span>
            </p>
            <blockquote class="pre-line">{k.note.clone()}</blockquote>
            {children.map(|c| c())}
        </li>
    }
}

#[component]
fn Mine(
    p: RecognitionPage,
    give: ServerAction<GiveKudos>,
    show: ServerAction<ShowKudos>,
) -> impl IntoView {
    let show_error = action_error(show);
    view! {
        <header class="page-head">
            <h1>"Recognition"</h1>
            <p class="muted">"Your badges, and the thanks you give and receive."</p>
            <p class="small"><a href=format!("/recognition/{}", p.user_id)>"See your page as colleagues do"</a></p>
            <p class="small"><a href="/stories">"Tell the story of a round"</a></p>
        </header>
        <Notice key="thanked" message="Thank you sent. They can read it on their recognition page." />
        <Notice key="shown" message="Colleagues can now read this thank-you on your page." />
        <Notice key="hidden" message="This thank-you is now between the two of you." />
        <div class="recognition-grid">
            <section class="card" aria-labelledby="badges-title">
                <h2 id="badges-title">"Badges"</h2>
                <Badges badges=p.badges.clone() none="No badges yet: they come as you meet, set goals and host." />
                {(!p.to_come.is_empty()).then(|| view! {
                    <details class="to-come">
                        <summary>{format!("Still to earn ({})", p.to_come.len())}</summary>
                        <ul class="small">
                            {p.to_come.iter().map(|b| view! { <li><strong>{b.label()}</strong>{format!(": {}", b.how_to_earn())}</li> }).collect_view()}
                        </ul>
                    </details>
                })}
            </section>
            <ThankForm options=p.thankable.clone() give />
        </div>
        <CertificateChoices />
        <section class="card" id="received" aria-labelledby="received-title">
            <h2 id="received-title">"Thanks you received"</h2>
            <p class="small muted">"Only you and the sender read a thank-you, unless you show it to colleagues on your page."</p>
            <FormAlert error=show_error />
            {if p.received.is_empty() {
                view! { <p class="muted">"Nothing yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list kudos-list">
                        {p.received.into_iter().map(|k| {
                            // Short on screen; the hidden words tell a screen reader whose thanks.
                            let (choice, label, state) = if k.shown {
                                ("hide", "Keep between you", "Shown to colleagues")
                            } else {
                                ("show", "Show to colleagues", "Only the two of you")
                            };
                            let whose = format!(" (the thanks from {})", k.person);
                            let id = k.id;
                            view! {
                                <KudosItem k received=true>
                                    <ActionForm action=show attr:class="inline-form">
                                        <input type="hidden" name="kudos_id" value=id />
                                        <input type="hidden" name="choice" value=choice />
                                        <span class="small muted">{state} " "</span>
                                        <button type="submit" class="btn btn-small">{label}<span class="visually-hidden">{whose}</span></button>
                                    </ActionForm>
                                </KudosItem>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <section class="card" id="given" aria-labelledby="given-title">
            <h2 id="given-title">"Thanks you gave"</h2>
            {if p.given.is_empty() {
                view! { <p class="muted">"Nothing yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list kudos-list">
                        {p.given.into_iter().map(|k| view! { <KudosItem k received=false /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn ThankForm(options: Vec<ThankableOption>, give: ServerAction<GiveKudos>) -> impl IntoView {
    let error = action_error(give);
    let to_error = field_error(error, "to".into());
    let category_error = field_error(error, "category".into());
    view! {
        <section class="card" id="thank" aria-labelledby="thank-title">
            <h2 id="thank-title">"Thank someone"</h2>
            {if options.is_empty() {
                view! { <p class="muted">"Once you are matched with someone, you can thank them here."</p> }.into_any()
            } else {
                view! {
                    <FormAlert error />
                    <ActionForm action=give attr:class="form" attr:novalidate=true>
                        <div class="field" class:field-invalid=move || to_error.get().is_some()>
                            <label for="f-kudos-to">"Who"</label>
                            <select id="f-kudos-to" name="input[to]">
                                {options.iter().map(|o| view! { <option value=o.value.clone()>{o.label.clone()}</option> }).collect_view()}
                            </select>
                            {move || to_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                        </div>
                        <div class="field" class:field-invalid=move || category_error.get().is_some()>
                            <label for="f-kudos-category">"For"</label>
                            <select id="f-kudos-category" name="input[category]">
                                {KudosCategory::ALL.iter().map(|c| view! { <option value=c.as_str()>{c.label()}</option> }).collect_view()}
                            </select>
                            {move || category_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                        </div>
                        <TextArea label="What they did" name="input[note]" error_key="note" maxlength=KUDOS_NOTE_MAX required=true rows=3 hint="They read it; nobody else does unless they choose." error />
                        <div class="form-actions">
                            <Submit action=give label="Send thanks" busy="Sending…" />
                        </div>
                    </ActionForm>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn Theirs(p: PersonRecognition) -> impl IntoView {
    let name = p.name.clone();
    view! {
        <header class="page-head">
            <p class="eyebrow">"Recognition"</p>
            <h1>{p.name.clone()}</h1>
            {p.own.then(|| view! { <p class="small"><a href="/recognition">"Choose which thanks colleagues see"</a></p> })}
        </header>
        <section class="card" aria-labelledby="their-badges">
            <h2 id="their-badges">"Badges"</h2>
            <Badges badges=p.badges none=format!("{name} has no badges yet.") />
        </section>
        <section class="card" aria-labelledby="their-thanks">
            <h2 id="their-thanks">"Thanks they chose to show"</h2>
            {if p.kudos.is_empty() {
                view! { <p class="muted">"None shown."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list kudos-list">
                        {p.kudos.into_iter().map(|k| view! { <KudosItem k received=true /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
