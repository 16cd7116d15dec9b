//! `tandem` subcommands.

use crate::config::{load_file, Config, ConfigError};
use crate::database::open_db;
use crate::{demo, router, state, telemetry};
use app::domain::{Email, Role};
use app::ssr::storage::NewUser;
use axum::serve::ListenerExt;
use clap::{Parser, Subcommand};
use std::future::IntoFuture;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "tandem",
    version,
    about = "Tandem: peer mentoring programs for your workplace"
)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,

    /// A TOML file with settings (keys as in README, e.g. database_url); defaults to
    /// tandem.toml in the working folder when it exists.
    #[arg(long = "config", env = "TANDEM_CONFIG", global = true)]
    pub config_file: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve Tandem over HTTP (the default). Applies pending migrations first.
    Serve {
        /// Load the demo organisation into an empty database before serving.
        #[arg(long)]
        demo: bool,
        /// Serve HTTP only, leaving jobs to `tandem worker` processes.
        #[arg(long)]
        no_worker: bool,
    },
    /// Run the job worker alone (sending email, reminders and scheduled work), without
    /// serving HTTP: for a separate process beside `tandem serve --no-worker`.
    Worker {
        /// Run the jobs due now, then exit.
        #[arg(long)]
        once: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Copy the embedded (SQLite) database to FILE while Tandem keeps serving; the copy is
    /// consistent and checked. PostgreSQL is backed up with pg_dump (docs/operations.md).
    Backup {
        /// The backup file to write; it must not exist yet.
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Replace the embedded database with a backup made by `tandem backup`, then apply the
    /// migrations it lacks. Stop every server using the database first; the database it
    /// replaces is kept beside it.
    Restore {
        /// The backup file to restore.
        #[arg(long)]
        from: std::path::PathBuf,
    },
    /// Make an org admin: promotes an existing account, or creates one and prints a link to
    /// choose its password.
    CreateAdmin {
        #[arg(long)]
        email: String,
        /// Name for a new account (defaults to the part of the email before @).
        #[arg(long)]
        name: Option<String>,
    },
    /// Load the demo organisation (about 60 people) into an empty database.
    SeedDemo,
    /// Time the org directory import of a generated CSV on fresh databases and print the
    /// figures (PostgreSQL too when TANDEM_TEST_POSTGRES_URL is set).
    BenchImport {
        #[arg(long, default_value_t = 10_000)]
        rows: usize,
    },
    /// Build a large organisation on fresh databases and print the insights views' p50 and
    /// p99 (PostgreSQL too when TANDEM_TEST_POSTGRES_URL is set).
    BenchInsights {
        #[arg(long, default_value_t = 20_000)]
        people: i64,
        #[arg(long, default_value_t = 200)]
        programs: i64,
        #[arg(long, default_value_t = 40_000)]
        pairs: i64,
        #[arg(long, default_value_t = 1_000_000)]
        sessions: i64,
        #[arg(long, default_value_t = 200_000)]
        goals: i64,
        /// Loads of each view timed.
        #[arg(long, default_value_t = 30)]
        runs: usize,
    },
    /// Time the job queue on fresh databases: jobs per second with 1 and 4 workers, the delay
    /// under a backlog, and emails per second to the SMTP server TANDEM_SMTP_* names.
    BenchQueue {
        #[arg(long, default_value_t = 20_000)]
        jobs: usize,
        #[arg(long, default_value_t = 100_000)]
        backlog: usize,
        #[arg(long, default_value_t = 10_000)]
        emails: usize,
    },
    /// Load the signed-in dashboard and an RSVP link page with wrk (Debian's package), beside
    /// a bare axum handler returning a page of the same size, and print requests per second
    /// and latency percentiles. Runs on a fresh SQLite database with the demo organisation.
    BenchSsr {
        #[arg(long, default_value_t = 10)]
        seconds: u32,
        #[arg(long, default_value_t = 50)]
        connections: u32,
    },
    /// Time the matching engine on generated programs of each format and print time, peak
    /// memory and score against the upper bound.
    BenchMatch {
        /// Program sizes (participants; mentees in mentor formats), comma-separated.
        #[arg(long, value_delimiter = ',', default_values_t = [200, 2_000, 20_000])]
        sizes: Vec<usize>,
        /// Run one case, FORMAT:SIZE, in this process (used by the benchmark itself).
        #[arg(long, hide = true)]
        case: Option<String>,
    },
    /// Check an Exec Encounter draw downloaded from its event page: that the seed and nonce
    /// match the commitment published before the draw, and that the draw repeats exactly.
    Draw {
        /// The draw's JSON file.
        #[arg(long)]
        verify: std::path::PathBuf,
    },
    /// Match a program described in a JSON file (format in docs/matching.md) and write the
    /// result as JSON.
    Match {
        #[arg(long)]
        input: std::path::PathBuf,
        /// Where to write the result; standard output when left out.
        #[arg(long)]
        output: Option<std::path::PathBuf>,
    },
}

/// Parses the command line and runs it; configuration problems exit with code 2.
pub async fn run() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    if let Err(e) = load_file(&args) {
        return config_failure(e);
    }
    let cli = Cli::parse_from(&args);
    if let Err(e) = telemetry::init(&cli.config.log_format, &cli.config.log) {
        return config_failure(ConfigError(e));
    }
    let default = Command::Serve {
        demo: false,
        no_worker: false,
    };
    let result = match cli.command.unwrap_or(default) {
        Command::Serve { demo, no_worker } => serve(&cli.config, demo, !no_worker).await,
        Command::Worker { once } => worker(&cli.config, once).await,
        Command::Migrate => migrate(&cli.config).await,
        Command::Backup { to } => match cli.config.resolve() {
            Ok(cfg) => crate::backup::backup(&cfg, &to).await,
            Err(e) => Err(e),
        },
        Command::Restore { from } => match cli.config.resolve() {
            Ok(cfg) => crate::backup::restore(&cfg, &from).await,
            Err(e) => Err(e),
        },
        Command::CreateAdmin { email, name } => {
            create_admin(&cli.config, &email, name.as_deref()).await
        }
        Command::SeedDemo => seed(&cli.config).await,
        Command::BenchInsights {
            people,
            programs,
            pairs,
            sessions,
            goals,
            runs,
        } => {
            let org = app::ssr::storage::BenchOrg {
                people,
                programs,
                rounds_per_program: 10,
                pairs,
                sessions,
                goals,
                now: app::ssr::storage::now(),
            };
            crate::bench_insights::bench_insights(org, runs)
                .await
                .map_err(|e| ConfigError(format!("bench-insights failed: {e}")))
        }
        Command::BenchImport { rows } => crate::bench::bench_import(rows)
            .await
            .map_err(|e| ConfigError(format!("bench-import failed: {e}"))),
        Command::BenchQueue {
            jobs,
            backlog,
            emails,
        } => match cli.config.resolve() {
            Ok(resolved) => crate::bench_queue::bench_queue(&resolved, jobs, backlog, emails)
                .await
                .map_err(|e| ConfigError(format!("bench-queue failed: {e}"))),
            Err(e) => Err(e),
        },
        Command::BenchSsr {
            seconds,
            connections,
        } => crate::bench_ssr::bench_ssr(&cli.config, seconds, connections)
            .await
            .map_err(|e| ConfigError(format!("bench-ssr failed: {e}"))),
        Command::BenchMatch { sizes, case } => match case {
            Some(case) => crate::bench_match::bench_case(&case),
            None => crate::bench_match::bench_match(&sizes),
        }
        .map_err(|e| ConfigError(format!("bench-match failed: {e}"))),
        Command::Draw { verify } => verify_draw(&verify),
        Command::Match { input, output } => {
            crate::bench_match::match_file(&input, output.as_deref()).map_err(ConfigError)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => config_failure(e),
    }
}

/// `tandem draw --verify FILE`.
fn verify_draw(path: &std::path::Path) -> Result<(), ConfigError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| ConfigError(format!("cannot read {}: {e}", path.display())))?;
    let record: app::domain::DrawRecord = serde_json::from_str(&text)
        .map_err(|e| ConfigError(format!("{} is not a draw file ({e})", path.display())))?;
    let mut problems = Vec::new();
    match &record.commitment {
        Some(c) => {
            let expected = app::ssr::support::crypto::draw_commitment(record.seed, &record.nonce);
            if &expected != c {
                problems.push(format!(
                    "the seed and nonce do not match the commitment published before the draw \
                     ({c}; they give {expected})"
                ));
            }
        }
        None => {
            println!("This draw was held before draws were committed to; checking the order only.")
        }
    }
    let replay = record.replay();
    if replay != record.order {
        problems.push(format!(
            "the order does not follow from the seed: it should be {replay:?}"
        ));
    }
    if problems.is_empty() {
        println!(
            "The draw for \"{}\" checks out: {} entrants, seed {}, order {:?}.",
            record.event, record.entrants, record.seed, record.order
        );
        Ok(())
    } else {
        Err(ConfigError(format!(
            "the draw for \"{}\" does not check out: {}",
            record.event,
            problems.join("; ")
        )))
    }
}

