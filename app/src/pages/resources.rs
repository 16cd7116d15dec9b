//! The resource hub: search (a plain GET form, sent as you type by an island),
//! recommendations and bookmarks; a resource's page; and the admins' form and list.

use crate::api::resources::{
    load_managed_resources, load_resource, load_resource_hub, load_resource_tags, resource_form,
    BookmarkResource, MarkHelpful, SaveResource, SetResourceStatus, UseGoalTemplate,
};
use crate::components::by_id::{loaded, resource_by_id};
use crate::components::form::{
    action_error, field_error, query_error, Field, FormAlert, Notice, Submit, TextArea,
};
use crate::components::shell::{encode_query, ErrorCard, Loading, RequireUser};
use crate::domain::{Audience, GoalCategory, Publication, ResourceKind, QUERY_MAX};
use crate::islands::resources::{SearchAsYouType, RESULTS, STATUS};
use crate::models::{ResourceCard, ResourceFormPage, ResourceHub, ResourcePage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The filters of the hub's address.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Search {
    q: String,
    kind: String,
    tag: String,
    audience: String,
}

#[component]
pub fn ResourcesPage() -> impl IntoView {
    let query = use_query_map();
    let search = Memo::new(move |_| {
        query.with(|q| Search {
            q: q.get("q").unwrap_or_default(),
            kind: q.get("kind").unwrap_or_default(),
            tag: q.get("tag").unwrap_or_default(),
            audience: q.get("audience").unwrap_or_default(),
        })
    });
    let hub = Resource::new(
        move || search.get(),
        |s| {
            let some = |v: String| (!v.trim().is_empty()).then_some(v);
            load_resource_hub(some(s.q), some(s.kind), some(s.tag), some(s.audience))
        },
    );
    // Created here, beside `hub`, not inside the signed-in view: a resource first created
    // inside a suspended view is numbered differently in the browser, and hydration then
    // meets markers it did not expect.
    let tags = Resource::new(|| (), |_| load_resource_tags());
    view! {
        <Title text="Resources" />
        <RequireUser render=move |me| {
            let manager = me.role.at_least(crate::domain::Role::ProgramAdmin);
            view! {
                <header class="page-head page-head-actions">
                    <div>
                        <h1>"Resources"</h1>
                        <p class="muted">"Guides, goal templates and discussion prompts for mentoring well."</p>
                    </div>
                    {manager.then(|| view! {
                        <div class="actions">
                            <a class="btn" href="/resources/manage">"Manage"</a>
                            <a class="btn btn-primary" href="/resources/new">"New resource"</a>
                        </div>
                    })}
                </header>
                <SearchAsYouType>
                    <SearchForm search tags />
                    <Transition fallback=Loading>
                        {move || Suspend::new(async move {
                            match hub.await {
                                Ok(h) => view! { <HubResults h /> }.into_any(),
                                Err(error) => match error.clone() {
                                    crate::error::AppError::Invalid { message, .. } => view! {
                                        <p id=STATUS class="visually-hidden" role="status" aria-live="polite"></p>
                                        <div id=RESULTS><div class="alert alert-error" role="alert">{message}</div></div>
                                    }.into_any(),
                                    _ => view! { <ErrorCard error /> }.into_any(),
                                },
                            }
                        })}
                    </Transition>
                </SearchAsYouType>
            }
        } />
    }
}

