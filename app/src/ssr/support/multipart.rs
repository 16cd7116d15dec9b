//! Reading the multipart form posts that carry uploads: plain HTML forms, so that uploading
//! works without JavaScript. The file is read in chunks and refused as soon as it passes its
//! limit, so an oversized upload is never held whole in memory.

use crate::error::AppError;
use leptos::server_fn::codec::MultipartData;
use std::collections::HashMap;

/// A form's text fields by name, and its `file` field: the name it was sent with (at most
/// 200 characters) and its bytes.
#[derive(Debug, Default)]
pub struct UploadForm {
    pub fields: HashMap<String, String>,
    pub file: Option<(String, Vec<u8>)>,
}

/// Reads the form, answering `too_large()` once the file passes `max_bytes`.
pub async fn read(
    data: MultipartData,
    max_bytes: usize,
    too_large: impl Fn() -> AppError,
) -> Result<UploadForm, AppError> {
    let unreadable = |e: String| {
        AppError::invalid(
            "file",
            format!("The upload could not be read ({e}). Try again."),
        )
    };
    let mut form = data
        .into_inner()
        .ok_or_else(|| unreadable("no form data".into()))?;
    let mut out = UploadForm::default();
    while let Some(mut field) = form
        .next_field()
        .await
        .map_err(|e| unreadable(e.to_string()))?
    {
        let Some(name) = field.name().map(str::to_owned) else {
            continue;
        };
        if name != "file" {
            let text = field.text().await.map_err(|e| unreadable(e.to_string()))?;
            out.fields.insert(name, text);
            continue;
        }
        let file_name = field
            .file_name()
            .unwrap_or("file")
            .chars()
            .take(200)
            .collect();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|e| unreadable(e.to_string()))? {
            bytes.extend_from_slice(&chunk);
            if bytes.len() > max_bytes {
                return Err(too_large());
            }
        }
        out.file = Some((file_name, bytes));
    }
    Ok(out)
}
