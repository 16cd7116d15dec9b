//! Server functions: the app's whole HTTP API under `/api`. Each one is thin: it reads the
//! request context, checks access, and calls plain Rust in `crate::ssr`.

pub mod accounts;
pub mod activity;
pub mod agreements;
pub mod audit;
pub mod availability;
pub mod certificates;
pub mod chat;
pub mod dashboard;
pub mod delivery;
pub mod directory;
pub mod enrollment;
pub mod events;
pub mod goals;
pub mod insights;
pub mod mentor_requests;
pub mod notifications;
pub mod org_settings;
pub mod pairs;
pub mod people;
pub mod profile;
pub mod programs;
pub mod pulses;
pub mod reassignment;
pub mod recognition;
pub mod resources;
pub mod reviews;
pub mod rounds;
pub mod scim;
pub mod slack;
pub mod sso;
pub mod stories;
pub mod survey;

/// Accepts only local paths for a post-sign-in redirect, so a crafted link cannot send people
/// to another site (`//evil.example` is a URL on another host).
pub fn safe_next(next: Option<&str>) -> String {
    match next.map(str::trim) {
        Some(p) if p.starts_with('/') && !p.starts_with("//") && !p.contains('\\') => p.to_owned(),
        _ => "/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(super::safe_next(Some("/profile")), "/profile");
        assert_eq!(super::safe_next(Some("//evil.example")), "/");
        assert_eq!(super::safe_next(Some("https://evil.example")), "/");
        assert_eq!(super::safe_next(Some("/\\evil.example")), "/");
        assert_eq!(super::safe_next(None), "/");
    }
}
