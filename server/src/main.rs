//! The `tandem` command: serves the app, migrates, creates admins, loads demo data.

use std::process::ExitCode;

/// mimalloc instead of glibc's allocator: the database threads allocate the rows that the
/// async threads free, and glibc's arenas made those threads queue on one lock (about 15 %
/// of the insights page's time in the profile; figures in docs/insights.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> ExitCode {
    server::cli::run().await
}
