//! Insights for org admins (the organisation or one program) and program admins (their
//! programs): figures over a period, filtered with a plain GET form, each drawn as an SVG chart
//! with its data table beside it, and downloadable as CSV. Nothing here hides anything: the
//! server sends only figures that passed disclosure control.

use crate::api::insights::{load_insights, SaveInsightsGroupMin};
use crate::components::form::{action_error, Field, FormAlert, Notice, Submit};
use crate::components::shell::{ErrorCard, Loading, RequireUser};
use crate::domain::{EnrollmentRole, InsightQuery, Shown, GROUP_MIN_RANGE};
use crate::error::AppError;
use crate::models::{InsightChart, InsightOptions, InsightTable, InsightUnit, InsightsPage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The view the address asks for: the filter form and the report's links carry it.
pub(super) fn chosen_query() -> Memo<InsightQuery> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|m| {
            let get = |k: &str| m.get(k).unwrap_or_default();
            InsightQuery {
                program: get("program"),
                department: get("department"),
                location: get("location"),
                level: get("level"),
                role: get("role"),
                from: get("from"),
                to: get("to"),
            }
        })
    })
}

#[component]
pub fn InsightsView() -> impl IntoView {
    // Created here, before anything suspends (see `components::by_id`).
    let save = ServerAction::<SaveInsightsGroupMin>::new();
    let chosen = chosen_query();
    let data = Resource::new(
        move || (chosen.get(), save.version().get()),
        |(q, _)| load_insights(q),
    );
    view! {
        <Title text="Insights" />
        <RequireUser render=move |_| view! {
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(p) => view! { <Insights p save /> }.into_any(),
                        Err(AppError::Invalid { message, .. }) => {
                            bad_request();
                            view! {
                                <header class="page-head"><h1>"Insights"</h1></header>
                                <div class="alert alert-error" role="alert">{message}</div>
                                <p><a href="/insights">"Show the last twelve months instead"</a></p>
                            }.into_any()
                        }
                        Err(error) => view! { <ErrorCard error /> }.into_any(),
                    }
                })}
            </Suspense>
        } />
    }
}

/// A view asked for with a wrong filter answers 400, not 200 with an error in it.
fn bad_request() {
    #[cfg(feature = "ssr")]
    if let Some(r) = use_context::<leptos_axum::ResponseOptions>() {
        r.set_status(axum::http::StatusCode::BAD_REQUEST);
    }
}

#[component]
fn Insights(p: InsightsPage, save: ServerAction<SaveInsightsGroupMin>) -> impl IntoView {
    let title = p
        .program_name
        .clone()
        .unwrap_or_else(|| "The whole organisation".into());
    let csv = format!("/insights.csv?{}", p.query_string);
    let report = format!("/insights/report?{}", p.query_string);
    let k = p.group_min;
    view! {
        <header class="page-head">
            <p class="eyebrow">"Insights"</p>
            <h1>{title}</h1>
            <p class="muted">{format!("{}. Every figure stands for at least {k} different people; a smaller group shows as “hidden”, and so does any figure that would give one away.", p.period_label)}</p>
        </header>
        <Notice key="saved" message="Saved: figures now need at least this many people." />
        <FilterForm q=p.query.clone() options=p.options.clone() whole_org=p.whole_org />
        <p class="actions">
            <a class="btn" href=csv download="tandem-insights.csv">"Download these figures (CSV)"</a>
            <a class="btn" href=report>"Leadership report"</a>
        </p>
        {p.too_small.clone().map(|m| view! { <div class="alert" role="status">{m}</div> })}
        <nav class="insight-toc" aria-label="Sections">
            <ul class="plain-list">
                {p.sections.iter().map(|s| view! { <li><a href=format!("#{}", s.key)>{s.title.clone()}</a></li> }).collect_view()}
            </ul>
        </nav>
        {p.sections.into_iter().map(|s| {
            let heading = format!("{}-title", s.key);
            let labelled_by = heading.clone();
            view! {
                <section class="card insight-section" id=s.key.clone() aria-labelledby=labelled_by>
                    <h2 id=heading>{s.title}</h2>
                    {s.tables.into_iter().map(|t| view! { <Table t /> }).collect_view()}
                </section>
            }
        }).collect_view()}
        {p.whole_org.then(|| view! { <GroupMinForm k save /> })}
    }
}

