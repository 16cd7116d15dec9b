//! The leadership report: an insights view's headline figures, who got how far, the trend
//! round by round and the success stories chosen for it, on one printable page (the browser
//! prints it without the site's navigation) and as a PDF.

use super::insights::{chosen_query, Table};
use crate::api::insights::load_insights_report;
use crate::components::shell::{ErrorCard, Loading, RequireUser};
use crate::models::InsightsReport;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn InsightsReportView() -> impl IntoView {
    let chosen = chosen_query();
    let data = Resource::new(move || chosen.get(), load_insights_report);
    view! {
        <Title text="Mentoring report" />
        <RequireUser render=move |_| view! {
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(r) => view! { <Report r /> }.into_any(),
                        Err(error) => view! { <ErrorCard error /> }.into_any(),
                    }
                })}
            </Suspense>
        } />
    }
}

#[component]
fn Report(r: InsightsReport) -> impl IntoView {
    let pdf = format!("/insights/report.pdf?{}", r.query_string);
    let back = format!("/insights?{}", r.query_string);
    let filters = r.filters.join(" · ");
    view! {
        <article class="report">
            <header class="page-head">
                <p class="eyebrow">"Mentoring report"</p>
                <h1>{r.scope.clone()}</h1>
                <p class="muted">{r.period_label.clone()}</p>
                {(!filters.is_empty()).then(|| view! { <p class="small muted">{filters}</p> })}
                <p class="small muted">{format!("Prepared on {}. Figures that would be about fewer than {} people are hidden.", r.prepared_on, r.group_min)}</p>
                <p class="actions no-print">
                    <a class="btn btn-primary" href=pdf rel="external" download="">"Download as PDF"</a>
                    <a class="btn" href=back>"Back to insights"</a>
                </p>
            </header>
            {match r.too_small.clone() {
                Some(why) => view! { <div class="alert" role="status">{why}</div> }.into_any(),
                None => view! {
                    <section class="card" aria-labelledby="headlines-title">
                        <h2 id="headlines-title">"Headlines"</h2>
                        <dl class="headline-grid">
                            {r.headlines.iter().map(|h| view! {
                                <div class="headline">
                                    <dt>{h.label.clone()}</dt>
                                    <dd class="headline-value">{h.value.clone().unwrap_or_else(|| "Hidden".into())}</dd>
                                    <dd class="small muted">{h.note.clone()}</dd>
                                </div>
                            }).collect_view()}
                        </dl>
                    </section>
                    {r.funnel.clone().map(|t| view! { <section class="card">{view! { <Table t /> }}</section> })}
                    {r.trend.clone().filter(|t| !t.rows.is_empty()).map(|t| view! { <section class="card">{view! { <Table t /> }}</section> })}
                }.into_any(),
            }}
            <section class="card" aria-labelledby="stories-title">
                <h2 id="stories-title">"In their words"</h2>
                {if r.stories.is_empty() {
                    view! { <p class="muted">"No stories chosen for the report yet. Program admins choose them on each program's stories page, from those their authors let into the report."</p> }.into_any()
                } else {
                    view! {
                        <ul class="plain-list report-stories">
                            {r.stories.iter().map(|s| view! {
                                <li>
                                    <blockquote class="pre-line">{s.body.clone()}</blockquote>
                                    <p class="small muted">{s.attribution()}</p>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        </article>
    }
}
