//! The error every server function returns. It crosses the wire as JSON, so the browser can
//! show a message next to the right field; the server maps each kind to an HTTP status.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Input that cannot be accepted; `field` names the form field ("" for the whole form).
    #[error("{message}")]
    Invalid { field: String, message: String },
    #[error("Please sign in to continue.")]
    Unauthenticated,
    #[error("You do not have permission to do that.")]
    Forbidden,
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("Too many attempts. Wait a few minutes and try again.")]
    TooManyRequests,
    /// Something failed on the server. The cause is in the server log under this request id;
    /// the person sees only the id.
    #[error("Something went wrong on our side. If it keeps happening, quote reference {0}.")]
    Internal(String),
    /// The request never reached a server function, or its reply could not be read.
    #[error("Tandem could not be reached. Check your connection and try again.")]
    Transport(String),
}

impl AppError {
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The HTTP status this error is sent with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::Invalid { .. } => 400,
            AppError::Unauthenticated => 401,
            AppError::Forbidden => 403,
            AppError::NotFound(_) => 404,
            AppError::Conflict(_) => 409,
            AppError::TooManyRequests => 429,
            AppError::Internal(_) => 500,
            AppError::Transport(_) => 502,
        }
    }

    /// The message to show beside `field`, if this error is about that field.
    pub fn for_field(&self, field: &str) -> Option<String> {
        match self {
            AppError::Invalid { field: f, message } if f == field => Some(message.clone()),
            _ => None,
        }
    }

    /// The message to show at the top of a form: every error that is not about one field.
    pub fn for_form(&self) -> Option<String> {
        match self {
            AppError::Invalid { field, .. } if !field.is_empty() => None,
            other => Some(other.to_string()),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => AppError::invalid(
                "",
                "The form was incomplete or malformed. Please check it and send it again.",
            ),
            other => AppError::Transport(other.to_string()),
        }
    }
}

/// A form value the domain refused becomes a 400 naming its field, by `?`.
macro_rules! invalid_from {
    ($($t:ty),+) => {$(
        impl From<$t> for AppError {
            fn from(e: $t) -> Self {
                AppError::invalid(e.field, e.message)
            }
        }
    )+};
}
invalid_from!(
    crate::domain::FieldError,
    crate::domain::SurveyError,
    crate::domain::EnrollmentError,
    crate::domain::ProfileError
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_show_beside_their_field_only() {
        let e = AppError::invalid("email", "Enter an email address.");
        assert_eq!(
            e.for_field("email").as_deref(),
            Some("Enter an email address.")
        );
        assert_eq!(e.for_field("password"), None);
        assert_eq!(e.for_form(), None);
        assert_eq!(
            AppError::TooManyRequests.for_form().unwrap(),
            AppError::TooManyRequests.to_string()
        );
    }

    #[test]
    fn internal_errors_show_only_the_reference() {
        let e = AppError::Internal("req-42".into());
        assert_eq!(e.status(), 500);
        assert!(e.to_string().contains("req-42"));
    }
}
