//! PDFs Tandem hands out (certificates, the leadership report). Each page is drawn as SVG with
//! [`Canvas`], then converted by svg2pdf with DejaVu Sans embedded (only the glyphs used), so a
//! PDF looks the same on every machine, and its text stays text: it can be searched, copied
//! and read aloud. Text is measured with the same font, so wrapped lines fit their column.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, TextStr};
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::{Arc, LazyLock};
use svg2pdf::usvg::{self, fontdb};

/// A4 in PDF points, the paper most of Tandem's users print on.
pub const A4: (f32, f32) = (595.0, 842.0);

const FAMILY: &str = "DejaVu Sans";

static FONTS: LazyLock<Arc<fontdb::Database>> = LazyLock::new(|| {
    let mut db = fontdb::Database::new();
    db.load_font_source(fontdb::Source::Binary(Arc::new(dejavu::sans::regular())));
    db.load_font_source(fontdb::Source::Binary(Arc::new(dejavu::sans::bold())));
    Arc::new(db)
});

static REGULAR: LazyLock<Option<ttf_parser::Face<'static>>> =
    LazyLock::new(|| ttf_parser::Face::parse(dejavu::sans::regular(), 0).ok());
static BOLD: LazyLock<Option<ttf_parser::Face<'static>>> =
    LazyLock::new(|| ttf_parser::Face::parse(dejavu::sans::bold(), 0).ok());

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("a PDF page's SVG could not be read: {0}")]
    Svg(#[from] usvg::Error),
    #[error("a PDF page could not be converted: {0}")]
    Convert(String),
}

/// How a piece of text is set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub size: f32,
    pub bold: bool,
    pub anchor: Anchor,
    pub color: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

impl Style {
    pub const fn new(size: f32) -> Style {
        Style {
            size,
            bold: false,
            anchor: Anchor::Start,
            color: INK,
        }
    }
    pub const fn bold(self) -> Style {
        Style { bold: true, ..self }
    }
    pub const fn centred(self) -> Style {
        Style {
            anchor: Anchor::Middle,
            ..self
        }
    }
    pub const fn right(self) -> Style {
        Style {
            anchor: Anchor::End,
            ..self
        }
    }
    pub const fn color(self, color: &'static str) -> Style {
        Style { color, ..self }
    }
}

/// The width `text` takes in `style`, in points.
pub fn text_width(text: &str, style: Style) -> f32 {
    let face = if style.bold { &*BOLD } else { &*REGULAR };
    let Some(face) = face else {
        return text.chars().count() as f32 * style.size * 0.6;
    };
    let per_unit = style.size / f32::from(face.units_per_em());
    text.chars()
        .map(|c| {
            face.glyph_index(c)
                .and_then(|g| face.glyph_hor_advance(g))
                .map_or(style.size * 0.6, |a| f32::from(a) * per_unit)
        })
        .sum()
}

/// `text` broken into lines no wider than `width`, at spaces; a word wider than a line is
/// broken where it must be. Line breaks in `text` are kept.
pub fn wrap(text: &str, style: Style, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if text_width(&candidate, style) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            for c in word.chars() {
                line.push(c);
                if text_width(&line, style) > width && line.chars().count() > 1 {
                    line.pop();
                    lines.push(std::mem::replace(&mut line, c.to_string()));
                }
            }
        }
        lines.push(line);
    }
    lines
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Control characters are not allowed in XML; a note pasted with one still prints.
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// One page, drawn in points from the top left.
pub struct Canvas {
    width: f32,
    height: f32,
    body: String,
}

impl Canvas {
    pub fn new((width, height): (f32, f32)) -> Canvas {
        Canvas {
            width,
            height,
            body: String::new(),
        }
    }

    pub fn width(&self) -> f32 {
        self.width
    }

    pub fn height(&self) -> f32 {
        self.height
    }

    /// One line of text with its baseline at `y`.
    pub fn text(&mut self, x: f32, y: f32, style: Style, text: &str) {
        let anchor = match style.anchor {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        };
        let weight = if style.bold { "bold" } else { "normal" };
        let _ = write!(
            self.body,
            r#"<text x="{x}" y="{y}" font-size="{}" font-weight="{weight}" text-anchor="{anchor}" fill="{}" xml:space="preserve">{}</text>"#,
            style.size,
            style.color,
            escape(text)
        );
    }

