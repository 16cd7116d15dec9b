//! Importing people from an org directory CSV: upload, preview, confirm.

use crate::api::directory::{preview_import, ConfirmImport};
use crate::components::by_id::resource_if_some;
use crate::components::form::{action_error, query_error, FormAlert};
use crate::components::shell::{ErrorCard, Loading, RequireUser};
use crate::error::AppError;
use crate::models::{ImportPreview, PreviewPerson};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ImportPage() -> impl IntoView {
    // Created here, before anything suspends (see `components::by_id`).
    let query = use_query_map();
    let upload =
        Memo::new(move |_| query.with(|q| q.get("upload").and_then(|u| u.parse::<i64>().ok())));
    let preview = resource_if_some(move || upload.get(), preview_import);
    view! {
        <Title text="Import people" />
        <RequireUser render=move |_| view! { <Import upload preview /> } />
    }
}

#[component]
fn Import(
    upload: Memo<Option<i64>>,
    preview: Resource<Result<Option<ImportPreview>, AppError>>,
) -> impl IntoView {
    view! {
        <header class="page-head">
            <h1>"Import people"</h1>
            <p class="muted">"Add or update everyone from your HR system's export. Nothing changes until you confirm the preview."</p>
        </header>
        {move || match upload.get() {
            None => view! { <UploadForm /> }.into_any(),
            Some(_) => view! { <Preview preview /> }.into_any(),
        }}
    }
}

#[component]
fn UploadForm() -> impl IntoView {
    let error = query_error();
    view! {
        <section class="card narrow-left">
            <FormAlert error />
            <form method="post" action="/api/admin/import_upload" enctype="multipart/form-data" class="form">
                <div class="field">
                    <label for="f-file">"Directory file (CSV)"</label>
                    <p class="hint" id="f-file-hint">
                        "Columns: email, name, department, team, job title, level, manager_email, location, time zone. "
                        "Only email and name are required; header case does not matter and other columns are ignored. Up to 10 MB."
                    </p>
                    <input id="f-file" type="file" name="file" accept=".csv,text/csv" required aria-describedby="f-file-hint" />
                </div>
                <button type="submit" class="btn btn-primary">"Upload and preview"</button>
            </form>
        </section>
    }
}

#[component]
fn Preview(preview: Resource<Result<Option<ImportPreview>, AppError>>) -> impl IntoView {
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match preview.await {
                    Ok(None) => ().into_any(),
                    Ok(Some(p)) if !p.problems.is_empty() => view! { <Problems preview=p /> }.into_any(),
                    Ok(Some(p)) => view! { <Confirm preview=p /> }.into_any(),
                    Err(error) => view! { <ErrorCard error /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Problems(preview: ImportPreview) -> impl IntoView {
    let count = preview.problems.len();
    view! {
        <section class="card">
            <div class="alert alert-error" role="alert">
                {format!("{} cannot be imported: {count} {} found. Nothing was changed.", preview.filename, if count == 1 { "problem" } else { "problems" })}
            </div>
            <div class="table-wrap">
                <table>
                    <thead><tr><th scope="col">"Line"</th><th scope="col">"Column"</th><th scope="col">"Problem"</th></tr></thead>
                    <tbody>
                        {preview.problems.into_iter().map(|p| view! {
                            <tr>
                                <td>{if p.row == 0 { "—".to_string() } else { p.row.to_string() }}</td>
                                <td>{p.column.unwrap_or_else(|| "—".into())}</td>
                                <td>{p.message}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p class="form-links"><a class="btn btn-ghost" href="/admin/import">"Upload a corrected file"</a></p>
        </section>
    }
}

#[component]
fn Confirm(preview: ImportPreview) -> impl IntoView {
    let confirm = ServerAction::<ConfirmImport>::new();
    let error = action_error(confirm);
    let total = preview.create_count + preview.update_count;
    let missing = preview.missing.clone();
    let absent = preview.absent_columns.clone();
    view! {
        <section class="card">
            <h2>{preview.filename.clone()}</h2>
            {(!absent.is_empty()).then(|| view! {
                <p class="alert alert-info">{format!("This file has no {} column: those stay as they are for everyone.", absent.join(", "))}</p>
            })}
            <ul class="stats" aria-label="What the import will do">
                <li><strong>{preview.create_count}</strong>" to create"</li>
                <li><strong>{preview.update_count}</strong>" to update"</li>
                <li><strong>{preview.unchanged}</strong>" unchanged"</li>
            </ul>
            <FormAlert error />
            <ActionForm action=confirm attr:class="form">
                <input type="hidden" name="upload" value=preview.upload_id />
                <div class="field checkbox">
                    <input id="f-invite" type="checkbox" name="invite" value="on" checked=true />
                    <label for="f-invite">"Email an invitation to each new person"</label>
                </div>
                {(!missing.is_empty()).then(|| {
                    let n = missing.len();
                    view! {
                        <div class="field checkbox">
                            <input id="f-mark-left" type="checkbox" name="mark_left" value="on" aria-describedby="f-mark-left-hint" />
                            <label for="f-mark-left">{format!("Mark the {n} {} not in this file as having left", if n == 1 { "person" } else { "people" })}</label>
                        </div>
                        <p class="hint" id="f-mark-left-hint">"Only for a file of the whole organisation. They are signed out and leave future rounds and waitlists; their records stay, and they can be reactivated. Org admins are never marked."</p>
                        <details class="missing-people">
                            <summary>{format!("Who is not in the file ({n})")}</summary>
                            <ul class="plain-list small">{missing.iter().map(|e| view! { <li>{e.clone()}</li> }).collect_view()}</ul>
                        </details>
                    }
                })}
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" disabled=total == 0 && missing.is_empty()>
                        {format!("Import {total} {}", if total == 1 { "person" } else { "people" })}
                    </button>
                </div>
            </ActionForm>
            <PeopleList title="New people" people=preview.create total=preview.create_count />
            <PeopleList title="Updated people" people=preview.update total=preview.update_count />
        </section>
    }
}

#[component]
fn PeopleList(title: &'static str, people: Vec<PreviewPerson>, total: usize) -> impl IntoView {
    (!people.is_empty()).then(|| {
        let shown = people.len();
        let updates = people.iter().any(|p| !p.changes.is_empty());
        view! {
            <h3 class="section-title">{title}</h3>
            <div class="table-wrap">
                <table>
                    <thead><tr>
                        <th scope="col">"Name"</th>
                        {if updates {
                            view! { <th scope="col">"Changes"</th> }.into_any()
                        } else {
                            view! { <th scope="col">"Department"</th><th scope="col">"Manager"</th> }.into_any()
                        }}
                    </tr></thead>
                    <tbody>
                        {people.into_iter().map(|p| view! {
                            <tr>
                                <td><strong>{p.name}</strong><br /><span class="muted small">{p.email}</span></td>
                                {if updates {
                                    view! { <td class="small"><ul class="plain-list">{p.changes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul></td> }.into_any()
                                } else {
                                    view! {
                                        <td>{p.department}<br /><span class="muted small">{p.job_title}</span></td>
                                        <td class="small">{p.manager_email.unwrap_or_else(|| "—".into())}</td>
                                    }.into_any()
                                }}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            {(total > shown).then(|| view! { <p class="muted small">{format!("and {} more", total - shown)}</p> })}
        }
    })
}
