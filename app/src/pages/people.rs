//! People and roles, for org admins: search, invite, change roles.

use crate::api::people::{list_people, ChangeRole, InvitePerson, SetActive};
use crate::components::form::{action_error, Field, FormAlert, Notice};
use crate::components::shell::{encode_query, ErrorCard, Loading, RequireUser};
use crate::domain::{Role, LEVEL_MAX};
use crate::error::AppError;
use crate::models::User;
use crate::models::{PeopleView as PeopleData, PEOPLE_PAGE_SIZE};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn PeoplePage() -> impl IntoView {
    // Created here, before anything suspends (see `components::by_id`).
    let parts = people_parts();
    view! {
        <Title text="People" />
        <RequireUser render=move |_| view! { <People parts /> } />
    }
}

/// The page's filters from the address, its actions and the list they select.
#[derive(Clone, Copy)]
struct PeopleParts {
    query: Memo<leptos_router::params::ParamsMap>,
    filters: Memo<Filters>,
    change_role: ServerAction<ChangeRole>,
    invite: ServerAction<InvitePerson>,
    set_active: ServerAction<SetActive>,
    data: Resource<Result<PeopleData, AppError>>,
}

fn people_parts() -> PeopleParts {
    let query = use_query_map();
    let q = Memo::new(move |_| query.with(|m| m.get("q")));
    let role = Memo::new(move |_| query.with(|m| m.get("role")));
    let page =
        Memo::new(move |_| query.with(|m| m.get("page").and_then(|p| p.parse::<i64>().ok())));
    let change_role = ServerAction::<ChangeRole>::new();
    let invite = ServerAction::<InvitePerson>::new();
    let set_active = ServerAction::<SetActive>::new();
    let department = Memo::new(move |_| query.with(|m| m.get("department")));
    let level = Memo::new(move |_| query.with(|m| m.get("level")));
    let enrolled = Memo::new(move |_| query.with(|m| m.get("enrolled")));
    let data = Resource::new(
        move || {
            (
                Filters {
                    q: q.get(),
                    role: role.get(),
                    department: department.get(),
                    level: level.get(),
                    enrolled: enrolled.get(),
                },
                page.get(),
                change_role.version().get(),
                invite.version().get(),
                set_active.version().get(),
            )
        },
        |(f, page, _, _, _)| list_people(f.q, f.role, f.department, f.level, f.enrolled, page),
    );
    let filters = Memo::new(move |_| Filters {
        q: q.get(),
        role: role.get(),
        department: department.get(),
        level: level.get(),
        enrolled: enrolled.get(),
    });
    PeopleParts {
        query,
        filters,
        change_role,
        invite,
        set_active,
        data,
    }
}

#[component]
fn People(parts: PeopleParts) -> impl IntoView {
    let PeopleParts {
        query,
        filters,
        change_role,
        invite,
        set_active,
        data,
    } = parts;
    view! {
        <header class="page-head page-head-actions">
            <div>
                <h1>"People"</h1>
                <p class="muted">"Everyone in your organisation on Tandem, and their roles."</p>
            </div>
            <a class="btn btn-ghost" href="/admin/import">"Import from a CSV file"</a>
        </header>
        <Notice key="erased" message="Erased: the person's details are gone; programs keep their counts under an anonymous name." />
        {move || {
            query.with(|m| {
                let n = |k: &str| m.get(k).and_then(|v| v.parse::<usize>().ok());
                n("created").map(|created| {
                    let mut message = format!(
                        "Import done: {created} created, {} updated, {} invited.",
                        n("updated").unwrap_or(0),
                        n("invited").unwrap_or(0)
                    );
                    if let Some(left) = n("left").filter(|l| *l > 0) {
                        message.push_str(&format!(" {left} marked as having left."));
                    }
                    view! { <div class="alert alert-success" role="status">{message}</div> }
                })
            })
        }}
        <div class="layout-2">
            <section class="card">
                <Transition fallback=Loading>
                    {move || Suspend::new(async move {
                        match data.await {
                            Ok(d) => {
                                let filters = filters.get();
                                view! {
                                    <FilterForm filters=filters.clone() departments=d.departments.clone() />
                                    <PeopleTable data=d change_role set_active filters />
                                }
                                .into_any()
                            }
                            Err(error) => view! { <ErrorCard error /> }.into_any(),
                        }
                    })}
                </Transition>
            </section>
            <InviteForm invite />
        </div>
    }
}

