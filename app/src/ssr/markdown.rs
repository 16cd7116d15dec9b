//! Markdown written by admins (program guidelines, later guides), rendered on the server and
//! sanitised with ammonia so that no script, event handler or `javascript:` link survives.

use pulldown_cmark::{html, Options, Parser};

pub fn render(markdown: &str) -> String {
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(
        &mut raw,
        Parser::new_ext(
            markdown,
            Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
        ),
    );
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow"))
        .url_schemes(["http", "https", "mailto"].into())
        .clean(&raw)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn renders_markdown() {
        let html = render("# Expectations\n\nMeet **every two weeks**.\n\n- Be on time\n");
        assert!(
            html.contains("<h1>Expectations</h1>")
                && html.contains("<strong>every two weeks</strong>")
                && html.contains("<li>Be on time</li>"),
            "{html}"
        );
    }

    #[test]
    fn nothing_dangerous_survives() {
        for payload in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<div style=\"background:url(javascript:alert(1))\" onclick=\"alert(1)\">x</div>",
            "<svg><script>alert(1)</script></svg>",
            "[x](JaVaScRiPt:alert(1))",
            "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
        ] {
            let html = render(payload).to_lowercase();
            for bad in [
                "<script",
                "onerror",
                "onclick",
                "javascript:",
                "<iframe",
                "data:text",
                "style=",
            ] {
                assert!(!html.contains(bad), "{payload:?} rendered as {html:?}");
            }
        }
    }

    #[test]
    fn links_do_not_leak_the_opener() {
        assert!(
            render("[guide](https://example.com)").contains("rel=\"noopener noreferrer nofollow\"")
        );
    }
}
