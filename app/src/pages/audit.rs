//! The audit log for org admins: who changed roles, deactivated people, imported the
//! directory, published rounds, kept pairs together or apart, provisioned people, and made
//! or revoked tokens. Filtered with a plain GET form, so it works without JavaScript.

use crate::api::audit::{load_audit, SaveAuditRetention};
use crate::components::form::{action_error, Field, FormAlert, Notice, Submit};
use crate::components::shell::{ErrorCard, Loading, RequireUser};
use crate::domain::AuditAction;
use crate::models::{AuditEntryView, AuditPage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The filters as typed in the address.
#[derive(Debug, Clone, Default, PartialEq)]
struct Filters {
    action: Option<String>,
    person: Option<String>,
    from: Option<String>,
    to: Option<String>,
}

impl Filters {
    fn query_string(&self) -> String {
        [
            ("action", &self.action),
            ("person", &self.person),
            ("from", &self.from),
            ("to", &self.to),
        ]
        .into_iter()
        .filter_map(|(k, v)| v.as_ref().filter(|v| !v.is_empty()).map(|v| (k, v)))
        .map(|(k, v)| format!("&{k}={}", urlencoding(v)))
        .collect()
    }
}

/// Enough percent-encoding for a filter value in a link.
fn urlencoding(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[component]
pub fn AuditLogPage() -> impl IntoView {
    // Created here, before anything suspends (see `components::by_id`).
    let save = ServerAction::<SaveAuditRetention>::new();
    let query = use_query_map();
    let filters = Memo::new(move |_| {
        query.with(|m| Filters {
            action: m.get("action"),
            person: m.get("person"),
            from: m.get("from"),
            to: m.get("to"),
        })
    });
    let page =
        Memo::new(move |_| query.with(|m| m.get("page").and_then(|p| p.parse::<i64>().ok())));
    let data = Resource::new(
        move || (filters.get(), page.get(), save.version().get()),
        |(f, page, _)| load_audit(f.action, f.person, f.from, f.to, page),
    );
    view! {
        <Title text="Audit log" />
        <RequireUser render=move |_| view! {
            <header class="page-head">
                <p class="eyebrow"><a href="/admin/settings">"Organisation settings"</a></p>
                <h1>"Audit log"</h1>
                <p class="muted">"What admins and integrations changed: roles, leavers, imports, published rounds, pairs kept together or apart, provisioning and its tokens. It never holds passwords, tokens or avoid lists."</p>
            </header>
            <FilterForm filters=filters.get_untracked() />
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(d) => view! { <Entries d filters=filters.get_untracked() save /> }.into_any(),
                        Err(error) => view! { <ErrorCard error /> }.into_any(),
                    }
                })}
            </Suspense>
        } />
    }
}

#[component]
fn FilterForm(filters: Filters) -> impl IntoView {
    let Filters {
        action,
        person,
        from,
        to,
    } = filters;
    view! {
        <form method="get" action="/admin/audit" class="search-form" role="search" aria-label="Filter the audit log">
            <div class="field">
                <label for="audit-action">"What"</label>
                <select id="audit-action" name="action">
                    <option value="" selected=action.is_none()>"Everything"</option>
                    {AuditAction::ALL.into_iter().map(|a| {
                        let selected = action.as_deref() == Some(a.as_str());
                        view! { <option value=a.as_str() selected=selected>{a.label()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field field-wide">
                <label for="audit-person">"Who (by or about)"</label>
                <input id="audit-person" name="person" type="search" placeholder="Name, email or token label" value=person.unwrap_or_default() />
            </div>
            <div class="field">
                <label for="audit-from">"From"</label>
                <input id="audit-from" name="from" type="date" value=from.unwrap_or_default() />
            </div>
            <div class="field">
                <label for="audit-to">"To"</label>
                <input id="audit-to" name="to" type="date" value=to.unwrap_or_default() />
            </div>
            <button type="submit" class="btn">"Filter"</button>
        </form>
    }
}

#[component]
fn Entries(
    d: AuditPage,
    filters: Filters,
    save: ServerAction<SaveAuditRetention>,
) -> impl IntoView {
    let error = action_error(save);
    let link = move |p: i64| format!("/admin/audit?page={p}{}", filters.query_string());
    view! {
        <p class="muted" aria-live="polite">{format!("{} {}", d.total, if d.total == 1 { "entry" } else { "entries" })}</p>
        {if d.entries.is_empty() {
            view! { <p class="muted">"Nothing matches these filters."</p> }.into_any()
        } else {
            view! {
                // Scrolls sideways on a phone: focusable, so a keyboard can scroll it too.
                <div class="table-wrap" tabindex="0" role="region" aria-label="Audit entries">
                    <table class="audit">
                        <thead>
                            <tr><th scope="col">"When"</th><th scope="col">"What"</th><th scope="col">"By"</th><th scope="col">"About"</th><th scope="col">"Details"</th></tr>
                        </thead>
                        <tbody>
                            {d.entries.into_iter().map(|e| view! { <Entry e /> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        {(d.pages > 1).then(|| view! {
            <nav class="pager" aria-label="Pages">
                {(d.page > 1).then(|| view! { <a href=link(d.page - 1) rel="prev">"← Newer"</a> })}
                <span>{format!("Page {} of {}", d.page, d.pages)}</span>
                {(d.page < d.pages).then(|| view! { <a href=link(d.page + 1) rel="next">"Older →"</a> })}
            </nav>
        })}
        <section class="card narrow-left" aria-labelledby="audit-retention-title">
            <h2 id="audit-retention-title">"How long entries are kept"</h2>
            <Notice key="saved" message="Saved: older entries are deleted at the next clean-up." />
            <FormAlert error />
            <ActionForm action=save attr:class="form" attr:novalidate=true>
                <Field label="Days" name="days" kind="number" inputmode="numeric" value=d.retention_days.to_string() required=true
                    hint="30 to 3650. Entries older than this are deleted." error />
                <Submit action=save label="Save" busy="Saving…" />
            </ActionForm>
        </section>
    }
}

#[component]
fn Entry(e: AuditEntryView) -> impl IntoView {
    view! {
        <tr>
            <td class="nowrap">{e.at}</td>
            <td>{e.action}</td>
            <td class="audit-who">{e.actor}</td>
            <td class="audit-who">{e.subject}</td>
            <td>{e.details}</td>
        </tr>
    }
}
