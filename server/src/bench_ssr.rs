//! `tandem bench-ssr`: how many server-rendered pages Tandem answers per second, beside a bare
//! axum handler that returns a page of the same size, in the same run and under the same
//! load. Tandem runs with its whole router (sessions, security headers, storage) on a fresh
//! SQLite database with the demo organisation; `wrk` (Debian's package) is the load, 50
//! connections on loopback by default.

use crate::config::Config;
use crate::database::open_db;
use crate::{demo, router, state};
use app::domain::Email;
use axum::response::Html;
use std::net::SocketAddr;
use std::process::Command;

/// What one target gave under load.
struct Figures {
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
}

pub async fn bench_ssr(config: &Config, seconds: u32, connections: u32) -> Result<(), String> {
    if Command::new("wrk").arg("--version").output().is_err() {
        return Err(
            "wrk is not installed (Debian's package wrk; scripts/setup.sh installs it)".into(),
        );
    }
    let dir = std::env::temp_dir().join(format!("tandem-bench-ssr-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let result = run(config, &dir, seconds, connections).await;
    let _ = std::fs::remove_dir_all(&dir);
    result
}

async fn run(
    config: &Config,
    dir: &std::path::Path,
    seconds: u32,
    connections: u32,
) -> Result<(), String> {
    let mut config = config.clone();
    config.database_url = format!("sqlite://{}/tandem.db", dir.display());
    config.data_dir = dir.to_path_buf();
    let cfg = config.resolve().map_err(|e| e.0)?;
    let db = open_db(&cfg).await.map_err(|e| e.0)?;
    demo::seed(&db).await.map_err(|e| e.to_string())?;
    let app_state = state::from_config(db.clone(), &cfg).map_err(|e| e.0)?;

    // A person of the demo organisation, and a personal RSVP link to one of their events.
    let email = Email::parse(demo::PARTICIPANT_EMAIL).map_err(|e| e.to_string())?;
    let person = db
        .user_by_email(&email)
        .await
        .map_err(|e| e.to_string())?
        .ok_or("the demo participant is missing")?;
    let event = db
        .events_of(person.id)
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .next()
        .ok_or("the demo participant has no event")?;
    let rsvp = app::ssr::events::rsvp::personal_link(&app_state, &event, person.id, false)
        .await
        .map_err(|e| e.to_string())?;
    let rsvp_path = rsvp
        .find("/rsvp/")
        .map(|at| rsvp[at..].to_owned())
        .ok_or("the RSVP link has no /rsvp/ path")?;

    let mut options = leptos::config::get_configuration(None)
        .map_err(|e| format!("Leptos configuration: {e}"))?
        .leptos_options;
    options.hash_files =
        options.hash_files || crate::assets::build_hashed_names(&options.hash_file);
    let tandem = serve(router::build(app_state, options)).await?;
    let base = format!("http://{tandem}");

    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .map_err(|e| e.to_string())?;
    let signed_in = client
        .post(format!("{base}/api/sign_in"))
        .header("origin", &base)
        .header("sec-fetch-site", "same-origin")
        .form(&[
            ("email", demo::PARTICIPANT_EMAIL),
            ("password", demo::DEMO_PASSWORD),
        ])
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let cookie = signed_in
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.split(';').next())
        .collect::<Vec<_>>()
        .join("; ");
    if cookie.is_empty() {
        return Err(format!("signing in failed ({})", signed_in.status()));
    }
    let dashboard = page(&client, &format!("{base}/")).await?;
    if !dashboard.contains("Hello, ") {
        return Err("the dashboard did not render for the signed-in person".into());
    }
    let rsvp_page = page(&client, &format!("{base}{rsvp_path}")).await?;

    // The bare handler returns the dashboard's own bytes: the same size on the wire.
    let page = dashboard.clone();
    let bare_router = axum::Router::new().route(
        "/",
        axum::routing::get(move || {
            let page = page.clone();
            async move { Html(page) }
        }),
    );
    let bare = serve(bare_router).await?;

    println!(
        "bench-ssr: {connections} connections on loopback for {seconds} s each, wrk with one \
         thread; the dashboard is {} bytes, the RSVP page {} bytes",
        dashboard.len(),
        rsvp_page.len()
    );
    let bare_figures = load(&format!("http://{bare}/"), None, seconds, connections)?;
    let dash_figures = load(&format!("{base}/"), Some(&cookie), seconds, connections)?;
    let rsvp_figures = load(&format!("{base}{rsvp_path}"), None, seconds, connections)?;
    println!("| target | requests/s | p50 ms | p99 ms | of bare |");
    println!("| --- | --- | --- | --- | --- |");
    for (name, f) in [
        ("bare axum, same bytes", &bare_figures),
        ("dashboard, signed in", &dash_figures),
        ("RSVP link page", &rsvp_figures),
    ] {
        println!(
            "| {name} | {:.0} | {:.1} | {:.1} | {:.0} % |",
            f.rps,
            f.p50_ms,
            f.p99_ms,
            100.0 * f.rps / bare_figures.rps
        );
    }
    Ok(())
}

/// The HTML of the page at `url`.
async fn page(client: &reqwest::Client, url: &str) -> Result<String, String> {
    let res = client.get(url).send().await.map_err(|e| e.to_string())?;
    res.text().await.map_err(|e| e.to_string())
}

/// Serves `router` on a free loopback port, as `tandem serve` does.
async fn serve(router: axum::Router) -> Result<SocketAddr, String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await;
    });
    Ok(addr)
}

