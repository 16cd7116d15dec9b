//! Goal boards: my board (drag and drop on desktop, an island; a move menu and up/down
//! buttons for phones, keyboards and pages without JavaScript), the goal form, and a goal's
//! page with its progress chart, check-ins and partners' comments.

use crate::api::goals::{
    goal_form, load_goal, load_goal_board, CheckInGoal, CommentGoal, MoveGoal, SaveGoal,
};
use crate::components::by_id::{loaded, resource_by_id};
use crate::components::form::{
    action_error, field_error, Field, FormAlert, Notice, Submit, TextArea,
};
use crate::components::progress::{GoalMeta, ProgressChart, ProgressMeter};
use crate::components::shell::{ErrorCard, Loading, RequireUser};
use crate::domain::{
    dates, Direction, GoalCategory, GoalInput, GoalStatus, MeasureKind, Visibility,
};
use crate::islands::goals::DraggableBoard;
use crate::models::{GoalBoard, GoalCard, GoalFormPage, GoalPage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Where a goal lands when moved to a column without a place: its end.
const LAST: i64 = 1_000_000;

#[component]
pub fn GoalsPage() -> impl IntoView {
    let query = use_query_map();
    let mv = ServerAction::<MoveGoal>::new();
    let error = action_error(mv);
    let program =
        Memo::new(move |_| query.with(|q| q.get("program").and_then(|p| p.parse::<i64>().ok())));
    let board = Resource::new(
        move || (program.get(), mv.version().get()),
        |(p, _)| load_goal_board(p),
    );
    view! {
        <Title text="My goals" />
        <RequireUser render=move |_| view! {
            <DraggableBoard>
                <FormAlert error />
                <Transition fallback=Loading>
                    {move || Suspend::new(async move {
                        match board.await {
                            Ok(b) => view! { <Board b mv /> }.into_any(),
                            Err(error) => view! { <ErrorCard error /> }.into_any(),
                        }
                    })}
                </Transition>
            </DraggableBoard>
        } />
    }
}

#[component]
fn Board(b: GoalBoard, mv: ServerAction<MoveGoal>) -> impl IntoView {
    let Some(program_id) = b.program_id else {
        return view! {
            <header class="page-head"><h1>"My goals"</h1></header>
            <section class="card">
                <p>"Goals live on a board per program. Join a program first, then set goals you and your match can follow."</p>
                <a class="btn btn-primary" href="/programs">"See programs"</a>
            </section>
        }
        .into_any();
    };
    let name = b
        .programs
        .iter()
        .find(|(id, _)| *id == program_id)
        .map(|(_, n)| n.clone())
        .unwrap_or_default();
    view! {
        <header class="page-head page-head-actions">
            <div>
                <p class="eyebrow">{name}</p>
                <h1>"My goals"</h1>
                <p class="muted">"Drag a goal to another column, or use its menu. Check in weekly so your match sees how it is going."</p>
            </div>
            <a class="btn btn-primary" href=format!("/goals/new?program={program_id}")>"New goal"</a>
        </header>
        {(b.programs.len() > 1).then(|| view! {
            <nav class="tabs" aria-label="Programs">
                {b.programs.iter().map(|(id, n)| view! {
                    <a href=format!("/goals?program={id}") aria-current=(*id == program_id).then_some("page")>{n.clone()}</a>
                }).collect_view()}
            </nav>
        })}
        <div class="board">
            {b.columns.into_iter().map(|column| {
                let status = column.status;
                let heading = format!("column-{}", status.as_str());
                let labelled_by = heading.clone();
                let count = column.goals.len();
                view! {
                    <section class="board-column" aria-labelledby=labelled_by data-status=status.as_str()>
                        <h2 id=heading>{status.label()} <span class="count">{count}</span></h2>
                        {(count == 0).then(|| view! { <p class="muted small empty-column">"Nothing here yet."</p> })}
                        <ol class="goal-list">
                            {column.goals.into_iter().enumerate().map(|(i, g)| {
                                view! { <BoardCard g index=i last=count - 1 mv /> }
                            }).collect_view()}
                        </ol>
                    </section>
                }
            }).collect_view()}
        </div>
    }
    .into_any()
}

/// A goal on the board: its progress, where it stands, and the ways to move it. Its move menu
/// is also what a drag sends (`islands::goals`).
#[component]
fn BoardCard(g: GoalCard, index: usize, last: usize, mv: ServerAction<MoveGoal>) -> impl IntoView {
    let id = g.id;
    let status = g.status;
    let here = status.as_str();
    let (id_a, id_b, id_c) = (id.to_string(), id.to_string(), id.to_string());
    let menu_id = format!("move-{id}");
    let menu_for = menu_id.clone();
    let title = g.title.clone();
    let (menu_label, up_label, down_label) = (
        format!("Move “{title}” to"),
        format!("Move “{title}” up"),
        format!("Move “{title}” down"),
    );
    view! {
        <li class="goal-card" id=format!("goal-{id}") draggable="true">
            <a class="goal-title" href=format!("/goals/{id}")>{g.title.clone()}</a>
            <GoalMeta g=g.clone() />
            <ProgressMeter percent=g.percent label=g.title.clone() />
            <p class="muted small">{g.summary.clone()}</p>
            <div class="goal-moves">
                <ActionForm action=mv attr:class="move-menu">
                    <input type="hidden" name="id" value=id_a />
                    <input type="hidden" name="position" value=LAST.to_string() />
                    <input type="hidden" name="back" value="board" />
                    <label class="visually-hidden" for=menu_for>{menu_label}</label>
                    <select id=menu_id name="status">
                        {GoalStatus::ALL.iter().map(|s| view! { <option value=s.as_str() selected=*s == status>{s.label()}</option> }).collect_view()}
                    </select>
                    <button type="submit" class="btn btn-small">"Move"</button>
                </ActionForm>
                {(index > 0).then(|| view! {
                    <ActionForm action=mv>
                        <input type="hidden" name="id" value=id_b />
                        <input type="hidden" name="status" value=here />
                        <input type="hidden" name="position" value=(index as i64 - 1).to_string() />
                        <input type="hidden" name="back" value="board" />
                        <button type="submit" class="btn btn-small btn-icon" aria-label=up_label>"↑"</button>
                    </ActionForm>
                })}
                {(index < last).then(|| view! {
                    <ActionForm action=mv>
                        <input type="hidden" name="id" value=id_c />
                        <input type="hidden" name="status" value=here />
                        <input type="hidden" name="position" value=(index as i64 + 1).to_string() />
                        <input type="hidden" name="back" value="board" />
                        <button type="submit" class="btn btn-small btn-icon" aria-label=down_label>"↓"</button>
                    </ActionForm>
                })}
            </div>
        </li>
    }
}

#[component]
pub fn NewGoalPage() -> impl IntoView {
    let query = use_query_map();
    let page = Resource::new(
        move || {
            query.with(|q| {
                (
                    q.get("program").and_then(|p| p.parse::<i64>().ok()),
                    q.get("template"),
                )
            })
        },
        |(program, template)| goal_form(program, template),
    );
    view! {
        <Title text="New goal" />
        <RequireUser render=move |_| view! {
            {loaded(page, move |p: GoalFormPage| view! { <GoalForm page=Some(p) editing=None /> })}
        } />
    }
}

#[component]
pub fn EditGoalPage() -> impl IntoView {
    let goal = resource_by_id(|| (), load_goal);
    view! {
        <Title text="Change goal" />
        <RequireUser render=move |_| view! {
            <Notice key="from_template" message="The template is on your board as a planned goal. Replace the [brackets] with your own words and check the target, then save." />
            {loaded(goal, move |g: GoalPage| match g.form.clone() {
                Some(form) => view! { <GoalForm page=None editing=Some((g.card.id, form)) /> }.into_any(),
                None => view! { <section class="card"><p>"Only the goal's owner can change it."</p></section> }.into_any(),
            })}
        } />
    }
}

/// The goal form: new (with the program to put it in and templates to start from) or
/// filled in with the goal being changed.
#[component]
fn GoalForm(page: Option<GoalFormPage>, editing: Option<(i64, GoalInput)>) -> impl IntoView {
    let save = ServerAction::<SaveGoal>::new();
    let error = action_error(save);
    let id = editing.as_ref().map(|(id, _)| id.to_string());
    let v = match (&editing, &page) {
        (Some((_, form)), _) => form.clone(),
        (None, Some(p)) => p.input.clone(),
        _ => GoalInput::default(),
    };
    let (heading, label, busy) = if id.is_some() {
        ("Change goal", "Save changes", "Saving…")
    } else {
        ("New goal", "Create goal", "Creating…")
    };
    let choice = |name: &'static str,
                  key: &'static str,
                  value: &'static str,
                  text: &'static str,
                  checked: bool| {
        let box_id = format!("f-{key}-{value}");
        let label_for = box_id.clone();
        view! {
            <label class="choice" for=label_for>
                <input type="radio" id=box_id name=name value=value checked=checked />
                {text}
            </label>
        }
    };
    let measure_error = field_error(error, "measure".into());
    let visibility_error = field_error(error, "visibility".into());
    let direction_error = field_error(error, "direction".into());
    let program_error = field_error(error, "program_id".into());
    let no_programs = page.as_ref().is_some_and(|p| p.programs.is_empty());
    view! {
        <section class="card narrow">
            <h1>{heading}</h1>
            {no_programs.then(|| view! { <p class="alert" role="status">"Join a program first: goals belong to a program's board."</p> })}
            {page.clone().map(|p| {
                let program = p.program_id.map(|id| format!("program={id}&")).unwrap_or_default();
                view! {
                    <p class="hint">"Start from a SMART template: "
                        {p.templates.into_iter().map(|(key, label)| view! {
                            <a class="chip" href=format!("/goals/new?{program}template={key}")>{label}</a>
                        }).collect_view()}
                    </p>
                }
            })}
            <FormAlert error />
            <ActionForm action=save attr:class="form goal-form" attr:novalidate=true>
                {id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
                {page.map(|p| view! {
                    <div class="field" class:field-invalid=move || program_error.get().is_some()>
                        <label for="f-program">"Program"</label>
                        <select id="f-program" name="program_id">
                            {p.programs.iter().map(|(pid, n)| view! { <option value=pid.to_string() selected=p.program_id == Some(*pid)>{n.clone()}</option> }).collect_view()}
                        </select>
                        {move || program_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                    </div>
                })}
                <Field label="Goal" name="input[title]" error_key="title" value=v.title.clone() required=true maxlength=120 hint="Specific and time-bound: what you will have done, and by when." error />
                <TextArea label="Why it matters" name="input[why]" error_key="why" value=v.why.clone() maxlength=2000 error />
                <div class="grid-2">
                    <div class="field">
                        <label for="f-input-category">"Category"</label>
                        <select id="f-input-category" name="input[category]">
                            {GoalCategory::ALL.iter().map(|c| view! { <option value=c.as_str() selected=c.as_str() == v.category>{c.label()}</option> }).collect_view()}
                        </select>
                    </div>
                    <Field label="Due" name="input[due_on]" error_key="due_on" kind="date" value=v.due_on.clone() error />
                </div>
                <fieldset class="field">
                    <legend>"How will you measure it?"</legend>
                    <div class="choices">
                        {MeasureKind::ALL.iter().map(|m| choice("input[measure]", "measure", m.as_str(), m.label(), m.as_str() == v.measure)).collect_view()}
                    </div>
                    {move || measure_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                </fieldset>
                <fieldset class="field metric-fields">
                    <legend>"A number to reach"</legend>
                    <Field label="Unit" name="input[unit]" error_key="unit" value=v.unit.clone() required=true maxlength=40 hint="What you count: demos given, hours, articles." error />
                    <div class="grid-2">
                        <Field label="Baseline" name="input[baseline]" error_key="baseline" value=v.baseline.clone() required=true inputmode="decimal" hint="Where you start." error />
                        <Field label="Target" name="input[target]" error_key="target" value=v.target.clone() required=true inputmode="decimal" hint="Where you want to be." error />
                    </div>
                    <div class="choices" role="radiogroup" aria-label="Direction">
                        {Direction::ALL.iter().map(|d| choice("input[direction]", "direction", d.as_str(), d.label(), d.as_str() == v.direction)).collect_view()}
                    </div>
                    {move || direction_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                </fieldset>
                <div class="milestone-fields">
                    <TextArea label="Milestones" name="input[milestones]" error_key="milestones" value=v.milestones.clone() rows=5 required=true hint="One per line; tick them off as you check in." error />
                </div>
                <fieldset class="field">
                    <legend>"Who can see it"</legend>
                    <div class="choices">
                        {Visibility::ALL.iter().map(|s| choice("input[visibility]", "visibility", s.as_str(), s.label(), s.as_str() == v.visibility)).collect_view()}
                    </div>
                    <p class="hint">"Program admins never see goals that are only yours or only your match's."</p>
                    {move || visibility_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                </fieldset>
                <Submit action=save label=label busy=busy />
            </ActionForm>
        </section>
    }
}

#[component]
pub fn GoalDetailPage() -> impl IntoView {
    let check_in = ServerAction::<CheckInGoal>::new();
    let comment = ServerAction::<CommentGoal>::new();
    let mv = ServerAction::<MoveGoal>::new();
    let page = resource_by_id(
        move || {
            (
                check_in.version().get(),
                comment.version().get(),
                mv.version().get(),
            )
        },
        load_goal,
    );
    let move_error = action_error(mv);
    view! {
        <Title text="Goal" />
        <RequireUser render=move |_| view! {
            <FormAlert error=move_error />
            {loaded(page, move |g: GoalPage| view! { <GoalDetail g check_in comment mv /> })}
        } />
    }
}

#[component]
fn GoalDetail(
    g: GoalPage,
    check_in: ServerAction<CheckInGoal>,
    comment: ServerAction<CommentGoal>,
    mv: ServerAction<MoveGoal>,
) -> impl IntoView {
    let id = g.card.id;
    let card = g.card.clone();
    let metric = g.measure == MeasureKind::Metric;
    let target_words = match (&g.baseline, &g.target) {
        (Some(b), Some(t)) => format!(
            "From {b} to {t} {} ({})",
            g.unit,
            g.direction.to_lowercase()
        ),
        _ => String::new(),
    };
    view! {
        <article class="card goal-page">
            <p class="eyebrow">
                {if g.mine {
                    view! { <a href=format!("/goals?program={}", g.program_id)>{card.program_name.clone()}</a> }.into_any()
                } else {
                    view! { <span>{format!("{} · {}'s goal", card.program_name, g.owner_name)}</span> }.into_any()
                }}
            </p>
            <h1>{card.title.clone()}</h1>
            <GoalMeta g=card.clone() />
            <ProgressMeter percent=card.percent label=card.title.clone() />
            <p>{format!("{}% · {}", card.percent, card.summary)}</p>
            {(!g.why.is_empty()).then(|| view! { <p class="why">{g.why.clone()}</p> })}
            {metric.then(|| view! { <p class="muted">{target_words}</p> })}
            {(!g.milestones.is_empty()).then(|| view! {
                <h2>"Milestones"</h2>
                <ul class="milestones">
                    {g.milestones.iter().map(|m| view! {
                        <li class:done=m.done>
                            <span aria-hidden="true">{if m.done { "☑" } else { "☐" }}</span>
                            " " {m.title.clone()}
                            <span class="visually-hidden">{if m.done { " (done)" } else { " (to do)" }}</span>
                        </li>
                    }).collect_view()}
                </ul>
            })}
            <h2>"Progress over time"</h2>
            <ProgressChart points=g.points.clone() range=g.chart_range unit=if metric { g.unit.clone() } else { "milestones".into() } title=card.title.clone() />
            {g.mine.then(|| view! {
                <div class="button-row">
                    <a class="btn" href=format!("/goals/{id}/edit")>"Change goal"</a>
                    <ActionForm action=mv attr:class="move-menu">
                        <input type="hidden" name="id" value=id.to_string() />
                        <input type="hidden" name="position" value=LAST.to_string() />
                        <input type="hidden" name="back" value="goal" />
                        <label for="f-move-status">"Move to"</label>
                        <select id="f-move-status" name="status">
                            {GoalStatus::ALL.iter().map(|s| view! { <option value=s.as_str() selected=*s == card.status>{s.label()}</option> }).collect_view()}
                        </select>
                        <button type="submit" class="btn">"Move"</button>
                    </ActionForm>
                </div>
            })}
        </article>
        {g.mine.then(|| view! { <CheckInForm g=g.clone() check_in /> })}
        <section class="card" aria-labelledby="history">
            <h2 id="history">"Check-ins"</h2>
            {if g.check_ins.is_empty() {
                view! { <p class="muted">"No check-ins yet."</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap"><table>
                        <thead><tr><th scope="col">"Date"</th><th scope="col">"Value"</th><th scope="col">"Confidence"</th><th scope="col">"Note"</th></tr></thead>
                        <tbody>
                            {g.check_ins.iter().rev().map(|c| view! {
                                <tr><td class="nowrap">{dates::iso_day(&c.checked_on)}</td><td>{c.value.clone()}</td><td>{format!("{} of 5", c.confidence)}</td><td>{c.note.clone()}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table></div>
                }.into_any()
            }}
        </section>
        <Comments g comment />
    }
}

#[component]
fn CheckInForm(g: GoalPage, check_in: ServerAction<CheckInGoal>) -> impl IntoView {
    let error = action_error(check_in);
    let metric = g.measure == MeasureKind::Metric;
    let id = g.card.id;
    let dropped = g.card.status == GoalStatus::Dropped;
    let confidence_error = field_error(error, "confidence".into());
    let done_error = field_error(error, "done".into());
    view! {
        <section class="card" aria-labelledby="check-in">
            <h2 id="check-in">"Check in"</h2>
            <Notice key="checked_in" message="Check-in saved." />
            {dropped.then(|| view! { <p class="muted">"This goal is dropped. Move it back to In progress to check in again."</p> })}
            <FormAlert error />
            <ActionForm action=check_in attr:class="form" attr:novalidate=true>
                <input type="hidden" name="id" value=id.to_string() />
                {if metric {
                    view! { <Field label=format!("Where are you now? ({})", g.unit) name="input[value]" error_key="value" inputmode="decimal" required=true error /> }.into_any()
                } else {
                    view! {
                        <fieldset class="field" class:field-invalid=move || done_error.get().is_some()>
                            <legend>"Milestones done"</legend>
                            <div class="choices choices-column">
                                {g.milestones.iter().map(|m| {
                                    let box_id = format!("f-done-{}", m.id);
                                    let label_for = box_id.clone();
                                    view! {
                                        <label class="choice" for=label_for>
                                            <input type="checkbox" id=box_id name="input[done][]" value=m.id.to_string() checked=m.done />
                                            {m.title.clone()}
                                        </label>
                                    }
                                }).collect_view()}
                            </div>
                            {move || done_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                        </fieldset>
                    }.into_any()
                }}
                <div class="field" class:field-invalid=move || confidence_error.get().is_some()>
                    <label for="f-input-confidence">"How confident are you of reaching it?"</label>
                    <select id="f-input-confidence" name="input[confidence]">
                        <option value="">"Choose…"</option>
                        {[(1, "1 — not at all"), (2, "2"), (3, "3 — fairly"), (4, "4"), (5, "5 — very")].into_iter().map(|(n, l)| view! { <option value=n.to_string()>{l}</option> }).collect_view()}
                    </select>
                    {move || confidence_error.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                </div>
                <TextArea label="Note" name="input[note]" error_key="note" maxlength=2000 hint="What moved it, or what is in the way." error />
                <Field label="Date" name="input[checked_on]" error_key="checked_on" kind="date" hint="Leave empty for today." error />
                <Submit action=check_in label="Save check-in" busy="Saving…" />
            </ActionForm>
        </section>
    }
}

#[component]
fn Comments(g: GoalPage, comment: ServerAction<CommentGoal>) -> impl IntoView {
    let error = action_error(comment);
    let shared = g.card.visibility != Visibility::Private;
    (shared || !g.comments.is_empty()).then(|| view! {
        <section class="card" id="comments" aria-labelledby="comments-title">
            <h2 id="comments-title">"Comments"</h2>
            {if g.comments.is_empty() {
                view! { <p class="muted">{if g.mine { "Your match can comment on goals you share." } else { "No comments yet." }}</p> }.into_any()
            } else {
                view! {
                    <ul class="comments">
                        {g.comments.iter().map(|c| view! {
                            <li><p class="small"><strong>{c.author.clone()}</strong> <span class="muted">{c.when.clone()}</span></p><p>{c.body.clone()}</p></li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
            {(g.can_comment && shared).then(|| view! {
                <ActionForm action=comment attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="id" value=g.card.id.to_string() />
                    <TextArea label="Add a comment" name="body" maxlength=2000 required=true error />
                    <Submit action=comment label="Comment" busy="Sending…" />
                </ActionForm>
            })}
        </section>
    })
}
