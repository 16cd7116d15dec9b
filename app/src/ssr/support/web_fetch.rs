//! Reading a document from an address a person gave (their free/busy calendar): a plain GET
//! with a time limit and a size limit, redirects followed by hand so each hop is checked, and
//! loopback, private and link-local addresses refused unless the operator allows them, so an
//! address typed into a form can never make the server read its own internal services.
//! Errors are short sentences for the person's page.

use std::net::IpAddr;
use std::sync::OnceLock;
use std::time::Duration;

/// The largest document read.
pub const BODY_MAX: usize = 2 * 1024 * 1024;
/// How long one read may take, connection included.
pub const TIMEOUT: Duration = Duration::from_secs(15);
/// How many redirects are followed.
const REDIRECTS_MAX: usize = 3;

/// The one client for every address Tandem reaches that someone else chose (calendars, chat
/// webhooks, Slack): a time limit, and no redirect followed on its own, since a redirect could
/// lead anywhere.
pub fn client() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .timeout(TIMEOUT)
            .connect_timeout(Duration::from_secs(5))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent("Tandem")
            .build()
            .unwrap_or_default()
    })
}

/// Whether `host` is one of `allowed` or a subdomain of one (`x.logic.azure.com` for
/// `logic.azure.com`), case aside.
pub fn host_allowed(host: &str, allowed: &[String]) -> bool {
    let host = host.trim_matches(['[', ']']).to_ascii_lowercase();
    allowed.iter().any(|h| {
        let h = h.to_ascii_lowercase();
        host == h || host.ends_with(&format!(".{h}"))
    })
}

/// Whether an address is one the public internet never routes to this server's callers.
fn internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                // 100.64.0.0/10, carrier-grade NAT
                || (v4.octets()[0] == 100 && (64..128).contains(&v4.octets()[1]))
        }
        IpAddr::V6(v6) => {
            v6.is_loopback()
                || v6.is_unspecified()
                // fc00::/7 unique local, fe80::/10 link-local
                || (v6.segments()[0] & 0xfe00) == 0xfc00
                || (v6.segments()[0] & 0xffc0) == 0xfe80
                || v6.to_ipv4_mapped().is_some_and(|v4| internal(IpAddr::V4(v4)))
        }
    }
}

/// Refuses `url` when its host resolves to an internal address (unless allowed).
async fn check_host(url: &reqwest::Url, allow_internal: bool) -> Result<(), String> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err("the address is not an http:// or https:// address".into());
    }
    let host = url
        .host_str()
        .ok_or("the address names no host")?
        .trim_matches(['[', ']']);
    let port = url.port_or_known_default().unwrap_or(443);
    let addrs: Vec<_> = tokio::net::lookup_host((host, port))
        .await
        .map_err(|_| format!("the host {host} could not be found"))?
        .collect();
    if addrs.is_empty() {
        return Err(format!("the host {host} could not be found"));
    }
    if !allow_internal && addrs.iter().any(|a| internal(a.ip())) {
        return Err(format!(
            "the host {host} is on a private network, which Tandem does not read from"
        ));
    }
    Ok(())
}

/// The text at `url`, or a sentence saying why it could not be read.
pub async fn fetch_text(url: &str, allow_internal: bool) -> Result<String, String> {
    let mut url = reqwest::Url::parse(url).map_err(|_| "the address is not a web address")?;
    for _ in 0..=REDIRECTS_MAX {
        check_host(&url, allow_internal).await?;
        let mut res = client()
            .get(url.clone())
            .header("accept", "text/calendar, */*;q=0.5")
            .send()
            .await
            .map_err(|e| {
                if e.is_timeout() {
                    "the calendar server did not answer in time".to_owned()
                } else if e.is_connect() {
                    "the calendar server could not be reached".to_owned()
                } else {
                    "the calendar could not be read".to_owned()
                }
            })?;
        let status = res.status();
        if status.is_redirection() {
            let next = res
                .headers()
                .get("location")
                .and_then(|l| l.to_str().ok())
                .and_then(|l| url.join(l).ok())
                .ok_or("the calendar server redirected nowhere")?;
            url = next;
            continue;
        }
        if !status.is_success() {
            return Err(format!(
                "the calendar server answered {} {}",
                status.as_u16(),
                status.canonical_reason().unwrap_or_default()
            ));
        }
        if res.content_length().is_some_and(|n| n > BODY_MAX as u64) {
            return Err("the calendar is larger than 2 MB".into());
        }
        let mut body = Vec::new();
        while let Some(chunk) = res
            .chunk()
            .await
            .map_err(|_| "the calendar server stopped sending")?
        {
            body.extend_from_slice(&chunk);
            if body.len() > BODY_MAX {
                return Err("the calendar is larger than 2 MB".into());
            }
        }
        return String::from_utf8(body).map_err(|_| "the calendar is not text".into());
    }
    Err("the calendar server redirected too many times".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_addresses_are_recognised() {
        for internal_ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
        ] {
            assert!(internal(internal_ip.parse().unwrap()), "{internal_ip}");
        }
        for public in ["93.184.216.34", "2606:4700::1111", "100.128.0.1"] {
            assert!(!internal(public.parse().unwrap()), "{public}");
        }
    }

    #[tokio::test]
    async fn loopback_is_refused_unless_allowed() {
        let e = fetch_text("http://127.0.0.1:9/busy.ics", false)
            .await
            .unwrap_err();
        assert!(e.contains("private network"), "{e}");
        let e = fetch_text("http://127.0.0.1:9/busy.ics", true)
            .await
            .unwrap_err();
        assert_eq!(e, "the calendar server could not be reached");
        let e = fetch_text("ftp://example.com/x", true).await.unwrap_err();
        assert!(e.contains("not an http"), "{e}");
    }
}