#[component]
fn PeopleTable(
    data: PeopleData,
    change_role: ServerAction<ChangeRole>,
    set_active: ServerAction<SetActive>,
    filters: Filters,
) -> impl IntoView {
    let error = action_error(change_role);
    let active_error = action_error(set_active);
    let pages = (data.total + PEOPLE_PAGE_SIZE - 1) / PEOPLE_PAGE_SIZE;
    let link = move |p: i64| format!("/admin/people?page={p}{}", filters.query_string());
    let invitations = data.invitations.clone();
    view! {
        <p class="muted" aria-live="polite">{format!("{} {}", data.total, if data.total == 1 { "person" } else { "people" })}</p>
        <FormAlert error />
        <FormAlert error=active_error />
        <div class="table-wrap">
            <table class="people">
                <thead>
                    <tr><th scope="col">"Name"</th><th scope="col">"Department"</th><th scope="col">"Level"</th><th scope="col">"Role"</th><th scope="col">"Status"</th></tr>
                </thead>
                <tbody>
                    {data.people.into_iter().map(|u| view! { <PersonRow user=u change_role set_active /> }).collect_view()}
                </tbody>
            </table>
        </div>
        {(pages > 1).then(|| view! {
            <nav class="pager" aria-label="Pages">
                {(data.page > 1).then(|| view! { <a href=link(data.page - 1) rel="prev">"← Previous"</a> })}
                <span>{format!("Page {} of {}", data.page, pages)}</span>
                {(data.page < pages).then(|| view! { <a href=link(data.page + 1) rel="next">"Next →"</a> })}
            </nav>
        })}
        {(!invitations.is_empty()).then(|| view! {
            <h2 class="section-title">"Invitations waiting"</h2>
            <ul class="plain-list">
                {invitations.into_iter().map(|i| view! { <li>{i.email} <span class="badge">{i.role.label()}</span></li> }).collect_view()}
            </ul>
        })}
    }
}

#[component]
fn PersonRow(
    user: User,
    change_role: ServerAction<ChangeRole>,
    set_active: ServerAction<SetActive>,
) -> impl IntoView {
    let select_id = format!("role-{}", user.id);
    let active = user.active();
    let (id, name) = (user.id, user.name.clone());
    let reactivate_label = format!("Reactivate {name}");
    let erase_label = format!("Erase {name}");
    let erase_text = format!(
        "{name}'s profile, address, answers, goals, comments, avoid lists and settings are \
         removed for good. Programs keep their counts, under an anonymous name."
    );
    view! {
        <tr class:person-left=!active>
            <td>
                <span class="person">
                    <span class="avatar avatar-sm" aria-hidden="true">{user.initials()}</span>
                    <span>
                        <strong>{user.name.clone()}</strong>
                        <br />
                        <span class="muted small">{user.email.clone()}</span>
                        <br />
                        <a class="small" href=format!("/admin/people/{}/delivery", user.id) aria-label=format!("Messages sent to {}", user.name)>"Messages"</a>
                    </span>
                </span>
            </td>
            <td>{user.department.clone()}<br /><span class="muted small">{user.job_title.clone()}</span></td>
            <td>{user.level.map(|l| l.to_string()).unwrap_or_else(|| "—".into())}</td>
            <td>
                <ActionForm action=change_role attr:class="inline-form">
                    <input type="hidden" name="user_id" value=user.id />
                    <label class="visually-hidden" for=select_id.clone()>{format!("Role of {}", user.name)}</label>
                    <select id=select_id name="role">
                        {Role::ALL.into_iter().map(|r| view! { <option value=r.as_str() selected=r == user.role>{r.label()}</option> }).collect_view()}
                    </select>
                    <button type="submit" class="btn btn-small">"Save"</button>
                </ActionForm>
            </td>
            <td>
                {if active {
                    view! {
                        <details class="confirm">
                            <summary class="btn btn-small">"Deactivate…"</summary>
                            <p class="small">{format!("{name} is signed out everywhere, gives up their seats at events to come, and leaves future rounds. Their records stay.")}</p>
                            <ActionForm action=set_active>
                                <input type="hidden" name="user_id" value=id />
                                <input type="hidden" name="active" value="0" />
                                <button type="submit" class="btn btn-small btn-danger">{format!("Deactivate {name}")}</button>
                            </ActionForm>
                        </details>
                    }.into_any()
                } else {
                    view! {
                        <span class="badge">"Left"</span>
                        <ActionForm action=set_active attr:class="inline-form">
                            <input type="hidden" name="user_id" value=id />
                            <input type="hidden" name="active" value="1" />
                            <button type="submit" class="btn btn-small" aria-label=reactivate_label>"Reactivate"</button>
                        </ActionForm>
                        // A plain post: the page reloads without the person's details.
                        <details class="confirm">
                            <summary class="btn btn-small btn-ghost">"Erase…"</summary>
                            <p class="small">{erase_text}</p>
                            <form method="post" action="/api/admin/erase">
                                <input type="hidden" name="user_id" value=id />
                                <button type="submit" class="btn btn-small btn-danger">{erase_label}</button>
                            </form>
                        </details>
                    }.into_any()
                }}
            </td>
        </tr>
    }
}

