use serde::{Deserialize, Serialize};

/// Organisation-wide settings; there is one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgSettings {
    pub name: String,
    /// When true anyone with an allowed address may sign up; when false only invited people.
    pub open_signup: bool,
    /// Lower-case domains such as `example.com`; empty means any domain.
    pub allowed_domains: Vec<String>,
}

impl OrgSettings {
    pub fn domain_allowed(&self, domain: &str) -> bool {
        self.allowed_domains.is_empty() || self.allowed_domains.iter().any(|d| d == domain)
    }

    /// Parses a comma- or space-separated list as typed into the settings form.
    pub fn parse_domains(raw: &str) -> Result<Vec<String>, String> {
        let mut out: Vec<String> = Vec::new();
        for d in raw
            .split([',', ' ', '\n'])
            .map(str::trim)
            .filter(|d| !d.is_empty())
        {
            let d = d.trim_start_matches('@').to_lowercase();
            let ok = d.contains('.')
                && !d.starts_with('.')
                && !d.ends_with('.')
                && d.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
            if !ok {
                return Err(format!("{d:?} is not a domain like example.com."));
            }
            if !out.contains(&d) {
                out.push(d);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_domain_lists() {
        assert_eq!(
            OrgSettings::parse_domains(" Example.com, @corp.example.org\nexample.com").unwrap(),
            vec!["example.com", "corp.example.org"]
        );
        assert!(OrgSettings::parse_domains("not a domain!").is_err());
        assert!(OrgSettings::parse_domains("").unwrap().is_empty());
    }

    #[test]
    fn empty_list_allows_every_domain() {
        let mut s = OrgSettings {
            name: "x".into(),
            open_signup: true,
            allowed_domains: vec![],
        };
        assert!(s.domain_allowed("anything.org"));
        s.allowed_domains = vec!["example.com".into()];
        assert!(s.domain_allowed("example.com"));
        assert!(!s.domain_allowed("evil.com"));
    }
}
