//! The browser app's own files under `/pkg`: the WASM, its JavaScript and the stylesheet.
//!
//! A phone on a mobile network should download them once, small: a release build writes a
//! brotli and a gzip copy beside each file (`cargo leptos build --precompress`), and the copy
//! the browser accepts is sent as it is, with no compression work per request. When the build
//! put a content hash in the names (`hash-files`), a name never changes meaning, so browsers
//! may keep the file for a year without asking again; without hashes they ask every time and
//! get a cheap "not modified".

use axum::http::header::{CACHE_CONTROL, VARY};
use axum::http::{HeaderValue, Response};
use axum::Router;
use std::path::{Path, PathBuf};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

/// How long a browser keeps a file whose name carries its hash.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// For names without a hash: keep, but check first.
pub const REVALIDATE: &str = "no-cache";

/// Serves `site_root/pkg_dir` at `/{pkg_dir}`; `hashed` when the build put hashes in the names.
pub fn routes<S: Clone + Send + Sync + 'static>(
    site_root: &str,
    pkg_dir: &str,
    hashed: bool,
) -> Router<S> {
    let dir: PathBuf = Path::new(site_root).join(pkg_dir);
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        // A name that is not there is a 404, never the app's page.
        .append_index_html_on_directories(false);
    let caching = HeaderValue::from_static(if hashed { IMMUTABLE } else { REVALIDATE });
    let service = tower::ServiceBuilder::new()
        // Only a file that was found may be kept: a 404 must not stick for a year.
        .layer(SetResponseHeaderLayer::overriding(
            CACHE_CONTROL,
            move |res: &Response<_>| res.status().is_success().then(|| caching.clone()),
        ))
        // Caches in between keep one copy per encoding the browser asked for.
        .layer(SetResponseHeaderLayer::overriding(
            VARY,
            HeaderValue::from_static("accept-encoding"),
        ))
        .service(files);
    Router::new().nest_service(&format!("/{}", pkg_dir.trim_matches('/')), service)
}

/// Whether the build wrote hashed names: cargo-leptos then leaves `hash_file` beside the
/// executable, which is also where Leptos looks for it when it writes the page's links.
pub fn build_hashed_names(hash_file: &str) -> bool {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(hash_file)))
        .is_some_and(|path| path.is_file())
}