fn config_failure(e: ConfigError) -> ExitCode {
    eprintln!("tandem: {e}");
    ExitCode::from(2)
}

async fn serve(config: &Config, demo_data: bool, with_worker: bool) -> Result<(), ConfigError> {
    let cfg = config.resolve()?;
    let _in_use = crate::backup::hold(&cfg)?;
    let db = open_db(&cfg).await?;
    if demo_data {
        match demo::seed(&db).await {
            Ok(Some(summary)) => println!("{summary}\n{}", demo::sign_ins()),
            Ok(None) => {
                let admin = Email::parse(demo::ADMIN_EMAIL).ok();
                let has_demo = match admin {
                    Some(e) => db.user_by_email(&e).await.ok().flatten().is_some(),
                    None => false,
                };
                if has_demo {
                    println!("{}", demo::sign_ins());
                } else {
                    println!("The database already has people; demo data not loaded.");
                }
            }
            Err(e) => return Err(ConfigError(format!("cannot load demo data: {e}"))),
        }
    }
    let mut options = leptos::config::get_configuration(None)
        .map_err(|e| ConfigError(format!("Leptos configuration: {e}")))?
        .leptos_options;
    options.site_addr = cfg.addr;
    // A release build names its files by content and says so in a file beside the binary;
    // then pages link those names and browsers may keep them for good.
    options.hash_files =
        options.hash_files || crate::assets::build_hashed_names(&options.hash_file);
    if !std::path::Path::new(options.site_root.as_ref())
        .join(options.site_pkg_dir.as_ref())
        .exists()
    {
        tracing::warn!(site_root = %options.site_root, "the site folder has no built assets: set LEPTOS_SITE_ROOT to the folder holding pkg/");
    }
    let listener = tokio::net::TcpListener::bind(cfg.addr).await.map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            ConfigError(format!("TANDEM_ADDR {} is already in use: stop the program using it or choose another port", cfg.addr))
        } else {
            ConfigError(format!("cannot listen on TANDEM_ADDR {} ({e})", cfg.addr))
        }
    })?;
    let app_state = state::from_config(db.clone(), &cfg)?;
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let worker = with_worker.then(|| {
        tokio::spawn(app::ssr::delivery::worker::run(
            app_state.clone(),
            app::ssr::delivery::worker::owner_name(),
            stopped,
        ))
    });
    println!("Email goes to {}.", app_state.mailer.describe());
    let app = router::build(app_state, options);
    let backend = if cfg.postgres { "PostgreSQL" } else { "SQLite" };
    tracing::info!(addr = %cfg.addr, base_url = %cfg.base_url, backend, "Tandem is listening");
    println!(
        "Tandem is running at {} ({backend}). Press Ctrl-C to stop.",
        cfg.base_url
    );
    // Without TCP_NODELAY a large page can wait ~40 ms for the client's delayed ACK.
    let listener = listener.tap_io(|tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "could not set TCP_NODELAY");
        }
    });
    // On SIGTERM the server stops taking connections and lets requests in flight finish, for
    // at most the grace period; then it exits whatever is still running.
    let (signalled, on_signal) = tokio::sync::oneshot::channel::<()>();
    let server = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown_signal().await;
        let _ = signalled.send(());
    })
    .into_future();
    let grace = cfg.shutdown_grace;
    let deadline = async move {
        let _ = on_signal.await;
        tokio::time::sleep(grace).await;
    };
    tokio::select! {
        served = server => served.map_err(|e| ConfigError(format!("server error: {e}")))?,
        () = deadline => tracing::warn!(grace_secs = grace.as_secs(), "requests still running after the grace period; stopping anyway"),
    }
    // The worker finishes the job in hand and gives back its leases.
    let _ = stop.send(true);
    if let Some(worker) = worker {
        let _ = tokio::time::timeout(std::time::Duration::from_secs(30), worker).await;
    }
    db.close().await;
    println!("Tandem stopped.");
    Ok(())
}