/// The search box and filters: a GET form, so it works without JavaScript; the island around
/// it (`islands::resources`) sends it as the typing pauses.
#[component]
fn SearchForm(
    search: Memo<Search>,
    tags: Resource<Result<Vec<(String, i64)>, crate::error::AppError>>,
) -> impl IntoView {
    let initial = search.get_untracked();
    let chosen_tag = initial.tag.clone();
    // The tag filter lists the tags in use, loaded once with the page.
    let tag_field = move || {
        let chosen = chosen_tag.clone();
        Suspend::new(async move {
            let mut list = tags.await.unwrap_or_default();
            if !chosen.is_empty() && !list.iter().any(|(t, _)| *t == chosen) {
                list.insert(0, (chosen.clone(), 0));
            }
            view! {
                <div class="field">
                    <label for="f-tag">"Tag"</label>
                    <select id="f-tag" name="tag">
                        <option value="">"Any tag"</option>
                        {list.into_iter().map(|(t, n)| {
                            let selected = t == chosen;
                            let label = if n > 0 { format!("{t} ({n})") } else { t.clone() };
                            view! { <option value=t selected=selected>{label}</option> }
                        }).collect_view()}
                    </select>
                </div>
            }
        })
    };
    view! {
        <form class="search card" method="get" action="/resources" role="search">
            <div class="field search-field">
                <label for="f-q">"Search resources"</label>
                <input id="f-q" type="search" name="q" value=initial.q.clone() maxlength=QUERY_MAX
                    placeholder="feedback, first session, goals…" autocomplete="off"
                    aria-describedby=STATUS />
            </div>
            <div class="search-filters">
                <div class="field">
                    <label for="f-kind">"Kind"</label>
                    <select id="f-kind" name="kind">
                        <option value="">"Any kind"</option>
                        {ResourceKind::ALL.iter().map(|k| view! { <option value=k.as_str() selected=k.as_str() == initial.kind>{k.label()}</option> }).collect_view()}
                    </select>
                </div>
                <Transition fallback=|| ()>{tag_field}</Transition>
                <div class="field">
                    <label for="f-audience">"For"</label>
                    <select id="f-audience" name="audience">
                        <option value="">"Anyone"</option>
                        {Audience::ALL.iter().map(|a| view! { <option value=a.as_str() selected=a.as_str() == initial.audience>{a.label()}</option> }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="btn btn-primary">"Search"</button>
            </div>
        </form>
    }
}

#[component]
fn HubResults(h: ResourceHub) -> impl IntoView {
    let count = h.results.len();
    let status = if h.searched {
        match (count, h.query.trim().is_empty()) {
            (0, false) => format!(
                "Nothing matches “{}”. Try fewer or shorter words.",
                h.query.trim()
            ),
            (0, true) => "Nothing matches these filters.".to_owned(),
            (1, _) => "1 resource found".to_owned(),
            (n, _) => format!("{n} resources found"),
        }
    } else {
        String::new()
    };
    view! {
        <p id=STATUS class="muted search-status" role="status" aria-live="polite">{status}</p>
        <div id=RESULTS>
        {(!h.searched && !h.bookmarks.is_empty()).then(|| view! {
            <section aria-labelledby="saved-head">
                <h2 id="saved-head">"Your bookmarks"</h2>
                <ul class="resource-list" aria-label="Your bookmarks">
                    {h.bookmarks.into_iter().map(|c| view! { <ResourceItem c /> }).collect_view()}
                </ul>
            </section>
        })}
        {(!h.searched && !h.recommended.is_empty()).then(|| view! {
            <section aria-labelledby="recommended-head">
                <h2 id="recommended-head">"Recommended for you"</h2>
                <ul class="resource-list" aria-label="Recommended for you">
                    {h.recommended.into_iter().map(|c| view! { <ResourceItem c /> }).collect_view()}
                </ul>
            </section>
        })}
        <section aria-labelledby="results-head">
            <h2 id="results-head" class:visually-hidden=h.searched>{if h.searched { "Results" } else { "Newest" }}</h2>
            {(count == 0 && !h.searched).then(|| view! {
                <section class="card"><p class="muted">"No resources are published yet."</p></section>
            })}
            <ul class="resource-list" aria-label=if h.searched { "Search results" } else { "Newest resources" }>
                {h.results.into_iter().map(|c| view! { <ResourceItem c /> }).collect_view()}
            </ul>
        </section>
        </div>
    }
}

/// A snippet with its matched words highlighted, built from text parts (never as HTML).
#[component]
fn Snippet(parts: Vec<(String, bool)>) -> impl IntoView {
    view! {
        <p class="snippet">
            {parts.into_iter().map(|(text, marked)| if marked {
                view! { <mark>{text}</mark> }.into_any()
            } else {
                text.into_any()
            }).collect_view()}
        </p>
    }
}

#[component]
fn ResourceItem(c: ResourceCard) -> impl IntoView {
    let href = format!("/resources/{}", c.id);
    let summary = if c.snippet.is_empty() {
        view! { <p class="summary">{c.summary.clone()}</p> }.into_any()
    } else {
        view! { <Snippet parts=c.snippet.clone() /> }.into_any()
    };
    view! {
        <li class="resource-card">
            <p class="eyebrow">
                <span class=format!("kind kind-{}", c.kind.as_str())>{c.kind.label()}</span>
                {(c.kind == ResourceKind::Guide).then(|| format!(" · {} min read", c.reading_minutes))}
                {(c.status != Publication::Published).then(|| view! { <span class="badge">{c.status.label()}</span> })}
            </p>
            <h3><a href=href>{if c.title_parts.is_empty() {
                c.title.clone().into_any()
            } else {
                c.title_parts.clone().into_iter().map(|(text, marked)| if marked {
                    view! { <mark>{text}</mark> }.into_any()
                } else {
                    text.into_any()
                }).collect_view().into_any()
            }}</a></h3>
            {c.reason.clone().map(|r| view! { <p class="reason small">{r}</p> })}
            {summary}
            <p class="resource-meta small muted">
                {c.bookmarked.then(|| view! { <span class="bookmarked">"★ Bookmarked · "</span> })}
                {format!("For {}", c.audience.to_lowercase())}
                {(c.helpful > 0).then(|| format!(" · {} found it helpful", c.helpful))}
            </p>
            <TagLinks tags=c.tags.clone() />
        </li>
    }
}

/// A resource's tags, each a link to the hub filtered by it.
#[component]
fn TagLinks(tags: Vec<String>) -> impl IntoView {
    (!tags.is_empty()).then(|| {
        view! {
            <p class="tags">
                {tags.iter().map(|t| view! { <a class="chip" href=format!("/resources?tag={}", encode_query(t))>{format!("#{t}")}</a> }).collect_view()}
            </p>
        }
    })
}

#[component]
pub fn ResourceDetailPage() -> impl IntoView {
    let bookmark = ServerAction::<BookmarkResource>::new();
    let helpful = ServerAction::<MarkHelpful>::new();
    let status = ServerAction::<SetResourceStatus>::new();
    let use_template = ServerAction::<UseGoalTemplate>::new();
    let page = resource_by_id(
        move || {
            (
                bookmark.version().get(),
                helpful.version().get(),
                status.version().get(),
            )
        },
        load_resource,
    );
    let error = Signal::derive(move || {
        action_error(bookmark)
            .get()
            .or_else(|| action_error(helpful).get())
            .or_else(|| action_error(status).get())
            .or_else(|| action_error(use_template).get())
            .or_else(|| query_error().get())
    });
    view! {
        <Title text="Resource" />
        <RequireUser render=move |_| view! {
            <Notice key="saved" message="Saved." />
            <Notice key="uploaded" message="The file is uploaded." />
            <FormAlert error />
            {loaded(page, move |p: ResourcePage| view! { <ResourceDetail p bookmark helpful status use_template error /> })}
        } />
    }
}

#[component]
fn ResourceDetail(
    p: ResourcePage,
    bookmark: ServerAction<BookmarkResource>,
    helpful: ServerAction<MarkHelpful>,
    status: ServerAction<SetResourceStatus>,
    use_template: ServerAction<UseGoalTemplate>,
    error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    let c = p.card.clone();
    let id = c.id;
    let kind = c.kind;
    let title = c.title.clone();
    let (bookmark_label, helpful_label) = (
        if c.bookmarked {
            "★ Bookmarked"
        } else {
            "☆ Bookmark"
        },
        if p.helpful_mine {
            "✓ Helpful"
        } else {
            "Helpful?"
        },
    );
    let (bookmark_on, helpful_on) = (
        if c.bookmarked { "0" } else { "1" },
        if p.helpful_mine { "0" } else { "1" },
    );
    let helpful_count = match c.helpful {
        0 => String::new(),
        1 => "1 person found this helpful".into(),
        n => format!("{n} people found this helpful"),
    };
    view! {
        <article class="resource">
            <header class="page-head">
                <p class="eyebrow"><a href=format!("/resources?kind={}", kind.as_str())>{kind.label()}</a></p>
                <h1>{title.clone()}</h1>
                {(!c.summary.is_empty()).then(|| view! { <p class="lead">{c.summary.clone()}</p> })}
                <p class="muted small">
                    {format!("By {} · {} · for {}", p.author, p.created, c.audience.to_lowercase())}
                    {(kind == ResourceKind::Guide).then(|| format!(" · {} min read", c.reading_minutes))}
                    {(c.updated != p.created).then(|| format!(" · updated {}", c.updated))}
                </p>
                <TagLinks tags=c.tags.clone() />
            </header>
            {(c.status != Publication::Published).then(|| view! {
                <div class="alert alert-info" role="status">
                    {match c.status {
                        Publication::Draft => "This is a draft: only those who manage resources can see it.",
                        _ => "This resource is archived: it no longer appears in search or lists.",
                    }}
                </div>
            })}
            <div class="resource-actions">
                <ActionForm action=bookmark>
                    <input type="hidden" name="id" value=id.to_string() />
                    <input type="hidden" name="on" value=bookmark_on />
                    <button type="submit" class="btn" aria-pressed=c.bookmarked.to_string()>{bookmark_label}</button>
                </ActionForm>
                <ActionForm action=helpful>
                    <input type="hidden" name="id" value=id.to_string() />
                    <input type="hidden" name="on" value=helpful_on />
                    <button type="submit" class="btn" aria-pressed=p.helpful_mine.to_string()>{helpful_label}</button>
                </ActionForm>
                <span class="muted small">{helpful_count}</span>
            </div>
            {(!p.body_html.is_empty()).then(|| view! { <div class="prose card" inner_html=p.body_html.clone()></div> })}
            {(!p.items.is_empty()).then(|| match kind {
                ResourceKind::Checklist => view! {
                    <section class="card">
                        <h2>"Checklist"</h2>
                        <ul class="checklist">
                            {p.items.iter().enumerate().map(|(i, item)| {
                                let box_id = format!("item-{i}");
                                let label_for = box_id.clone();
                                view! { <li><label class="choice" for=label_for><input type="checkbox" id=box_id />{item.clone()}</label></li> }
                            }).collect_view()}
                        </ul>
                    </section>
                }.into_any(),
                _ => view! {
                    <section class="card">
                        <h2>"Prompts"</h2>
                        <ol class="prompts">{p.items.iter().map(|i| view! { <li>{i.clone()}</li> }).collect_view()}</ol>
                        <PromptsToSession id programs=p.programs.clone() />
                    </section>
                }.into_any(),
            })}
            {(!p.url.is_empty()).then(|| view! {
                <p><a class="btn btn-primary" href=p.url.clone() rel="noopener noreferrer nofollow" target="_blank">"Open the link ↗"</a></p>
                <p class="muted small">{p.url.clone()}</p>
            })}
            {p.file.clone().map(|f| view! {
                <section class="card">
                    {f.image.then(|| view! { <img class="resource-image" src=f.href.clone() alt=title.clone() /> })}
                    <p><a class="btn btn-primary" href=f.href.clone() download=f.name.clone()>{format!("Download {} ({}, {})", f.name, f.type_label, f.size)}</a></p>
                </section>
            })}
            {p.goal.clone().map(|(goal, measure)| view! {
                <section class="card">
                    <h2>"The goal it creates"</h2>
                    <p><strong>{goal}</strong></p>
                    <p class="muted">{measure}</p>
                    <TemplateToGoal id programs=p.programs.clone() use_template error />
                </section>
            })}
            {p.can_edit.then(|| view! { <EditorTools c=c.clone() has_file=p.file.is_some() status /> })}
        </article>
    }
}

/// "Add to my goals": one press puts the template's goal on my board.
#[component]
fn TemplateToGoal(
    id: i64,
    programs: Vec<(i64, String)>,
    use_template: ServerAction<UseGoalTemplate>,
    error: Signal<Option<crate::error::AppError>>,
) -> impl IntoView {
    if programs.is_empty() {
        return view! { <p class="muted">"Join a program to keep goals; then this template adds one to your board."</p> }.into_any();
    }
    let message = field_error(error, "program_id".into());
    view! {
        <ActionForm action=use_template attr:class="inline-form">
            <input type="hidden" name="id" value=id.to_string() />
            {if programs.len() == 1 {
                view! { <input type="hidden" name="program_id" value=programs[0].0.to_string() /> }.into_any()
            } else {
                view! {
                    <label for="f-template-program">"Program"</label>
                    <select id="f-template-program" name="program_id">
                        {programs.iter().map(|(pid, n)| view! { <option value=pid.to_string()>{n.clone()}</option> }).collect_view()}
                    </select>
                }.into_any()
            }}
            <Submit action=use_template label="Add to my goals" busy="Adding…" />
            {move || message.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
        </ActionForm>
    }
    .into_any()
}

/// Opens the pair page with these prompts as the new session's agenda (a GET form).
#[component]
fn PromptsToSession(id: i64, programs: Vec<(i64, String)>) -> impl IntoView {
    match programs.len() {
        0 => view! { <p class="muted small">"Once you are matched in a program, you can add these prompts to a session's agenda."</p> }.into_any(),
        _ => view! {
            <div class="inline-form">
                {programs.into_iter().map(|(pid, name)| view! {
                    <a class="btn" href=format!("/programs/{pid}/pair?prompts={id}#sessions")>{format!("Plan a session with these ({name})")}</a>
                }).collect_view()}
            </div>
        }.into_any(),
    }
}

#[component]
fn EditorTools(
    c: ResourceCard,
    has_file: bool,
    status: ServerAction<SetResourceStatus>,
) -> impl IntoView {
    let id = c.id;
    let moves: Vec<(Publication, &'static str)> = match c.status {
        Publication::Draft => vec![(Publication::Published, "Publish")],
        Publication::Published => vec![
            (Publication::Archived, "Archive"),
            (Publication::Draft, "Back to draft"),
        ],
        Publication::Archived => vec![
            (Publication::Published, "Publish again"),
            (Publication::Draft, "Back to draft"),
        ],
    };
    let upload_error = query_error();
    let file_message = field_error(upload_error, "file".into());
    view! {
        <section class="card editor-tools" aria-labelledby="manage-head">
            <h2 id="manage-head">"Manage"</h2>
            <p class="muted small">{format!("Status: {}", c.status.label())}</p>
            <div class="inline-form">
                <a class="btn" href=format!("/resources/{id}/edit")>"Edit"</a>
                {moves.into_iter().map(|(to, label)| view! {
                    <ActionForm action=status>
                        <input type="hidden" name="id" value=id.to_string() />
                        <input type="hidden" name="status" value=to.as_str() />
                        <button type="submit" class=if to == Publication::Published { "btn btn-primary" } else { "btn" }>{label}</button>
                    </ActionForm>
                }).collect_view()}
            </div>
            {(c.kind == ResourceKind::File).then(|| view! {
                <form method="post" action="/api/resources/upload" enctype="multipart/form-data" class="form upload-form">
                    <input type="hidden" name="id" value=id.to_string() />
                    <div class="field" class:field-invalid=move || file_message.get().is_some()>
                        <label for="f-file">{if has_file { "Replace the file" } else { "Upload the file" }}</label>
                        <p class="hint" id="f-file-hint">"PDF, PNG, JPEG, GIF, WebP, or PowerPoint or OpenDocument slides; up to 10 MB."</p>
                        <input id="f-file" type="file" name="file" required aria-describedby="f-file-hint"
                            accept=".pdf,.png,.jpg,.jpeg,.gif,.webp,.pptx,.odp" />
                        {move || file_message.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                    </div>
                    <button type="submit" class="btn">"Upload"</button>
                </form>
            })}
        </section>
    }
}

#[component]
pub fn NewResourcePage() -> impl IntoView {
    let page = Resource::new(|| (), |_| resource_form(None));
    view! {
        <Title text="New resource" />
        <RequireUser render=move |_| view! {
            {loaded(page, move |p: ResourceFormPage| view! { <ResourceForm p /> })}
        } />
    }
}

#[component]
pub fn EditResourcePage() -> impl IntoView {
    let page = resource_by_id(|| (), |id| resource_form(Some(id)));
    view! {
        <Title text="Edit resource" />
        <RequireUser render=move |_| view! {
            {loaded(page, move |p: ResourceFormPage| view! { <ResourceForm p /> })}
        } />
    }
}

/// The resource form. Fields that only some kinds use sit in sections the stylesheet hides
/// for the other kinds; only the chosen kind's fields are read.
#[component]
fn ResourceForm(p: ResourceFormPage) -> impl IntoView {
    let save = ServerAction::<SaveResource>::new();
    let error = action_error(save);
    let v = p.input.clone();
    let heading = if p.id.is_some() {
        "Edit resource"
    } else {
        "New resource"
    };
    let program_message = field_error(error, "program_id".into());
    view! {
        <header class="page-head">
            <h1>{heading}</h1>
            <p class="muted">"Write in Markdown. New resources start as drafts; publish them from their page."</p>
        </header>
        <section class="card">
            <FormAlert error />
            <ActionForm action=save attr:class="form resource-form" attr:novalidate=true>
                {p.id.map(|id| view! { <input type="hidden" name="id" value=id.to_string() /> })}
                <div class="field">
                    <label for="f-kind-input">"Kind"</label>
                    <select id="f-kind-input" name="input[kind]">
                        {ResourceKind::ALL.iter().map(|k| view! { <option value=k.as_str() selected=k.as_str() == v.kind>{k.label()}</option> }).collect_view()}
                    </select>
                </div>
                <Field label="Title" name="input[title]" error_key="title" value=v.title.clone() required=true maxlength=120 error />
                <TextArea label="Summary" name="input[summary]" error_key="summary" value=v.summary.clone() rows=2 maxlength=300 hint="One or two sentences shown in lists and search." error />
                <div class="for-kind for-guide for-goal_template for-prompt_set for-checklist for-link for-file">
                    <TextArea label="Text (Markdown)" name="input[body]" error_key="body" value=v.body.clone() rows=12 hint="Headings with #, lists with -, links as [words](https://…). Scripts and raw HTML are removed." error />
                </div>
                <div class="for-kind for-prompt_set for-checklist">
                    <TextArea label="Prompts or checklist items" name="input[items]" error_key="items" value=v.items.clone() rows=6 hint="One per line." error />
                </div>
                <div class="for-kind for-link">
                    <Field label="Address" name="input[url]" error_key="url" kind="url" value=v.url.clone() maxlength=500 hint="For links: the https:// address." error />
                </div>
                <fieldset class="for-kind for-goal_template field">
                    <legend>"The goal this template creates"</legend>
                    <Field label="Goal" name="input[goal_title]" error_key="goal_title" value=v.goal_title.clone() maxlength=120 hint="Leave [brackets] for what each person fills in." error />
                    <div class="field">
                        <label for="f-goal-measure">"Measured by"</label>
                        <select id="f-goal-measure" name="input[goal_measure]">
                            <option value="metric" selected=v.goal_measure != "milestones">"A number"</option>
                            <option value="milestones" selected=v.goal_measure == "milestones">"Milestones"</option>
                        </select>
                    </div>
                    <div class="grid-2">
                        <Field label="Unit" name="input[goal_unit]" error_key="goal_unit" value=v.goal_unit.clone() maxlength=40 error />
                        <div class="field">
                            <label for="f-goal-direction">"Better is"</label>
                            <select id="f-goal-direction" name="input[goal_direction]">
                                <option value="up" selected=v.goal_direction != "down">"Higher"</option>
                                <option value="down" selected=v.goal_direction == "down">"Lower"</option>
                            </select>
                        </div>
                        <Field label="Baseline" name="input[goal_baseline]" error_key="goal_baseline" value=v.goal_baseline.clone() inputmode="decimal" error />
                        <Field label="Target" name="input[goal_target]" error_key="goal_target" value=v.goal_target.clone() inputmode="decimal" error />
                    </div>
                    <TextArea label="Milestones" name="input[goal_milestones]" error_key="goal_milestones" value=v.goal_milestones.clone() rows=4 hint="For milestone goals: one per line." error />
                </fieldset>
                <Field label="Tags" name="input[tags]" error_key="tags" value=v.tags.clone() maxlength=400 hint="Comma-separated, like: feedback, first session." error />
                <div class="grid-2">
                    <div class="field">
                        <label for="f-category">"Goal category"</label>
                        <select id="f-category" name="input[category]">
                            <option value="" selected=v.category.is_empty()>"None"</option>
                            {GoalCategory::ALL.iter().map(|c| view! { <option value=c.as_str() selected=c.as_str() == v.category>{c.label()}</option> }).collect_view()}
                        </select>
                        <p class="hint">"Recommends this to people with goals of the category."</p>
                    </div>
                    <div class="field">
                        <label for="f-audience-input">"For"</label>
                        <select id="f-audience-input" name="input[audience]">
                            {Audience::ALL.iter().map(|a| view! { <option value=a.as_str() selected=a.as_str() == v.audience>{a.label()}</option> }).collect_view()}
                        </select>
                    </div>
                </div>
                <div class="field for-audience" class:field-invalid=move || program_message.get().is_some()>
                    <label for="f-program">"Program (when it is for one program)"</label>
                    <select id="f-program" name="input[program_id]">
                        <option value="">"—"</option>
                        {p.programs.iter().map(|(pid, n)| view! { <option value=pid.to_string() selected=pid.to_string() == v.program_id>{n.clone()}</option> }).collect_view()}
                    </select>
                    {move || program_message.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                </div>
                {p.file_name.clone().map(|f| view! { <p class="muted small">{format!("File: {f} (replace it from the resource's page)")}</p> })}
                <Submit action=save label="Save" busy="Saving…" />
            </ActionForm>
        </section>
    }
}

#[component]
pub fn ManageResourcesPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| load_managed_resources());
    view! {
        <Title text="Manage resources" />
        <RequireUser render=move |_| view! {
            <header class="page-head page-head-actions">
                <div>
                    <h1>"Manage resources"</h1>
                    <p class="muted">"Drafts first, then published, then archived."</p>
                </div>
                <a class="btn btn-primary" href="/resources/new">"New resource"</a>
            </header>
            {loaded(list, move |cards: Vec<ResourceCard>| view! {
                {cards.is_empty().then(|| view! { <section class="card"><p class="muted">"Nothing yet. Write the first guide."</p></section> })}
                <ul class="resource-list" aria-label="Resources you manage">
                    {cards.into_iter().map(|c| view! { <ResourceItem c /> }).collect_view()}
                </ul>
            })}
        } />
    }
}