#[component]
fn FilterForm(q: InsightQuery, options: InsightOptions, whole_org: bool) -> impl IntoView {
    let selected = |value: &str, chosen: &str| value == chosen;
    view! {
        <form method="get" action="/insights" class="search-form insight-filters" role="search" aria-label="Choose what the figures cover">
            <div class="field">
                <label for="ins-program">"Program"</label>
                <select id="ins-program" name="program">
                    {whole_org.then(|| view! { <option value="" selected=q.program.is_empty()>"Whole organisation"</option> })}
                    {options.programs.iter().map(|(id, name)| {
                        let v = id.to_string();
                        view! { <option value=v.clone() selected=selected(&v, &q.program)>{name.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="ins-department">"Department"</label>
                <select id="ins-department" name="department">
                    <option value="" selected=q.department.is_empty()>"All departments"</option>
                    {options.departments.iter().map(|d| view! { <option value=d.clone() selected=selected(d, &q.department)>{d.clone()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="ins-location">"Location"</label>
                <select id="ins-location" name="location">
                    <option value="" selected=q.location.is_empty()>"All locations"</option>
                    {options.locations.iter().map(|l| view! { <option value=l.clone() selected=selected(l, &q.location)>{l.clone()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="ins-level">"Level"</label>
                <select id="ins-level" name="level">
                    <option value="" selected=q.level.is_empty()>"All levels"</option>
                    {options.levels.iter().map(|l| {
                        let v = l.to_string();
                        view! { <option value=v.clone() selected=selected(&v, &q.level)>{format!("Level {l}")}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="ins-role">"Role"</label>
                <select id="ins-role" name="role">
                    <option value="" selected=q.role.is_empty()>"Every role"</option>
                    {EnrollmentRole::ALL.iter().map(|r| view! { <option value=r.as_str() selected=selected(r.as_str(), &q.role)>{r.label()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="ins-from">"First month"</label>
                <input id="ins-from" name="from" type="month" placeholder="YYYY-MM" value=q.from.clone() />
            </div>
            <div class="field">
                <label for="ins-to">"Last month"</label>
                <input id="ins-to" name="to" type="month" placeholder="YYYY-MM" value=q.to.clone() />
            </div>
            <button type="submit" class="btn btn-primary">"Show"</button>
        </form>
    }
}

fn format(shown: Shown, unit: InsightUnit) -> String {
    match shown {
        Shown::Hidden => "hidden".into(),
        Shown::Figure(v) => match unit {
            InsightUnit::Average => format!("{v:.1}"),
            InsightUnit::Percent => format!("{} %", v.round() as i64),
            InsightUnit::People | InsightUnit::Count => format!("{}", v.round() as i64),
        },
    }
}

/// One table of figures with its chart; the leadership report shows some of them too.
#[component]
pub(super) fn Table(t: InsightTable) -> impl IntoView {
    let id = format!("t-{}", t.key);
    let caption_id = format!("{id}-caption");
    let chart = match t.chart {
        InsightChart::Bars if t.columns.len() == 1 => bars(&t, &caption_id).into_any(),
        _ => matrix(&t, &caption_id).into_any(),
    };
    let unit = t.unit;
    let totals = t.shown.row_totals.clone();
    let column_totals = t.shown.column_totals.clone();
    let total = t.shown.total;
    let title = t.title.clone();
    view! {
        <figure class="insight" id=id aria-labelledby=caption_id.clone()>
            <figcaption id=caption_id.clone()>
                <h3>{t.title.clone()}</h3>
                <p class="small muted">{t.note.clone()}</p>
            </figcaption>
            {chart}
            <div class="table-wrap" tabindex="0" role="region" aria-label=format!("{title}: figures")>
                <table class="insight-table">
                    <thead>
                        <tr>
                            <td></td>
                            {t.columns.iter().map(|c| view! { <th scope="col">{c.clone()}</th> }).collect_view()}
                            {totals.is_some().then(|| view! { <th scope="col">"Total"</th> })}
                        </tr>
                    </thead>
                    <tbody>
                        {t.rows.iter().enumerate().map(|(r, row)| view! {
                            <tr>
                                <th scope="row">{row.clone()}</th>
                                {t.shown.cells[r].iter().map(|s| view! { <td class:hidden-figure=*s == Shown::Hidden>{format(*s, unit)}</td> }).collect_view()}
                                {totals.as_ref().map(|tt| view! { <td class="total">{format(tt[r], unit)}</td> })}
                            </tr>
                        }).collect_view()}
                        {column_totals.map(|ct| view! {
                            <tr class="total">
                                <th scope="row">"Total"</th>
                                {ct.into_iter().map(|s| view! { <td>{format(s, unit)}</td> }).collect_view()}
                                {total.map(|s| view! { <td>{format(s, unit)}</td> })}
                            </tr>
                        })}
                    </tbody>
                </table>
            </div>
        </figure>
    }
}

/// The largest figure shown in a table, for scaling its chart (1 when nothing is shown).
fn largest(t: &InsightTable) -> f64 {
    t.shown
        .cells
        .iter()
        .flatten()
        .filter_map(|s| s.figure())
        .fold(0.0_f64, f64::max)
        .max(if t.unit == InsightUnit::Percent {
            100.0
        } else {
            1.0
        })
}

/// One bar per row: the label above, the bar below, the figure at its end.
fn bars(t: &InsightTable, caption_id: &str) -> impl IntoView {
    const ROW: f64 = 48.0;
    const LENGTH: f64 = 480.0;
    let max = largest(t);
    let height = ROW * t.rows.len() as f64 + 8.0;
    let unit = t.unit;
    let rows: Vec<_> = t
        .rows
        .iter()
        .zip(t.shown.cells.iter().map(|c| c[0]))
        .enumerate()
        .map(|(i, (label, shown))| {
            let y = 4.0 + i as f64 * ROW;
            let bar = match shown {
                Shown::Figure(v) => {
                    let w = (v / max * LENGTH).max(2.0);
                    view! {
                        <rect class="bar" x="0" y=y + 24.0 width=w height="18" rx="3" />
                        <text class="bar-figure" x=w + 8.0 y=y + 40.0>{format(shown, unit)}</text>
                    }
                    .into_any()
                }
                Shown::Hidden => view! {
                    <rect class="bar-hidden" x="0.5" y=y + 24.5 width=LENGTH height="17" rx="3" />
                    <text class="bar-figure" x="8" y=y + 40.0>"hidden"</text>
                }
                .into_any(),
            };
            view! {
                <text class="bar-label" x="0" y=y + 18.0>{label.clone()}</text>
                {bar}
            }
        })
        .collect();
    view! {
        <svg class="insight-chart" viewBox=format!("0 0 600 {height}") width="600" height=height role="img" aria-labelledby=caption_id.to_owned() preserveAspectRatio="xMinYMin meet">
            {rows}
        </svg>
    }
}

/// Rows × columns of squares, darker for larger figures, each with its figure.
fn matrix(t: &InsightTable, caption_id: &str) -> impl IntoView {
    const LEFT: f64 = 210.0;
    const TOP: f64 = 110.0;
    const CELL: f64 = 52.0;
    let max = largest(t);
    let unit = t.unit;
    let width = LEFT + CELL * t.columns.len() as f64 + 8.0;
    let height = TOP + CELL * t.rows.len() as f64 + 8.0;
    let short = |s: &str| {
        if s.chars().count() > 20 {
            format!("{}…", s.chars().take(19).collect::<String>())
        } else {
            s.to_owned()
        }
    };
    let heads: Vec<_> = t
        .columns
        .iter()
        .enumerate()
        .map(|(c, label)| {
            let x = LEFT + c as f64 * CELL + CELL / 2.0;
            view! {
                <text class="matrix-head" x=x y=TOP - 8.0 transform=format!("rotate(-40 {x} {})", TOP - 8.0)>{short(label)}</text>
            }
        })
        .collect();
    let cells: Vec<_> = t
        .rows
        .iter()
        .enumerate()
        .map(|(r, label)| {
            let y = TOP + r as f64 * CELL;
            let squares: Vec<_> = t.shown.cells[r]
                .iter()
                .enumerate()
                .map(|(c, shown)| {
                    let x = LEFT + c as f64 * CELL;
                    let (class, opacity) = match shown {
                        Shown::Figure(v) => ("square", 0.08 + 0.82 * (v / max).clamp(0.0, 1.0)),
                        Shown::Hidden => ("square-hidden", 1.0),
                    };
                    let strong = opacity > 0.5;
                    let figure = match shown {
                        Shown::Hidden => "–".to_owned(),
                        _ => format(*shown, unit).replace(" %", "%"),
                    };
                    view! {
                        <rect class=class x=x + 2.0 y=y + 2.0 width=CELL - 4.0 height=CELL - 4.0 rx="4" fill-opacity=format!("{opacity:.2}") />
                        <text class="square-figure" class:on-dark=strong x=x + CELL / 2.0 y=y + CELL / 2.0 + 5.0>{figure}</text>
                    }
                })
                .collect();
            view! {
                <text class="matrix-label" x=LEFT - 8.0 y=y + CELL / 2.0 + 5.0>{short(label)}</text>
                {squares}
            }
        })
        .collect();
    view! {
        <svg class="insight-chart matrix" viewBox=format!("0 0 {width} {height}") width=width height=height role="img" aria-labelledby=caption_id.to_owned() preserveAspectRatio="xMinYMin meet">
            {heads}
            {cells}
        </svg>
    }
}

#[component]
fn GroupMinForm(k: i64, save: ServerAction<SaveInsightsGroupMin>) -> impl IntoView {
    let error = action_error(save);
    view! {
        <section class="card narrow-left" aria-labelledby="group-min-title">
            <h2 id="group-min-title">"Smallest group shown"</h2>
            <p class="muted">{format!("How many different people must stand behind any figure in insights, for the whole organisation: {} to {}.", GROUP_MIN_RANGE.start(), GROUP_MIN_RANGE.end())}</p>
            <FormAlert error />
            <ActionForm action=save attr:class="form" attr:novalidate=true>
                <Field label="People" name="group_min" kind="number" inputmode="numeric" value=k.to_string() required=true
                    hint="Larger hides more; 5 is usual." error />
                <Submit action=save label="Save" busy="Saving…" />
            </ActionForm>
        </section>
    }
}
