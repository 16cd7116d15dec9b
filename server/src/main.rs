//! The `tandem` command: serves the app, migrates, creates admins, loads demo data.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    server::cli::run().await
}
