//! Matching for program admins: draft a round, see every group with its score and reasons
//! and the round's figures beside the previous round's, keep pairs together or apart, re-run,
//! and publish.

use super::activity::ProgramActivityCard;
use crate::api::activity::load_program_activity;
use crate::api::reassignment::DecideRequest;
use crate::api::rounds::{get_rounds, AdjustRound, DraftRound, PublishRound};
use crate::components::by_id::{loaded, resource_by_id};
use crate::components::form::{action_error, FormAlert, Notice};
use crate::components::shell::RequireUser;
use crate::models::{RoundFigures, RoundGroup, RoundsPage};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn RoundsPage() -> impl IntoView {
    // Created here, before anything suspends (see `components::by_id`).
    let actions = RoundActions {
        decide: ServerAction::<DecideRequest>::new(),
        draft: ServerAction::<DraftRound>::new(),
        adjust: ServerAction::<AdjustRound>::new(),
        publish: ServerAction::<PublishRound>::new(),
    };
    let data = resource_by_id(
        move || {
            (
                actions.draft.version().get(),
                actions.adjust.version().get(),
                actions.publish.version().get(),
                actions.decide.version().get(),
            )
        },
        get_rounds,
    );
    let activity = resource_by_id(|| (), load_program_activity);
    view! {
        <RequireUser render=move |_| view! {
            {loaded(data, move |page| view! { <Rounds page actions /> })}
            <ProgramActivityCard data=activity />
        } />
    }
}

#[derive(Clone, Copy)]
struct RoundActions {
    decide: ServerAction<DecideRequest>,
    draft: ServerAction<DraftRound>,
    adjust: ServerAction<AdjustRound>,
    publish: ServerAction<PublishRound>,
}

fn percent(x: f64) -> String {
    format!("{:.0}%", 100.0 * x)
}

