//! SCIM's own error shape (RFC 7644 §3.12): identity providers read `status`, `scimType` and
//! `detail` from a JSON body, never a web page, so every refusal on `/scim/v2` is one of these.

use crate::ssr::storage::StorageError;
use serde_json::{json, Value};

pub const ERROR_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:Error";

/// The `scimType` keywords Tandem answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScimType {
    InvalidFilter,
    InvalidSyntax,
    InvalidPath,
    InvalidValue,
    Uniqueness,
    Mutability,
    NoTarget,
}

impl ScimType {
    pub fn as_str(self) -> &'static str {
        match self {
            ScimType::InvalidFilter => "invalidFilter",
            ScimType::InvalidSyntax => "invalidSyntax",
            ScimType::InvalidPath => "invalidPath",
            ScimType::InvalidValue => "invalidValue",
            ScimType::Uniqueness => "uniqueness",
            ScimType::Mutability => "mutability",
            ScimType::NoTarget => "noTarget",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ScimError {
    /// 400 with a keyword and a sentence naming what is wrong.
    #[error("{detail}")]
    BadRequest { scim_type: ScimType, detail: String },
    #[error("A valid SCIM bearer token is required. Org admins create one in Tandem's settings.")]
    Unauthorized,
    #[error("{0}")]
    NotFound(String),
    /// 409: a userName or address already in use, or a change Tandem will not make.
    #[error("{detail}")]
    Conflict {
        scim_type: Option<ScimType>,
        detail: String,
    },
    #[error("{0} is not supported on this endpoint.")]
    MethodNotAllowed(&'static str),
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// Any other failure on Tandem's side.
    #[error("{0}")]
    Internal(String),
}

impl ScimError {
    pub fn bad(scim_type: ScimType, detail: impl Into<String>) -> Self {
        ScimError::BadRequest {
            scim_type,
            detail: detail.into(),
        }
    }

    pub fn status(&self) -> u16 {
        match self {
            ScimError::BadRequest { .. } => 400,
            ScimError::Unauthorized => 401,
            ScimError::NotFound(_) => 404,
            ScimError::Conflict { .. } => 409,
            ScimError::MethodNotAllowed(_) => 405,
            ScimError::Storage(_) | ScimError::Internal(_) => 500,
        }
    }

    /// The body to send. A storage failure is described only by `request_id`, which names
    /// the server log's entry; its cause never reaches the identity provider.
    pub fn body(&self, request_id: &str) -> Value {
        let detail = match self {
            ScimError::Storage(_) | ScimError::Internal(_) => format!(
                "Something went wrong on Tandem's side. If it keeps happening, quote reference {request_id}."
            ),
            other => other.to_string(),
        };
        let mut body = json!({
            "schemas": [ERROR_SCHEMA],
            "status": self.status().to_string(),
            "detail": detail,
        });
        let scim_type = match self {
            ScimError::BadRequest { scim_type, .. } => Some(*scim_type),
            ScimError::Conflict { scim_type, .. } => *scim_type,
            _ => None,
        };
        if let Some(t) = scim_type {
            body["scimType"] = json!(t.as_str());
        }
        body
    }
}
