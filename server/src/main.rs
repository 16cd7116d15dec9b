//! The `tandem` command: serves the app, migrates, creates admins, loads demo data.

use std::process::ExitCode;

/// mimalloc instead of glibc's allocator: the database threads allocate the rows that the
/// async threads free, and glibc's arenas made those threads queue on one lock (about 15 %
/// of the insights page's time in the profile; figures in docs/insights.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    keep_freed_memory();
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime.block_on(server::cli::run()),
        Err(e) => {
            eprintln!("tandem: cannot start the async runtime: {e}");
            ExitCode::FAILURE
        }
    }
}

/// mimalloc hands memory freed for a second back to the system, and the next large page (an
/// insights view of a big organisation allocates about a gigabyte) takes it back a page at a
/// time, each zeroed by the kernel. In the benchmark those were the slowest loads: the
/// organisation view's p99 on PostgreSQL was 274–399 ms with purging and 203–250 ms
/// without (docs/insights.md). So Tandem keeps what it freed for its next request; its resident
/// memory stays at its high-water mark. `MIMALLOC_PURGE_DELAY` in the environment still
/// decides, when set. Called before any other thread starts: mimalloc's options are not
/// thread-safe to set.
fn keep_freed_memory() {
    use libmimalloc_sys::{mi_option_get, mi_option_set, mi_option_t};
    /// `mi_option_purge_delay` of mimalloc 3, which libmimalloc-sys leaves unnamed.
    const PURGE_DELAY: mi_option_t = 15;
    /// Its default, in milliseconds: a different value means the option is not the one meant
    /// here (another mimalloc) or was set, so it is left alone.
    const DEFAULT_MS: std::os::raw::c_long = 1_000;
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // SAFETY: plain reads and writes of mimalloc's option table, before other threads exist.
    unsafe {
        if mi_option_get(PURGE_DELAY) == DEFAULT_MS {
            mi_option_set(PURGE_DELAY, -1);
        }
    }
}
