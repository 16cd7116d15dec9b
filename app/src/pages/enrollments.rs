//! Who has joined a program, for its admins: role, status, whether the survey is complete, the
//! answers and preferred partners. Avoid lists never reach this page.

use crate::api::enrollment::list_enrollments;
use crate::components::by_id::{loaded, resource_by_id};
use crate::components::shell::RequireUser;
use crate::domain::{EnrollmentRole, EnrollmentStatus};
use crate::models::{EnrolledPerson, EnrollmentList};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn EnrollmentsPage() -> impl IntoView {
    // Created here, before anything suspends (see `components::by_id`).
    let data = resource_by_id(|| (), list_enrollments);
    view! { <RequireUser render=move |_| loaded(data, |list| view! { <Enrollments list /> }) /> }
}

#[component]
fn Enrollments(list: EnrollmentList) -> impl IntoView {
    let EnrollmentList {
        program,
        counts,
        people,
    } = list;
    let pid = program.id;
    view! {
        <Title text=format!("Enrollments · {}", program.name) />
        <nav class="crumbs" aria-label="Breadcrumb"><a href=format!("/programs/{pid}")>{program.name.clone()}</a></nav>
        <header class="page-head">
            <h1>"Enrollments"</h1>
            <p class="muted">"Answers are shown to program admins only. Confidential avoid lists are never shown to anyone."</p>
        </header>
        <ul class="stats" aria-label="Enrollment figures">
            <li><strong data-testid="enrolled-count">{counts.enrolled()}</strong>"enrolled"</li>
            <li><strong>{counts.complete}</strong>"survey complete"</li>
            <li><strong>{counts.paused}</strong>"skipping the next round"</li>
            <li><strong>{counts.left}</strong>"left"</li>
        </ul>
        {if people.is_empty() {
            view! { <section class="card"><p class="muted">"Nobody has joined yet."</p></section> }.into_any()
        } else {
            view! {
                <ul class="enrollment-list">
                    {people.into_iter().map(|p| view! { <EnrolledCard person=p /> }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}

#[component]
fn EnrolledCard(person: EnrolledPerson) -> impl IntoView {
    let role = match person.role {
        EnrollmentRole::Mentor | EnrollmentRole::Either => {
            format!(
                "{} · up to {} mentees",
                person.role.label(),
                person.capacity
            )
        }
        r => r.label().to_owned(),
    };
    let status_class = format!("badge status-{}", person.status.as_str());
    let detail = [
        Some(person.department.clone()).filter(|d| !d.is_empty()),
        person.level.map(|l| format!("level {l}")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    view! {
        <li class="card enrolled">
            <details>
                <summary>
                    <span class="enrolled-name">{person.name.clone()}</span>
                    <span class="muted small">{detail}</span>
                    <span class="small">{role}</span>
                    <span class=status_class>{person.status.label()}</span>
                    {(!person.complete && person.status != EnrollmentStatus::Left).then(|| view! { <span class="badge badge-warn">"Survey incomplete"</span> })}
                </summary>
                <p class="small muted">{person.email.clone()}</p>
                {if person.answers.is_empty() {
                    view! { <p class="muted">"No answers yet."</p> }.into_any()
                } else {
                    view! {
                        <dl class="answers">
                            {person.answers.into_iter().map(|a| view! { <dt>{a.prompt}</dt><dd>{a.answer}</dd> }).collect_view()}
                        </dl>
                    }.into_any()
                }}
                {(!person.preferred.is_empty()).then(|| view! {
                    <p class="small"><strong>"Would like to meet: "</strong>{person.preferred.join(", ")}</p>
                })}
            </details>
        </li>
    }
}