/// `tandem worker`: runs jobs until stopped (or, with `--once`, the jobs due now).
async fn worker(config: &Config, once: bool) -> Result<(), ConfigError> {
    let cfg = config.resolve()?;
    let _in_use = crate::backup::hold(&cfg)?;
    let db = open_db(&cfg).await?;
    let app_state = state::from_config(db.clone(), &cfg)?;
    let owner = app::ssr::delivery::worker::owner_name();
    if once {
        let n = app::ssr::delivery::drain(&app_state, &owner)
            .await
            .map_err(|e| ConfigError(format!("jobs could not run: {e}")))?;
        println!("Ran {n} jobs.");
        db.close().await;
        return Ok(());
    }
    println!(
        "Tandem worker {owner} is running; email goes to {}.",
        app_state.mailer.describe()
    );
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let run = tokio::spawn(app::ssr::delivery::worker::run(app_state, owner, stopped));
    shutdown_signal().await;
    let _ = stop.send(true);
    let _ = tokio::time::timeout(std::time::Duration::from_secs(30), run).await;
    db.close().await;
    println!("Tandem worker stopped.");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}

async fn create_admin(config: &Config, email: &str, name: Option<&str>) -> Result<(), ConfigError> {
    let email = Email::parse(email).map_err(|e| ConfigError(format!("--email {email:?}: {e}")))?;
    let cfg = &config.resolve()?;
    let db = open_db(cfg).await?;
    let fail = |e: app::ssr::storage::StorageError| ConfigError(format!("database error: {e}"));
    if let Some(user) = db.user_by_email(&email).await.map_err(fail)? {
        db.set_role(user.id, Role::OrgAdmin).await.map_err(fail)?;
        println!("{email} is now an org admin.");
        return Ok(());
    }
    let default_name = email
        .as_str()
        .split('@')
        .next()
        .unwrap_or("Admin")
        .to_owned();
    let name = name.map(str::to_owned).unwrap_or(default_name);
    db.create_user(NewUser {
        email: &email,
        name: &name,
        role: Role::OrgAdmin,
        password_hash: None,
    })
    .await
    .map_err(fail)?;
    let app_state = state::from_config(db, cfg)?;
    app::ssr::accounts::request_password_reset(&app_state, email.as_str())
        .await
        .map_err(|e| {
            ConfigError(format!(
                "account created, but the password link could not be sent: {e}"
            ))
        })?;
    // Sent now, not when a server next runs its worker.
    app::ssr::delivery::drain(&app_state, &app::ssr::delivery::worker::owner_name())
        .await
        .map_err(|e| ConfigError(format!("the password link could not be sent: {e}")))?;
    println!(
        "Created org admin {email}. A link to choose the password was emailed through {}.",
        app_state.mailer.describe()
    );
    Ok(())
}

async fn migrate(config: &Config) -> Result<(), ConfigError> {
    open_db(&config.resolve()?).await?;
    println!("Migrations applied.");
    Ok(())
}

async fn seed(config: &Config) -> Result<(), ConfigError> {
    let cfg = &config.resolve()?;
    let db = open_db(cfg).await?;
    match demo::seed(&db)
        .await
        .map_err(|e| ConfigError(format!("cannot load demo data: {e}")))?
    {
        Some(summary) => println!("{summary}\n{}", demo::sign_ins()),
        None => println!("The database already has people; demo data not loaded."),
    }
    Ok(())
}