/// Runs wrk against `url` and reads its requests per second and latency percentiles.
fn load(
    url: &str,
    cookie: Option<&str>,
    seconds: u32,
    connections: u32,
) -> Result<Figures, String> {
    let mut wrk = Command::new("wrk");
    wrk.args(["-t1", "--latency"])
        .arg(format!("-c{connections}"))
        .arg(format!("-d{seconds}s"));
    if let Some(cookie) = cookie {
        wrk.arg("-H").arg(format!("Cookie: {cookie}"));
    }
    let out = wrk.arg(url).output().map_err(|e| format!("wrk: {e}"))?;
    let text = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        return Err(format!("wrk failed on {url}: {text}"));
    }
    if text.contains("Non-2xx") {
        return Err(format!("{url} answered with errors under load:\n{text}"));
    }
    parse_wrk(&text).ok_or_else(|| format!("could not read wrk's figures:\n{text}"))
}

/// Requests/sec and the 50 % and 99 % lines of wrk's `--latency` report.
fn parse_wrk(text: &str) -> Option<Figures> {
    let rps = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("Requests/sec:"))?
        .trim()
        .parse()
        .ok()?;
    let percentile = |p: &str| {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(p))
            .and_then(|v| duration_ms(v.trim()))
    };
    Some(Figures {
        rps,
        p50_ms: percentile("50%")?,
        p99_ms: percentile("99%")?,
    })
}

/// wrk's durations: `812.00us`, `3.41ms`, `1.02s`.
fn duration_ms(v: &str) -> Option<f64> {
    let (number, factor) = if let Some(n) = v.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = v.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = v.strip_suffix('s') {
        (n, 1000.0)
    } else {
        return None;
    };
    number.parse::<f64>().ok().map(|n| n * factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_figures_of_a_wrk_report() {
        let report = "Running 10s test @ http://127.0.0.1:3000/\n  1 threads and 50 connections\n  \
            Thread Stats   Avg      Stdev     Max   +/- Stdev\n    Latency     3.41ms  812.00us  20.00ms   90.00%\n  \
            Latency Distribution\n     50%  812.00us\n     75%    3.50ms\n     90%    4.00ms\n     99%    1.02s\n  \
            12345 requests in 10.00s, 1.00GB read\nRequests/sec:   1234.50\nTransfer/sec:    100.00MB\n";
        let f = parse_wrk(report).unwrap();
        assert_eq!(f.rps, 1234.5);
        assert!((f.p50_ms - 0.812).abs() < 1e-9);
        assert_eq!(f.p99_ms, 1020.0);
        assert!(parse_wrk("Running 10s test\n").is_none());
    }
}