    /// `text` wrapped to `width`, its first baseline at `y`; returns the baseline after the
    /// last line.
    pub fn paragraph(&mut self, x: f32, y: f32, width: f32, style: Style, text: &str) -> f32 {
        let leading = style.size * 1.4;
        let mut y = y;
        for line in wrap(text, style, width) {
            self.text(x, y, style, &line);
            y += leading;
        }
        y
    }

    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: &str, stroke: Option<&str>) {
        let stroke = stroke
            .map(|s| format!(r#" stroke="{s}" stroke-width="1""#))
            .unwrap_or_default();
        let _ = write!(
            self.body,
            r#"<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}"{stroke}/>"#
        );
    }

    pub fn line(&mut self, (x1, y1): (f32, f32), (x2, y2): (f32, f32), color: &str, width: f32) {
        let _ = write!(
            self.body,
            r#"<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{color}" stroke-width="{width}"/>"#
        );
    }

    /// The page as an SVG document.
    pub fn svg(&self) -> String {
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" font-family="{FAMILY}">{}</svg>"#,
            self.body,
            w = self.width,
            h = self.height,
        )
    }
}

/// Tandem's colours on paper: ink, secondary text, the accent and hairlines.
pub const INK: &str = "#1f2430";
pub const MUTED: &str = "#4a5163";
pub const ACCENT: &str = "#2f5fb3";
pub const RULE: &str = "#c9cfdb";
/// The margin of a flowing document's A4 pages.
pub const MARGIN: f32 = 48.0;

/// A document that flows down A4 pages: blocks are placed at `y`, and a new page starts when
/// the next block would not fit.
pub struct Flow {
    done: Vec<Canvas>,
    pub page: Canvas,
    pub y: f32,
}

impl Default for Flow {
    fn default() -> Self {
        Self::new()
    }
}

impl Flow {
    pub fn new() -> Flow {
        Flow {
            done: Vec::new(),
            page: Canvas::new(A4),
            y: MARGIN,
        }
    }

    /// The width between the margins.
    pub fn width(&self) -> f32 {
        self.page.width() - 2.0 * MARGIN
    }

    /// Room for `height` more points, on a new page if need be.
    pub fn room(&mut self, height: f32) {
        if self.y + height > self.page.height() - MARGIN {
            let full = std::mem::replace(&mut self.page, Canvas::new(A4));
            self.done.push(full);
            self.y = MARGIN;
        }
    }

    /// A section heading, kept on the page of what follows it: room for the heading and a
    /// few lines, or a new page.
    pub fn heading(&mut self, text: &str) {
        self.room(120.0);
        self.y += 26.0;
        self.page
            .text(MARGIN, self.y, Style::new(15.0).bold().color(INK), text);
        self.y += 8.0;
        let right = MARGIN + self.width();
        self.page
            .line((MARGIN, self.y), (right, self.y), RULE, 0.75);
        self.y += 18.0;
    }

    /// `text` wrapped between the margins, line by line onto further pages if need be.
    pub fn paragraph(&mut self, style: Style, text: &str) {
        for line in wrap(text, style, self.width()) {
            self.room(style.size * 1.4);
            self.page.text(MARGIN, self.y, style, &line);
            self.y += style.size * 1.4;
        }
    }

    pub fn finish(mut self) -> Vec<Canvas> {
        self.done.push(self.page);
        self.done
    }
}

