//! Which webhook addresses a channel may have. Tandem posts a program's news to the address an
//! admin pastes, so the address is checked before it is kept: it must be a Slack or Teams
//! webhook on a host the operator allows (`TANDEM_CHAT_WEBHOOK_HOSTS`), over https (plain http
//! only to this machine, for trying Tandem out), so a form can never make the server post into
//! its own network.

use crate::domain::ChatKind;
use crate::ssr::support::web_fetch;

/// The hosts Slack and Teams webhooks live on, unless the operator says otherwise.
pub const DEFAULT_HOSTS: [&str; 3] = [
    "hooks.slack.com",
    "logic.azure.com",
    "api.powerplatform.com",
];

/// [`DEFAULT_HOSTS`], as settings hold them.
pub fn default_hosts() -> Vec<String> {
    DEFAULT_HOSTS.iter().map(|h| h.to_string()).collect()
}

/// The longest address kept.
const URL_MAX: usize = 2000;

/// A webhook address that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookUrl(String);

impl WebhookUrl {
    /// Checks a pasted address for a channel of `kind`; the error says what is wrong and what
    /// to paste instead.
    pub fn parse(
        kind: ChatKind,
        raw: &str,
        allowed_hosts: &[String],
    ) -> Result<WebhookUrl, String> {
        let raw = raw.trim();
        let example = match kind {
            ChatKind::Slack => "https://hooks.slack.com/services/…",
            ChatKind::Teams => "the HTTP POST URL of the workflow's \"When a Teams webhook request is received\" trigger",
        };
        if raw.is_empty() {
            return Err(format!("Paste the webhook address: {example}."));
        }
        if raw.len() > URL_MAX {
            return Err(format!("That address is longer than {URL_MAX} characters; paste the webhook address alone."));
        }
        let url = reqwest::Url::parse(raw).map_err(|_| {
            format!("That is not a web address. Paste the whole webhook address: {example}.")
        })?;
        let host = url
            .host_str()
            .unwrap_or_default()
            .trim_matches(['[', ']'])
            .to_ascii_lowercase();
        let loopback = host == "localhost"
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        match url.scheme() {
            "https" => {}
            "http" if loopback => {}
            _ => return Err("The webhook address must start with https://.".into()),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err("The webhook address must not hold a user name or password.".into());
        }
        let allowed = web_fetch::host_allowed(&host, allowed_hosts);
        if !allowed {
            return Err(format!(
                "Tandem posts only to {}; {host} is not one of them. Ask whoever runs Tandem to allow it (TANDEM_CHAT_WEBHOOK_HOSTS).",
                allowed_hosts.join(", ")
            ));
        }
        if kind == ChatKind::Slack && !url.path().starts_with("/services/") {
            return Err("A Slack incoming webhook address has /services/ after the host: copy it from the app's Incoming Webhooks page.".into());
        }
        Ok(WebhookUrl(url.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What the settings page shows: the scheme and host, and the last four characters, enough
    /// to tell two channels apart and too little to post with.
    pub fn hint(&self) -> String {
        let (start, _) = self.0.split_at(self.0.find("://").map_or(0, |i| i + 3));
        let host = self.0[start.len()..].split('/').next().unwrap_or_default();
        let tail: String = {
            let chars: Vec<char> = self.0.chars().collect();
            chars[chars.len().saturating_sub(4)..].iter().collect()
        };
        format!("{start}{host}/…{tail}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts() -> Vec<String> {
        default_hosts()
    }

    #[test]
    fn slack_and_teams_addresses_on_their_hosts_are_kept() {
        let slack = WebhookUrl::parse(
            ChatKind::Slack,
            " https://hooks.slack.com/services/T0001/B0002/abcdefghijklmnop ",
            &hosts(),
        )
        .unwrap();
        assert_eq!(slack.hint(), "https://hooks.slack.com/…mnop");
        let teams = WebhookUrl::parse(
            ChatKind::Teams,
            "https://prod-12.westeurope.logic.azure.com:443/workflows/4d1e/triggers/manual/paths/invoke?api-version=2016-06-01&sig=Zx9q",
            &hosts(),
        )
        .unwrap();
        assert_eq!(
            teams.hint(),
            "https://prod-12.westeurope.logic.azure.com/…Zx9q"
        );
    }

    #[test]
    fn other_addresses_are_refused_with_the_reason() {
        let refused = |kind, url: &str| WebhookUrl::parse(kind, url, &hosts()).unwrap_err();
        assert!(refused(ChatKind::Slack, "").contains("Paste the webhook address"));
        assert!(
            refused(ChatKind::Slack, "hooks.slack.com/services/x").contains("not a web address")
        );
        assert!(refused(ChatKind::Slack, "http://hooks.slack.com/services/x").contains("https://"));
        assert!(refused(ChatKind::Slack, "https://evil.example/services/x")
            .contains("evil.example is not one of them"));
        assert!(refused(
            ChatKind::Slack,
            "https://hooks.slack.com.evil.example/services/x"
        )
        .contains("is not one of them"));
        assert!(refused(ChatKind::Slack, "https://hooks.slack.com/api/x").contains("/services/"));
        assert!(refused(ChatKind::Teams, "https://u:p@x.logic.azure.com/w").contains("user name"));
        assert!(refused(ChatKind::Teams, "http://10.0.0.1/w").contains("https://"));
    }

    #[test]
    fn plain_http_is_allowed_only_to_this_machine() {
        let local = vec!["127.0.0.1".to_string()];
        assert!(
            WebhookUrl::parse(ChatKind::Teams, "http://127.0.0.1:8080/workflows/1", &local).is_ok()
        );
        assert!(WebhookUrl::parse(
            ChatKind::Teams,
            "http://127.0.0.1:8080/workflows/1",
            &hosts()
        )
        .is_err());
    }
}
