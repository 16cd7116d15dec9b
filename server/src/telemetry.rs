use tracing_subscriber::{fmt, EnvFilter};

/// Logs to stderr as text or JSON lines, filtered by `TANDEM_LOG`.
pub fn init(format: &str, filter: &str) -> Result<(), String> {
    let filter = EnvFilter::try_new(filter).map_err(|e| {
        format!("TANDEM_LOG {filter:?} is not a log filter ({e}): use e.g. info or info,app=debug")
    })?;
    let builder = fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false);
    let result = match format {
        "text" => builder.try_init(),
        "json" => builder.json().flatten_event(true).try_init(),
        other => {
            return Err(format!(
                "TANDEM_LOG_FORMAT {other:?} is not a log format: use text or json"
            ))
        }
    };
    // A second init (tests start several servers in one process) keeps the first subscriber.
    let _ = result;
    Ok(())
}