#[component]
fn Rounds(page: RoundsPage, actions: RoundActions) -> impl IntoView {
    let RoundsPage {
        program,
        current,
        previous,
        groups,
        unmatched,
        rules,
        refused_locks,
        requests,
        can_draft,
        can_publish,
    } = page;
    let pid = program.id;
    let draft_error = action_error(actions.draft);
    let adjust_error = action_error(actions.adjust);
    let publish_error = action_error(actions.publish);
    let decide_error = action_error(actions.decide);
    let is_draft = current.as_ref().is_some_and(|c| !c.published);
    // Everyone in the round, for moving someone to a chosen partner.
    let mut everyone: Vec<(i64, String)> = groups
        .iter()
        .flat_map(|g| g.members.iter().map(|m| (m.id, m.name.clone())))
        .chain(unmatched.iter().map(|(p, _)| (p.id, p.name.clone())))
        .collect();
    everyone.sort_by(|a, b| a.1.cmp(&b.1));
    everyone.dedup();
    let heading = match &current {
        Some(c) if !c.published => format!("Round {} · draft", c.number),
        Some(c) => format!("Round {} · published", c.number),
        None => "No rounds yet".to_owned(),
    };
    view! {
        <Title text=format!("Matching · {}", program.name) />
        <nav class="crumbs" aria-label="Breadcrumb"><a href=format!("/programs/{pid}")>{program.name.clone()}</a></nav>
        <header class="page-head page-head-actions">
            <div>
                <h1>"Matching"</h1>
                <p class="muted">"Tandem pairs people for the highest total score it can find without breaking a rule: never with their manager line, never with someone on their avoid list, never again with a recent partner."</p>
            </div>
        </header>
        <Notice key="drafted" message="The round has been drafted. Check it, adjust it, then publish it." />
        <Notice key="adjusted" message="Your change is in and the round was re-run around it." />
        <Notice key="published" message="The round is published and everyone matched has been emailed." />
        <FormAlert error=draft_error />
        <FormAlert error=adjust_error />
        <FormAlert error=publish_error />
        <FormAlert error=decide_error />
        <Notice key="decided" message="The request has been answered and the people concerned emailed." />
        <section class="card" aria-labelledby="round-title">
            <h2 id="round-title">{heading}</h2>
            {current.clone().map(|c| view! { <Figures current=c previous=previous.clone() /> })}
            <div class="actions-row">
                {can_draft.then(|| view! {
                    <ActionForm action=actions.draft attr:class="inline-form">
                        <input type="hidden" name="program_id" value=pid />
                        <button type="submit" class=if is_draft { "btn btn-ghost" } else { "btn btn-primary" }>
                            {if is_draft { "Re-run the draft" } else { "Draft the next round" }}
                        </button>
                    </ActionForm>
                })}
                {can_publish.then(|| view! {
                    <ActionForm action=actions.publish attr:class="inline-form">
                        <input type="hidden" name="program_id" value=pid />
                        <button type="submit" class="btn btn-primary">"Publish this round"</button>
                    </ActionForm>
                })}
            </div>
            {(is_draft && !can_publish).then(|| view! {
                <p class="hint">"Start the program to publish: until then drafts are previews."</p>
            })}
        </section>
        {(!requests.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="requests-title">
                <h2 id="requests-title">"Requests for a new match"</h2>
                <p class="small muted">"Reasons are for the program team only. Approving re-matches the two people with those still unmatched, and leaves every other pair as it is."</p>
                <ul class="plain-list requests">
                    {requests.into_iter().map(|r| {
                        let approve_label = format!("Approve {}'s request", r.name);
                        let decline_label = format!("Decline {}'s request", r.name);
                        view! {
                        <li>
                            <p><strong>{r.name.clone()}</strong>" — "{r.reason.clone()}</p>
                            {if r.pending {
                                view! {
                                    <div class="actions-row">
                                        <ActionForm action=actions.decide attr:class="inline-form">
                                            <input type="hidden" name="program_id" value=pid />
                                            <input type="hidden" name="request_id" value=r.id />
                                            <input type="hidden" name="decision" value="approve" />
                                            <button type="submit" class="btn btn-small" aria-label=approve_label>"Approve"</button>
                                        </ActionForm>
                                        <ActionForm action=actions.decide attr:class="inline-form">
                                            <input type="hidden" name="program_id" value=pid />
                                            <input type="hidden" name="request_id" value=r.id />
                                            <input type="hidden" name="decision" value="decline" />
                                            <button type="submit" class="btn btn-small" aria-label=decline_label>"Decline"</button>
                                        </ActionForm>
                                    </div>
                                }.into_any()
                            } else {
                                view! { <p class="small muted">{if r.approved { "Approved" } else { "Declined" }}</p> }.into_any()
                            }}
                        </li>
                    }}).collect_view()}
                </ul>
            </section>
        })}
        {(!rules.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="rules-title">
                <h2 id="rules-title">"Your adjustments"</h2>
                <ul class="plain-list">
                    {rules.into_iter().map(|(a, b, kind)| view! {
                        <li>{if kind == "lock" { format!("{a} and {b} are kept together") } else { format!("{a} and {b} are kept apart") }}</li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        {(!refused_locks.is_empty()).then(|| view! {
            <section class="card card-warning" aria-labelledby="refused-title">
                <h2 id="refused-title">"Not kept together"</h2>
                <p class="small muted">"These locks break a rule every match must keep, so the draft matched these people freely."</p>
                <ul class="plain-list">
                    {refused_locks.into_iter().map(|(who, why)| view! { <li><strong>{who}</strong>": "{why}"."</li> }).collect_view()}
                </ul>
            </section>
        })}
        {(!unmatched.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="unmatched-title">
                <h2 id="unmatched-title">"Not matched"</h2>
                <ul class="plain-list">
                    {unmatched.into_iter().map(|(p, why)| view! { <li><strong>{p.name}</strong>" — "{why}</li> }).collect_view()}
                </ul>
            </section>
        })}
        {(is_draft && everyone.len() > 2).then(|| view! { <MovePerson pid everyone=everyone.clone() adjust=actions.adjust /> })}
        {(!groups.is_empty()).then(|| view! {
            <ul class="round-groups" aria-label="Groups">
                {groups.into_iter().map(|g| view! { <GroupCard pid group=g editable=is_draft adjust=actions.adjust /> }).collect_view()}
            </ul>
        })}
    }
}

#[component]
fn Figures(current: RoundFigures, previous: Option<RoundFigures>) -> impl IntoView {
    let q = current.quality.clone();
    let before = previous.map(|p| p.quality);
    let row = move |label: &'static str, now: String, then: Option<String>| {
        view! {
            <tr>
                <th scope="row">{label}</th>
                <td>{now}</td>
                <td class="muted">{then.unwrap_or_else(|| "—".into())}</td>
            </tr>
        }
    };
    let load =
        |l: Option<(usize, usize)>| l.map_or("—".to_owned(), |(lo, hi)| format!("{lo} to {hi}"));
    view! {
        <div class="table-wrap">
            <table class="figures">
                <thead><tr><th scope="col">"Figure"</th><th scope="col">"This round"</th><th scope="col">"Previous round"</th></tr></thead>
                <tbody>
                    {row("Matched", format!("{} of {} ({})", q.matched, q.participants, percent(q.matched_share)), before.as_ref().map(|b| percent(b.matched_share)))}
                    {row("Mean score", format!("{:.0}", q.mean_score), before.as_ref().map(|b| format!("{:.0}", b.mean_score)))}
                    {row("Lowest score", q.min_score.to_string(), before.as_ref().map(|b| b.min_score.to_string()))}
                    {row("Across departments", percent(q.cross_department_share), before.as_ref().map(|b| percent(b.cross_department_share)))}
                    {row("Wishes to meet honoured", percent(q.preferred_honoured_share), before.as_ref().map(|b| percent(b.preferred_honoured_share)))}
                    {row("Repeat pairs", q.repeats.to_string(), before.as_ref().map(|b| b.repeats.to_string()))}
                    {row("Mentees per mentor", load(q.mentor_load), before.as_ref().map(|b| load(b.mentor_load)))}
                </tbody>
            </table>
        </div>
        <p class="small muted">
            {if current.exact {
                format!("Total score {}: the best possible under the rules.", current.total_score)
            } else {
                format!("Total score {} of at most {}.", current.total_score, current.upper_bound)
            }}
        </p>
    }
}

#[component]
fn GroupCard(
    pid: i64,
    group: RoundGroup,
    editable: bool,
    adjust: ServerAction<AdjustRound>,
) -> impl IntoView {
    let names = group
        .members
        .iter()
        .map(|m| m.name.clone())
        .collect::<Vec<_>>()
        .join(" & ");
    let pair = (group.members.len() == 2).then(|| (group.members[0].id, group.members[1].id));
    let adjust_form = move |kind: &'static str, label: &'static str, (a, b): (i64, i64)| {
        view! {
            <ActionForm action=adjust attr:class="inline-form">
                <input type="hidden" name="program_id" value=pid />
                <input type="hidden" name="a" value=a />
                <input type="hidden" name="b" value=b />
                <input type="hidden" name="kind" value=kind />
                <button type="submit" class="btn btn-small">{label}</button>
            </ActionForm>
        }
    };
    view! {
        <li class="card round-group" aria-label=names.clone()>
            <div class="round-group-head">
                <div>
                    <h3>{names.clone()}</h3>
                    <p class="muted small">
                        {group.members.iter().map(|m| {
                            let role = if group.mentor == Some(m.id) { " (mentor)" } else { "" };
                            format!("{}{}{}", m.name, role, if m.department.is_empty() { String::new() } else { format!(", {}", m.department) })
                        }).collect::<Vec<_>>().join(" · ")}
                    </p>
                </div>
                <span class="score" aria-label=format!("Score {}", group.score)>{group.score}</span>
            </div>
            {group.locked.then(|| view! { <p class="small"><span class="badge">"Kept together"</span></p> })}
            {group.not_meeting.then(|| view! {
                <p class="small"><span class="badge badge-warn">"Not meeting yet"</span>
                " No session planned since the round was published; both were nudged once."</p>
            })}
            {(!group.highlights.is_empty()).then(|| view! {
                <ul class="reasons">{group.highlights.iter().map(|h| view! { <li>{h.clone()}</li> }).collect_view()}</ul>
            })}
            <details class="score-parts">
                <summary>"How the score adds up"</summary>
                <dl class="answers">
                    {group.parts.iter().map(|p| view! { <dt>{p.label.clone()}</dt><dd>{format!("{} of {}", p.points, p.max)}</dd> }).collect_view()}
                </dl>
            </details>
            {(editable && !group.locked).then(|| pair.map(|ab| view! {
                <div class="actions-row">
                    {adjust_form("lock", "Keep together", ab)}
                    {adjust_form("forbid", "Keep apart", ab)}
                </div>
            })).flatten()}
        </li>
    }
}

/// Moves someone next to a chosen partner: the pair is kept together and the draft re-run
/// around it.
#[component]
fn MovePerson(
    pid: i64,
    everyone: Vec<(i64, String)>,
    adjust: ServerAction<AdjustRound>,
) -> impl IntoView {
    let options = move || {
        everyone
            .iter()
            .map(|(id, name)| view! { <option value=*id>{name.clone()}</option> })
            .collect_view()
    };
    view! {
        <details class="card move-person">
            <summary>"Move someone"</summary>
            <ActionForm action=adjust attr:class="form">
                <input type="hidden" name="program_id" value=pid />
                <input type="hidden" name="kind" value="lock" />
                <div class="grid-2">
                    <div class="field">
                        <label for="move-a">"Move"</label>
                        <select id="move-a" name="a">{options.clone()}</select>
                    </div>
                    <div class="field">
                        <label for="move-b">"Next to"</label>
                        <select id="move-b" name="b">{options}</select>
                    </div>
                </div>
                <p class="hint">"The two are kept together and everyone else is matched again around them."</p>
                <div class="form-actions"><button type="submit" class="btn btn-primary">"Move and re-run"</button></div>
            </ActionForm>
        </details>
    }
}
