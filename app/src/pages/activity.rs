//! A program's goals and sessions in figures, for those who run it. Private goals never
//! appear; feedback shows only as an average once several people gave it.

use crate::components::by_id::loaded;
use crate::components::progress::ProgressMeter;
use crate::domain::{COMMENT_AUTHORS_MIN, RATERS_MIN};
use crate::models::ProgramActivity;
use leptos::prelude::*;

/// The card, from `data` (`load_program_activity` on the page's program, created by the page).
#[component]
pub fn ProgramActivityCard(
    data: Resource<Result<ProgramActivity, crate::error::AppError>>,
) -> impl IntoView {
    loaded(data, |a: ProgramActivity| view! { <Activity a /> })
}

#[component]
fn Activity(a: ProgramActivity) -> impl IntoView {
    let shared: i64 = a.goals_by_status.iter().map(|(_, n)| n).sum();
    view! {
        <section class="card" aria-labelledby="activity">
            <h2 id="activity">"Goals and sessions"</h2>
            <dl class="stat-list">
                <div><dt>"Goals shared with admins"</dt><dd>{shared}</dd></div>
                {a.goals_by_status.iter().map(|(s, n)| view! { <div><dt>{s.label()}</dt><dd>{*n}</dd></div> }).collect_view()}
                <div><dt>"Sessions accepted, not yet recorded"</dt><dd>{a.sessions_planned}</dd></div>
                <div><dt>"Sessions held"</dt><dd>{a.sessions_held}</dd></div>
                <div><dt>"Sessions that did not happen"</dt><dd>{a.sessions_not_held}</dd></div>
                <div><dt>"Average session rating"</dt><dd>{match a.average_rating {
                    Some(avg) => format!("{avg:.1} of 5 ({} ratings by {} people)", a.ratings, a.raters),
                    None => format!("Shown once {RATERS_MIN} different people have rated"),
                }}</dd></div>
            </dl>
            {a.comments.is_empty().then(|| view! {
                <p class="muted small">{format!("Comments appear once {COMMENT_AUTHORS_MIN} different people have written one, without names or dates.")}</p>
            })}
            {(!a.comments.is_empty()).then(|| view! {
                <h3>"What participants said"</h3>
                <ul class="quotes">{a.comments.iter().map(|c| view! { <li>{c.clone()}</li> }).collect_view()}</ul>
            })}
            <h3>"Goals shared with you"</h3>
            {if a.shared_goals.is_empty() {
                view! { <p class="muted">"Nobody has shared a goal with program admins yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list shared-goals">
                        {a.shared_goals.into_iter().map(|(owner, g)| view! {
                            <li>
                                <a href=format!("/goals/{}", g.id)>{g.title.clone()}</a>
                                <span class="muted small">{format!(" · {owner} · {} · {}%", g.status.label(), g.percent)}</span>
                                <ProgressMeter percent=g.percent label=g.title.clone() />
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}
