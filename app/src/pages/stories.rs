//! Success stories: a participant's stories of the rounds they were in, each with the readers
//! they choose; and a program's stories for its admins, who choose which of those allowed in
//! the company report appear there.

use crate::api::stories::{my_stories, program_stories, FeatureStory, SaveStory};
use crate::components::by_id::{loaded, resource_by_id};
use crate::components::form::{action_error, field_error, FormAlert, Notice, Submit, TextArea};
use crate::components::shell::{ErrorCard, Loading, RequireUser};
use crate::domain::{StoryReaders, STORY_MAX};
use crate::models::{ProgramStoriesPage, StoriesPage, StoryCard, StoryRound};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn StoriesView() -> impl IntoView {
    let save = ServerAction::<SaveStory>::new();
    let page = Resource::new(move || save.version().get(), |_| my_stories());
    view! {
        <Title text="Your stories" />
        <RequireUser render=move |_| view! {
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => view! { <Mine p save /> }.into_any(),
                        Err(error) => view! { <ErrorCard error /> }.into_any(),
                    }
                })}
            </Suspense>
        } />
    }
}

#[component]
fn Mine(p: StoriesPage, save: ServerAction<SaveStory>) -> impl IntoView {
    view! {
        <header class="page-head">
            <h1>"Your stories"</h1>
            <p class="muted">"As a round ends, say what changed for you. You choose who reads it: nobody sees a story you keep to yourself."</p>
        </header>
        <Notice key="saved" message="Your story is saved, for the readers you chose." />
        {if p.rounds.is_empty() {
            view! { <p class="card narrow-left muted">"Once you are matched in a program, you can tell the story of each round here."</p> }.into_any()
        } else {
            p.rounds.into_iter().map(|r| view! { <RoundStory r save /> }).collect_view().into_any()
        }}
    }
}

#[component]
fn RoundStory(r: StoryRound, save: ServerAction<SaveStory>) -> impl IntoView {
    let error = action_error(save);
    let readers_error = field_error(error, "readers".into());
    let id = r.round_id;
    let heading = format!("{} · round {}", r.program, r.round_number);
    let title_id = format!("round-{id}-title");
    let labelled_by = title_id.clone();
    view! {
        <section class="card narrow-left story" id=format!("round-{id}") aria-labelledby=labelled_by>
            <h2 id=title_id>{heading}</h2>
            {if !r.open {
                view! { <p class="muted">{format!("You can write this round's story from {}; it ends {}.", r.opens_on, r.ends_on)}</p> }.into_any()
            } else {
                let chosen = r.readers.unwrap_or(StoryReaders::Nobody);
                view! {
                    {r.featured.then(|| view! { <p class="badge badge-ok">"Chosen for the company report"</p> })}
                    <FormAlert error />
                    <ActionForm action=save attr:class="form" attr:novalidate=true>
                        <input type="hidden" name="round_id" value=id />
                        <TextArea label="Your story" name="input[body]" error_key="body" value=r.body.clone() maxlength=STORY_MAX required=true rows=5 id=format!("f-story-{id}") hint="What you learned, what you did together, what changed at work." error />
                        <fieldset class="field" class:field-invalid=move || readers_error.get().is_some()>
                            <legend>"Who may read it"</legend>
                            <div class="choices">
                                {StoryReaders::ALL.iter().map(|k| {
                                    let input_id = format!("f-readers-{id}-{}", k.as_str());
                                    let label_for = input_id.clone();
                                    view! {
                                        <label class="choice" for=label_for>
                                            <input type="radio" id=input_id name="input[readers]" value=k.as_str() checked=*k == chosen />
                                            {k.label()}
                                        </label>
                                    }
                                }).collect_view()}
                            </div>
                            {move || readers_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                        </fieldset>
                        <div class="form-actions">
                            <Submit action=save label="Save story" busy="Saving…" />
                        </div>
                    </ActionForm>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn ProgramStoriesView() -> impl IntoView {
    let feature = ServerAction::<FeatureStory>::new();
    let page = resource_by_id(move || feature.version().get(), program_stories);
    view! {
        <Title text="Stories" />
        <RequireUser render=move |_| view! {
            {loaded(page, move |p: ProgramStoriesPage| view! { <Curate p feature /> })}
        } />
    }
}

#[component]
fn Curate(p: ProgramStoriesPage, feature: ServerAction<FeatureStory>) -> impl IntoView {
    let error = action_error(feature);
    let pid = p.program_id;
    view! {
        <header class="page-head">
            <p class="eyebrow"><a href=format!("/programs/{pid}")>{p.program_name.clone()}</a></p>
            <h1>"Stories"</h1>
            <p class="muted">"Stories participants opened to the program's admins. Only those their authors let into the company report can be chosen for it; a story without its author's name stays without it."</p>
        </header>
        <Notice key="featured" message="The story will appear in the company report." />
        <Notice key="unfeatured" message="The story is out of the company report." />
        <FormAlert error />
        {if p.stories.is_empty() {
            view! { <p class="card narrow-left muted">"No stories yet. Participants can write one from two weeks before their round ends."</p> }.into_any()
        } else {
            view! {
                <ul class="plain-list story-list">
                    {p.stories.into_iter().map(|s| view! { <StoryItem s pid feature /> }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

#[component]
fn StoryItem(s: StoryCard, pid: i64, feature: ServerAction<FeatureStory>) -> impl IntoView {
    let author = s
        .author
        .clone()
        .unwrap_or_else(|| "Without a name".to_owned());
    let who = s.author.clone().unwrap_or_else(|| "this author".to_owned());
    let id = s.id;
    view! {
        <li class="card story" id=format!("story-{id}")>
            <p>
                <strong>{author}</strong>
                <span class="small muted">{format!(" · round {} · {}", s.round_number, s.day)}</span>
                <span class="badge">{s.readers.label()}</span>
                {s.featured.then(|| view! { <span class="badge badge-ok">"In the report"</span> })}
            </p>
            <blockquote class="pre-line">{s.body.clone()}</blockquote>
            {s.readers.in_report().then(|| {
                let (choice, label) = if s.featured {
                    ("unfeature", "Take out of the report")
                } else {
                    ("feature", "Put in the report")
                };
                let whose = format!(" (the story by {who})");
                view! {
                    <ActionForm action=feature attr:class="inline-form">
                        <input type="hidden" name="program_id" value=pid />
                        <input type="hidden" name="story_id" value=id />
                        <input type="hidden" name="choice" value=choice />
                        <button type="submit" class="btn btn-small">{label}<span class="visually-hidden">{whose}</span></button>
                    </ActionForm>
                }
            })}
        </li>
    }
}
