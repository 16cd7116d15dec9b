//! The browser app's files as a phone gets them: the smallest copy it accepts, kept for a
//! year when the name carries a hash, and never a cached 404.

mod common;

use common::{spawn_app_serving, Backend, TestApp};
use reqwest::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, VARY};
use std::path::{Path, PathBuf};

/// A site folder as `cargo leptos build --release --precompress` leaves it: each file with a
/// brotli and a gzip copy beside it. The copies' bytes are marked so a test can tell which
/// one it was sent.
fn site(names: &[&str]) -> PathBuf {
    let root = std::env::temp_dir().join(format!("tandem-site-{}", rand::random::<u64>()));
    let pkg = root.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    for name in names {
        std::fs::write(pkg.join(name), format!("raw {name} ").repeat(200)).unwrap();
        std::fs::write(pkg.join(format!("{name}.br")), format!("brotli {name}")).unwrap();
        std::fs::write(pkg.join(format!("{name}.gz")), format!("gzip {name}")).unwrap();
    }
    root
}

async fn get(app: &TestApp, path: &str, encodings: Option<&str>) -> reqwest::Response {
    let mut req = common::client().get(app.url(path));
    if let Some(e) = encodings {
        req = req.header(ACCEPT_ENCODING, e);
    }
    req.send().await.unwrap()
}

fn header(res: &reqwest::Response, name: reqwest::header::HeaderName) -> &str {
    res.headers()
        .get(&name)
        .map(|v| v.to_str().unwrap())
        .unwrap_or("")
}

async fn serve(root: &Path, hash_file: Option<&str>) -> TestApp {
    spawn_app_serving(Backend::Sqlite, root, hash_file)
        .await
        .unwrap()
}

/// Writes the hashes file a release build leaves beside the executable (here the test's),
/// under a name of the test's own; returns that name.
fn hashes_beside_the_executable(js: &str, wasm: &str, css: &str) -> (String, PathBuf) {
    let name = format!("tandem-hashes-{}.txt", rand::random::<u64>());
    let path = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .join(&name);
    std::fs::write(&path, format!("js: {js}\nwasm: {wasm}\ncss: {css}\n")).unwrap();
    (name, path)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hashed_files_go_out_precompressed_and_are_kept_for_a_year() {
    let wasm = "tandem.kX3v9Qp2aZ.wasm";
    let js = "tandem.Fq81LmN0cE.js";
    let css = "tandem.Zq7dW2pLk0.css";
    let root = site(&[wasm, js, css]);
    let (hash_file, hash_path) =
        hashes_beside_the_executable("Fq81LmN0cE", "kX3v9Qp2aZ", "Zq7dW2pLk0");
    let app = serve(&root, Some(&hash_file)).await;

    // Pages link the hashed names.
    let page = common::html(&app.client, &app.url("/sign-in")).await;
    for name in [wasm, js, css] {
        assert!(page.contains(&format!("/pkg/{name}")), "{name} in {page}");
    }

    let res = get(
        &app,
        &format!("/pkg/{wasm}"),
        Some("gzip, deflate, br, zstd"),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(header(&res, CONTENT_ENCODING), "br");
    assert_eq!(header(&res, CONTENT_TYPE), "application/wasm");
    assert_eq!(
        header(&res, CACHE_CONTROL),
        "public, max-age=31536000, immutable"
    );
    assert_eq!(header(&res, VARY), "accept-encoding");
    assert_eq!(res.text().await.unwrap(), format!("brotli {wasm}"));

    // A browser without brotli gets gzip; a client that asks for nothing gets the file.
    let res = get(&app, &format!("/pkg/{js}"), Some("gzip")).await;
    assert_eq!(header(&res, CONTENT_ENCODING), "gzip");
    assert!(header(&res, CONTENT_TYPE).contains("javascript"));
    assert_eq!(res.text().await.unwrap(), format!("gzip {js}"));
    let res = get(&app, &format!("/pkg/{js}"), None).await;
    assert_eq!(res.status(), 200);
    assert_eq!(header(&res, CONTENT_ENCODING), "");
    assert!(res
        .text()
        .await
        .unwrap()
        .starts_with(&format!("raw {js} raw")));

    // A name that is not there is a plain 404 that no browser keeps.
    for missing in ["/pkg/tandem.0000000000.wasm", "/pkg/", "/pkg/../Cargo.toml"] {
        let res = get(&app, missing, Some("br")).await;
        assert_eq!(res.status(), 404, "{missing}");
        assert_ne!(
            header(&res, CACHE_CONTROL),
            "public, max-age=31536000, immutable",
            "{missing}"
        );
    }
    std::fs::remove_dir_all(root).unwrap();
    std::fs::remove_file(hash_path).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_without_hashes_are_checked_before_reuse() {
    let css = "tandem.css";
    let root = site(&[css]);
    let app = serve(&root, None).await;

    let res = get(&app, &format!("/pkg/{css}"), Some("br")).await;
    assert_eq!(res.status(), 200);
    assert_eq!(header(&res, CONTENT_ENCODING), "br");
    assert_eq!(header(&res, CACHE_CONTROL), "no-cache");
    let modified = header(&res, reqwest::header::LAST_MODIFIED).to_owned();
    assert!(!modified.is_empty(), "a date to check against");

    // Asking again with that date costs a "not modified" and no body.
    let again = common::client()
        .get(app.url(&format!("/pkg/{css}")))
        .header(ACCEPT_ENCODING, "br")
        .header(reqwest::header::IF_MODIFIED_SINCE, modified)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert!(again.bytes().await.unwrap().is_empty());
    std::fs::remove_dir_all(root).unwrap();
}
