//! `tandem bench-insights`: builds a large organisation on fresh databases (SQLite, and
//! PostgreSQL when `TANDEM_TEST_POSTGRES_URL` is set) and times the insights views an admin
//! opens: the organisation, one program, and a department across the organisation.

use app::domain::InsightQuery;
use app::ssr::storage::{BenchOrg, ScratchDb};
use app::ssr::{insights, AppState};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i].as_secs_f64() * 1e3
}

pub async fn bench_insights(org: BenchOrg, runs: usize) -> Result<(), String> {
    println!(
        "bench-insights: {} people, {} programs of {} rounds, {} pairs, {} sessions, {} goals; {runs} loads per view",
        org.people, org.programs, org.rounds_per_program, org.pairs, org.sessions, org.goals
    );
    let mut backends = vec![("SQLite", None)];
    if let Some(url) = std::env::var("TANDEM_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        backends.push(("PostgreSQL", Some(url)));
    }
    for (name, url) in backends {
        let t = match &url {
            None => ScratchDb::sqlite().await,
            Some(u) => ScratchDb::postgres(u).await,
        }
        .map_err(|e| format!("{name}: {e}"))?;
        let filled_at = Instant::now();
        t.db.fill_bench_org(org)
            .await
            .map_err(|e| format!("{name}: {e}"))?;
        println!(
            "  {name}: built in {:.1} s",
            filled_at.elapsed().as_secs_f64()
        );
        let state = AppState {
            db: t.db.clone(),
            mailer: Arc::new(crate::bench_queue::Discard::default()),
            settings: Arc::new(crate::bench_queue::settings()),
        };
        let admin =
            t.db.user_by_id(1)
                .await
                .map_err(|e| e.to_string())?
                .ok_or("the generated admin is missing")?;
        let views = [
            ("organisation", InsightQuery::default()),
            (
                "one program",
                InsightQuery {
                    program: "7".into(),
                    ..Default::default()
                },
            ),
            (
                "a department",
                InsightQuery {
                    department: "Engineering".into(),
                    ..Default::default()
                },
            ),
        ];
        for (view, query) in views {
            let mut took = Vec::with_capacity(runs);
            let mut shown = 0usize;
            for _ in 0..runs + 1 {
                let started = Instant::now();
                let page = insights::page(&state, &admin, &query)
                    .await
                    .map_err(|e| format!("{name} {view}: {e}"))?;
                took.push(started.elapsed());
                shown = page.sections.iter().map(|s| s.tables.len()).sum();
            }
            // The first load warms the database's cache; it is not counted.
            took.remove(0);
            took.sort();
            println!(
                "  {name:<10} {view:<13} p50 {:>7.1} ms   p99 {:>7.1} ms   ({shown} tables)",
                percentile(&took, 0.5),
                percentile(&took, 0.99),
            );
        }
    }
    if let Some(mib) = crate::bench::peak_rss_mib() {
        println!("  peak memory of the process (VmHWM): {mib:.1} MiB");
    }
    Ok(())
}
