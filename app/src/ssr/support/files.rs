//! Files uploaded to the resource hub: which ones Tandem takes, how their type is decided,
//! and where they are kept.
//!
//! A file's type is read from its first bytes (the `infer` crate's signatures), never taken
//! from its name or the browser's word; the name must agree with what the content is, so a
//! script renamed `guide.pdf` is refused rather than stored. Kept files get a random key (they
//! live in the database, see `storage::resources`) and are always served with the type found here, `nosniff`, and a sandboxing policy.

use crate::error::AppError;
use std::path::{Path, PathBuf};

/// The largest file taken, in bytes.
pub const FILE_MAX_BYTES: usize = 10 * 1024 * 1024;

/// A kind of file the hub takes: its content type, what people call it, the file name
/// endings it goes by, and whether pages show it inline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileType {
    pub mime: &'static str,
    pub label: &'static str,
    pub endings: &'static [&'static str],
    pub image: bool,
}

pub const FILE_TYPES: &[FileType] = &[
    FileType {
        mime: "application/pdf",
        label: "PDF",
        endings: &["pdf"],
        image: false,
    },
    FileType {
        mime: "image/png",
        label: "PNG image",
        endings: &["png"],
        image: true,
    },
    FileType {
        mime: "image/jpeg",
        label: "JPEG image",
        endings: &["jpg", "jpeg"],
        image: true,
    },
    FileType {
        mime: "image/gif",
        label: "GIF image",
        endings: &["gif"],
        image: true,
    },
    FileType {
        mime: "image/webp",
        label: "WebP image",
        endings: &["webp"],
        image: true,
    },
    FileType {
        mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        label: "PowerPoint slides",
        endings: &["pptx"],
        image: false,
    },
    FileType {
        mime: "application/vnd.oasis.opendocument.presentation",
        label: "OpenDocument slides",
        endings: &["odp"],
        image: false,
    },
];

pub fn file_type(mime: &str) -> Option<&'static FileType> {
    FILE_TYPES.iter().find(|t| t.mime == mime)
}

fn accepted() -> String {
    let labels: Vec<&str> = FILE_TYPES.iter().map(|t| t.label).collect();
    labels.join(", ")
}

/// A file name safe to show and to put in a `Content-Disposition` header: no path, no
/// quotes or control characters, at most 120 characters.
pub fn clean_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let name: String = base
        .chars()
        .filter(|c| c.is_alphanumeric() || " ._-()".contains(*c))
        .take(120)
        .collect();
    let name = name.trim().trim_start_matches('.').to_owned();
    if name.is_empty() {
        "file".into()
    } else {
        name
    }
}

/// Decides an upload's type from its content and checks that its name agrees.
pub fn check_upload(name: &str, bytes: &[u8]) -> Result<&'static FileType, AppError> {
    if bytes.is_empty() {
        return Err(AppError::invalid("file", "Choose a file to upload."));
    }
    if bytes.len() > FILE_MAX_BYTES {
        return Err(too_large());
    }
    let found = infer::get(bytes).and_then(|t| file_type(t.mime_type()));
    let ending = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let named = FILE_TYPES
        .iter()
        .find(|t| t.endings.contains(&ending.as_str()));
    match (found, named) {
        (Some(found), Some(named)) if found == named => Ok(found),
        (Some(found), Some(named)) => Err(AppError::invalid(
            "file",
            format!(
                "{name} is named as a {} but its content is a {}. Upload the original file, or rename it to match.",
                named.label, found.label
            ),
        )),
        (Some(found), None) => Err(AppError::invalid(
            "file",
            format!(
                "{name} is a {} but its name does not say so. Name it with .{} at the end.",
                found.label, found.endings[0]
            ),
        )),
        (None, Some(named)) => Err(AppError::invalid(
            "file",
            format!(
                "{name} is named as a {} but its content is not one. It may be damaged or a different kind of file.",
                named.label
            ),
        )),
        (None, None) => Err(AppError::invalid(
            "file",
            format!("Tandem takes these files: {}. {name} is none of them.", accepted()),
        )),
    }
}

pub fn too_large() -> AppError {
    AppError::invalid(
        "file",
        format!(
            "The file is over the {} MB limit. Make it smaller, or share a link to it instead.",
            FILE_MAX_BYTES / (1024 * 1024)
        ),
    )
}

/// Where the hub kept its files under the data directory before they moved into the database.
pub fn files_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("files")
}

/// A random name for a kept file: 32 hex digits, nothing taken from the upload.
pub fn new_key() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The path of a kept file, or nothing when `key` is not one Tandem made.
pub fn path_of(dir: &Path, key: &str) -> Option<PathBuf> {
    (key.len() == 32 && key.bytes().all(|b| b.is_ascii_hexdigit())).then(|| dir.join(key))
}

/// "2.4 MB", "310 KB", "12 bytes".
pub fn size_label(bytes: i64) -> String {
    match bytes {
        b if b >= 1024 * 1024 => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
        b if b >= 1024 => format!("{} KB", (b + 512) / 1024),
        b => format!("{b} bytes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = &[
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R',
    ];
    const PDF: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n";

    fn message(name: &str, bytes: &[u8]) -> String {
        check_upload(name, bytes).unwrap_err().to_string()
    }

    #[test]
    fn content_decides_the_type_and_the_name_must_agree() {
        assert_eq!(
            check_upload("Guide.PDF", PDF).unwrap().mime,
            "application/pdf"
        );
        assert_eq!(check_upload("chart.png", PNG).unwrap().mime, "image/png");
        assert!(
            message("report.pdf", PNG).contains("named as a PDF but its content is a PNG image")
        );
        assert!(message("notes", PDF).contains("Name it with .pdf"));
        assert!(message("slides.pdf", b"<html><script>alert(1)</script>").contains("not one"));
        assert!(message("run.sh", b"#!/bin/sh\nrm -rf /").contains("none of them"));
        assert!(message("page.html", b"<svg onload=alert(1)>").contains("none of them"));
        assert!(message("empty.pdf", b"").contains("Choose a file"));
        let mut big = PDF.to_vec();
        big.resize(FILE_MAX_BYTES + 1, b' ');
        assert!(message("big.pdf", &big).contains("10 MB limit"));
    }

    #[test]
    fn names_lose_paths_and_header_breaking_characters() {
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("C:\\Users\\a\\Plan \"Q1\".pdf"), "Plan Q1.pdf");
        assert_eq!(clean_name("a\r\nSet-Cookie: x.pdf"), "aSet-Cookie x.pdf");
        assert_eq!(clean_name(".."), "file");
    }

    #[test]
    fn keys_are_the_only_paths_served() {
        let dir = Path::new("/data/files");
        let key = new_key();
        assert_eq!(path_of(dir, &key), Some(dir.join(&key)));
        assert_eq!(path_of(dir, "../tandem.db"), None);
        assert_eq!(path_of(dir, &"g".repeat(32)), None);
    }

    #[test]
    fn sizes_read_naturally() {
        assert_eq!(size_label(12), "12 bytes");
        assert_eq!(size_label(310 * 1024), "310 KB");
        assert_eq!(size_label(2_516_582), "2.4 MB");
    }
}