#[component]
fn InviteForm(invite: ServerAction<InvitePerson>) -> impl IntoView {
    let error = action_error(invite);
    let sent = move || invite.value().get().and_then(|r| r.ok());
    view! {
        <section class="card">
            <h2>"Invite someone"</h2>
            <p class="muted">"They get an email with a link to create their account, valid for 14 days."</p>
            {move || sent().map(|email| view! { <div class="alert alert-success" role="status">{format!("Invitation sent to {email}.")}</div> })}
            <FormAlert error />
            <ActionForm action=invite attr:class="form" attr:novalidate=true>
                <Field label="Email" name="email" kind="email" required=true error />
                <div class="field">
                    <label for="invite-role">"Role"</label>
                    <select id="invite-role" name="role">
                        {Role::ALL.into_iter().map(|r| view! { <option value=r.as_str()>{r.label()}</option> }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="btn btn-primary">"Send invitation"</button>
            </ActionForm>
        </section>
    }
}

/// The people page's filters, as they appear in its query string.
#[derive(Clone, Debug, PartialEq, Default)]
struct Filters {
    q: Option<String>,
    role: Option<String>,
    department: Option<String>,
    level: Option<String>,
    enrolled: Option<String>,
}

impl Filters {
    /// `&key=value` for every filter that is set.
    fn query_string(&self) -> String {
        [
            ("q", &self.q),
            ("role", &self.role),
            ("department", &self.department),
            ("level", &self.level),
            ("enrolled", &self.enrolled),
        ]
        .into_iter()
        .filter_map(|(k, v)| {
            v.as_deref()
                .filter(|v| !v.is_empty())
                .map(|v| format!("&{k}={}", encode_query(v)))
        })
        .collect()
    }
}

/// Search and filters: a plain GET form, so it works the same with JavaScript off.
#[component]
fn FilterForm(filters: Filters, departments: Vec<String>) -> impl IntoView {
    let Filters {
        q,
        role,
        department,
        level,
        enrolled,
    } = filters;
    view! {
        <form method="get" action="/admin/people" class="search-form" role="search">
            <div class="field field-wide">
                <label for="people-q">"Search"</label>
                <input id="people-q" name="q" type="search" placeholder="Name, email, department…" value=q.unwrap_or_default() />
            </div>
            <div class="field">
                <label for="people-role">"Role"</label>
                <select id="people-role" name="role">
                    <option value="" selected=role.is_none()>"Any role"</option>
                    {Role::ALL.into_iter().map(|r| {
                        let selected = role.as_deref() == Some(r.as_str());
                        view! { <option value=r.as_str() selected=selected>{r.label()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="people-department">"Department"</label>
                <select id="people-department" name="department">
                    <option value="" selected=department.is_none()>"Any department"</option>
                    {departments.into_iter().map(|d| {
                        let selected = department.as_deref() == Some(d.as_str());
                        view! { <option value=d.clone() selected=selected>{d.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="people-level">"Level"</label>
                <select id="people-level" name="level">
                    <option value="" selected=level.is_none()>"Any level"</option>
                    {(1..=LEVEL_MAX).map(|l| {
                        let selected = level.as_deref() == Some(l.to_string().as_str());
                        view! { <option value=l.to_string() selected=selected>{l}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="people-enrolled">"Enrollment"</label>
                <select id="people-enrolled" name="enrolled">
                    <option value="" selected=enrolled.is_none()>"Anyone"</option>
                    <option value="yes" selected=enrolled.as_deref() == Some("yes")>"Enrolled in a program"</option>
                    <option value="no" selected=enrolled.as_deref() == Some("no")>"Not enrolled"</option>
                </select>
            </div>
            <button type="submit" class="btn btn-ghost">"Filter"</button>
        </form>
    }
}
