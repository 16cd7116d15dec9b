//! Markdown written by admins (program guidelines, later guides), rendered on the server and
//! sanitised with ammonia so that no script, event handler or `javascript:` link survives.

use pulldown_cmark::{html, Event, Options, Parser, TagEnd};

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

/// The words of a Markdown text without its markup: what search indexes and snippets show.
/// Raw HTML is dropped, so a tag name never matches a search; control characters (which
/// mark highlights in snippets) are removed.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let gap = |out: &mut String| {
        if !out.is_empty() && !out.ends_with(char::is_whitespace) {
            out.push(' ');
        }
    };
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::Rule => gap(&mut out),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_),
            ) => gap(&mut out),
            _ => {}
        }
    }
    out.retain(|c| !c.is_control() || c == ' ');
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::{plain_text, render};

    #[test]
    fn plain_text_keeps_words_and_drops_markup() {
        assert_eq!(
            plain_text("# Giving feedback\n\nBe **specific**.\n\n- Ask `first`\n- Listen\n\n<b onclick=x>raw</b>\u{2}"),
            "Giving feedback Be specific. Ask first Listen raw"
        );
    }

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
            "<body onload=alert(1)>",
            "<img src=\"x\" onerror=\"alert(1)\"/>",
            "<object data=\"javascript:alert(1)\"></object>",
            "<embed src=\"javascript:alert(1)\">",
            "<form action=\"javascript:alert(1)\"><input type=submit></form>",
            "<math><a xlink:href=\"javascript:alert(1)\">x</a></math>",
            "<a href=\"&#106;avascript:alert(1)\">entity</a>",
            "<a href=\"jav&#x09;ascript:alert(1)\">tab</a>",
            "[x](&#x6A;avascript:alert(1))",
            "![x](javascript:alert(1))",
            "<details open ontoggle=alert(1)>",
            "<style>@import 'javascript:alert(1)';</style>",
            "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
            "<base href=\"javascript:alert(1)//\">",
            "<a href=\"vbscript:msgbox(1)\">vb</a>",
            "<scr<script>ipt>alert(1)</script>",
            "<<script>script>alert(1)<</script>/script>",
            "<svg/onload=alert(1)>",
            "<a href=\" javascript:alert(1)\">space</a>",
            "[a](<javascript:alert(1)>)",
            "<textarea><script>alert(1)</script></textarea>",
        ] {
            // Escaped text (`&lt;svg onload=…&gt;`) is harmless; only real tags are checked.
            let html = render(payload).to_lowercase();
            let tags: String = html
                .split('<')
                .skip(1)
                .filter_map(|t| t.split_once('>').map(|(tag, _)| format!("<{tag}>")))
                .collect();
            for bad in [
                "<script",
                "onerror",
                "onclick",
                "javascript:",
                "<iframe",
                "data:text",
                "style=",
                "onload",
                "ontoggle",
                "<object",
                "<embed",
                "<form",
                "<meta",
                "<base",
                "<style",
                "vbscript:",
                "xlink:href",
            ] {
                assert!(!tags.contains(bad), "{payload:?} rendered as {html:?}");
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
