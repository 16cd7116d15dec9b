//! `tandem bench-import`: times the org directory import of a generated file and reports the
//! process's peak memory, on fresh databases (SQLite, and PostgreSQL when
//! `TANDEM_TEST_POSTGRES_URL` is set).

use app::directory::{parse, plan};
use app::ssr::storage::ScratchDb;
use std::fmt::Write as _;
use std::time::Instant;

/// A directory of `rows` people: a CEO, then everyone reporting to someone earlier in the file,
/// in eight departments and four time zones.
pub fn generate_csv(rows: usize) -> String {
    let mut csv = String::from(
        "email,name,department,team,job title,level,manager_email,location,time zone\n",
    );
    let depts = app::ssr::storage::BENCH_DEPARTMENTS;
    let zones = [
        ("Lisbon", "Europe/Lisbon"),
        ("London", "Europe/London"),
        ("New York", "America/New_York"),
        ("Singapore", "Asia/Singapore"),
    ];
    for i in 0..rows {
        let manager = if i == 0 {
            String::new()
        } else {
            format!("person{}@example.com", (i - 1) / 8)
        };
        let (loc, tz) = zones[i % zones.len()];
        let _ = writeln!(
            csv,
            "person{i}@example.com,Person Number {i},{},Team {},Specialist,{},{manager},{loc},{tz}",
            depts[i % depts.len()],
            i % 40,
            1 + (i % 15)
        );
    }
    csv
}

pub(crate) fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

pub async fn bench_import(rows: usize) -> Result<(), String> {
    let csv = generate_csv(rows);
    println!(
        "bench-import: {rows} rows, {:.2} MB of CSV",
        csv.len() as f64 / 1_048_576.0
    );
    let sqlite = ScratchDb::sqlite().await.map_err(|e| e.to_string())?;
    let mut backends = vec![("SQLite", sqlite)];
    if let Some(url) = std::env::var("TANDEM_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        let pg = ScratchDb::postgres(&url)
            .await
            .map_err(|e| format!("TANDEM_TEST_POSTGRES_URL: {e}"))?;
        backends.push(("PostgreSQL", pg));
    }
    for (name, t) in backends {
        let start = Instant::now();
        let parsed = parse(csv.as_bytes())
            .map_err(|p| format!("{} problems, first: {:?}", p.len(), p.first()))?;
        let parsed_at = start.elapsed();
        let existing = t.db.directory().await.map_err(|e| e.to_string())?;
        let p = plan(parsed, &existing)
            .map_err(|p| format!("{} problems, first: {:?}", p.len(), p.first()))?;
        let planned_at = start.elapsed();
        let (created, _) = t.db.apply_import(&p).await.map_err(|e| e.to_string())?;
        let total = start.elapsed();
        println!(
            "  {name:<10} parse {:>7.1} ms   plan {:>7.1} ms   write {:>8.1} ms   total {:>8.1} ms   created {created}",
            parsed_at.as_secs_f64() * 1e3,
            (planned_at - parsed_at).as_secs_f64() * 1e3,
            (total - planned_at).as_secs_f64() * 1e3,
            total.as_secs_f64() * 1e3,
        );
    }
    if let Some(mib) = peak_rss_mib() {
        println!("  peak memory of the process (VmHWM): {mib:.1} MiB");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_generated_directory_is_a_valid_import() {
        let csv = super::generate_csv(50);
        let rows = app::directory::parse(csv.as_bytes()).unwrap();
        assert_eq!(rows.len(), 50);
        assert!(app::directory::plan(rows, &Default::default()).is_ok());
    }
}
