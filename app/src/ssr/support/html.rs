//! Text placed in HTML that Tandem writes by hand (emails, the SAML hand-back page) rather
//! than through Leptos's views, which escape on their own.

/// `s` safe in element text and in double-quoted attribute values.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_and_quotes_become_text() {
        assert_eq!(
            super::escape(r#"<a href="x">Tom & Jo</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jo&lt;/a&gt;"
        );
    }
}