/// The pages as one PDF titled `title`.
pub fn document(title: &str, pages: &[Canvas]) -> Result<Vec<u8>, PdfError> {
    let options = usvg::Options {
        fontdb: FONTS.clone(),
        font_family: FAMILY.to_owned(),
        ..usvg::Options::default()
    };
    let mut next = Ref::new(1);
    let catalog = next.bump();
    let tree_id = next.bump();
    let info = next.bump();
    let mut pdf = Pdf::new();
    let mut kids = Vec::with_capacity(pages.len());
    for page in pages {
        let tree = usvg::Tree::from_str(&page.svg(), &options)?;
        let (chunk, svg_id) = svg2pdf::to_chunk(&tree, svg2pdf::ConversionOptions::default())
            .map_err(|e| PdfError::Convert(e.to_string()))?;
        let mut renumbered = HashMap::new();
        let chunk = chunk.renumber(|old| *renumbered.entry(old).or_insert_with(|| next.bump()));
        let svg_id = renumbered
            .get(&svg_id)
            .copied()
            .ok_or_else(|| PdfError::Convert("the page's drawing was lost".into()))?;
        let page_id = next.bump();
        let content_id = next.bump();
        let name = Name(b"P");
        let mut writer = pdf.page(page_id);
        writer
            .media_box(Rect::new(0.0, 0.0, page.width, page.height))
            .parent(tree_id)
            .contents(content_id);
        writer.resources().x_objects().pair(name, svg_id);
        writer.finish();
        let mut content = Content::new();
        content
            .save_state()
            .transform([page.width, 0.0, 0.0, page.height, 0.0, 0.0])
            .x_object(name)
            .restore_state();
        pdf.stream(content_id, &content.finish());
        pdf.extend(&chunk);
        kids.push(page_id);
    }
    pdf.catalog(catalog).pages(tree_id);
    let count = i32::try_from(kids.len()).unwrap_or(i32::MAX);
    pdf.pages(tree_id).kids(kids).count(count);
    pdf.document_info(info)
        .title(TextStr(title))
        .producer(TextStr("Tandem"));
    Ok(pdf.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_fit_their_width_and_keep_every_word() {
        let style = Style::new(11.0);
        let text =
            "Pairing with someone from another team taught me how our releases really work, \
                    and a supercalifragilisticexpialidociouslylongwordthatcannotfit too.";
        let lines = wrap(text, style, 150.0);
        assert!(lines.len() > 3, "{lines:?}");
        for line in &lines {
            assert!(text_width(line, style) <= 150.0, "{line:?} is too wide");
        }
        let joined: String = lines.concat().split_whitespace().collect();
        let original: String = text.split_whitespace().collect();
        assert_eq!(joined, original);
    }

    #[test]
    fn bold_text_is_wider_than_regular() {
        let text = "Certificate of participation";
        assert!(text_width(text, Style::new(12.0).bold()) > text_width(text, Style::new(12.0)));
        assert!(text_width(text, Style::new(24.0)) > 1.9 * text_width(text, Style::new(12.0)));
    }

    #[test]
    fn markup_in_text_is_drawn_as_text() {
        let mut page = Canvas::new(A4);
        page.text(10.0, 10.0, Style::new(10.0), "<b>Ana & Bo</b> \u{7}");
        assert!(page
            .svg()
            .contains("&lt;b&gt;Ana &amp; Bo&lt;/b&gt;  </text>"));
    }

    #[test]
    fn a_flow_starts_a_new_page_when_the_next_line_would_not_fit() {
        let mut flow = Flow::new();
        for i in 0..80 {
            flow.paragraph(Style::new(11.0), &format!("Line {i}"));
        }
        let pages = flow.finish();
        assert_eq!(pages.len(), 2, "about 48 lines of 11 pt fit an A4 page");
        assert!(pages[1].svg().contains(">Line 79<"));
        assert!(!pages[0].svg().contains(">Line 79<"));
    }

    #[test]
    fn pages_become_one_pdf_with_its_title() {
        let mut one = Canvas::new(A4);
        one.text(40.0, 60.0, Style::new(20.0).bold(), "First page");
        let mut two = Canvas::new((842.0, 595.0));
        two.text(40.0, 60.0, Style::new(12.0), "Second page");
        let pdf = document("Tandem test", &[one, two]).unwrap();
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.starts_with("%PDF-"));
        assert!(text.contains("/Count 2"));
        assert!(text.contains("(Tandem test)"));
        assert!(text.contains("/MediaBox [0 0 842 595]"));
        assert!(text.contains("DejaVu"), "the font is embedded");
    }
}
