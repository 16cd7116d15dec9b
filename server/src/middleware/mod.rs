//! HTTP middleware: cross-site request refusal, security headers, and the mapping of server
//! function errors to status codes.

mod api_errors;
mod csrf;
mod security_headers;

pub use api_errors::api_errors;
pub use csrf::{same_origin_only, AllowedOrigin};
pub use security_headers::security_headers;
