//! HTML editions: the article's text with its structure, as plain text the segmenter reads.
//!
//! The article is the page's `<article>`, else its `<main>`, else its `<body>` without the site's
//! `<header>`, `<footer>`, `<nav>` and `<aside>`. Scripts, styles, forms and navigation are dropped
//! everywhere. Block elements (paragraphs, headings, table cells...) become paragraphs separated by a
//! blank line, list items become `•` items, `<br>` a line break, and entities are decoded by the parser
//! (html5ever, through scraper, which reads broken real-world HTML as browsers do).
//!
//! What it does not do: keep inline markup (`<b>`, `<a>`) or map sentences back to HTML offsets; the
//! sentences' ranges refer to the extracted text.

use ego_tree::NodeRef;
use scraper::{Html, Node, Selector};

/// Elements whose content is never article text.
const DROPPED: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "form", "button", "select", "textarea", "iframe",
    "svg", "canvas", "object", "embed", "head",
];
/// Elements that hold the site around the article when the article is not marked up as such.
const SITE: &[&str] = &["header", "footer", "aside"];
/// Elements that start and end a paragraph.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "table",
    "tr",
    "td",
    "th",
    "caption",
    "figure",
    "figcaption",
    "pre",
    "address",
    "hr",
    "center",
    "body",
];

/// The article text of an HTML page: paragraphs separated by blank lines, list items as `•` lines.
///
/// ```
/// let page = "<html><head><title>T</title><style>p{}</style></head><body>\
///     <nav><a href='/'>Home</a></nav><article><h1>Hands off Peru!</h1>\
///     <p>First &amp; second.<br>Next line.</p><ul><li>One</li><li>Two</li></ul></article>\
///     <footer>© 1997</footer><script>x()</script></body></html>";
/// assert_eq!(alinea::html::to_text(page), "Hands off Peru!\n\nFirst & second.\nNext line.\n\n• One\n\n• Two\n");
/// ```
pub fn to_text(html: &str) -> String {
    let document = Html::parse_document(html);
    let pick = |css: &str| Selector::parse(css).ok().and_then(|s| document.select(&s).next());
    let (root, whole_body) = match pick("article").or_else(|| pick("main")).or_else(|| pick("[role=main]")) {
        Some(article) => (article, false),
        None => match pick("body") {
            Some(body) => (body, true),
            None => (document.root_element(), true),
        },
    };
    let mut out = String::new();
    walk(*root, whole_body, false, &mut out);
    tidy(&out)
}

fn walk(node: NodeRef<'_, Node>, whole_body: bool, in_pre: bool, out: &mut String) {
    for child in node.children() {
        match child.value() {
            Node::Text(text) => {
                if in_pre {
                    out.push_str(text);
                } else {
                    // HTML white space collapses to one space.
                    let mut last_space = out.ends_with([' ', '\n']);
                    for c in text.chars() {
                        if c.is_whitespace() && c != '\u{a0}' {
                            if !last_space {
                                out.push(' ');
                                last_space = true;
                            }
                        } else {
                            out.push(c);
                            last_space = false;
                        }
                    }
                }
            }
            Node::Element(element) => {
                let name = element.name();
                if DROPPED.contains(&name) || (whole_body && SITE.contains(&name)) {
                    continue;
                }
                match name {
                    "br" => out.push('\n'),
                    "li" => {
                        out.push_str("\n\n• ");
                        walk(child, whole_body, in_pre, out);
                        out.push_str("\n\n");
                    }
                    _ if BLOCKS.contains(&name) => {
                        out.push_str("\n\n");
                        walk(child, whole_body, in_pre || name == "pre", out);
                        out.push_str("\n\n");
                    }
                    _ => walk(child, whole_body, in_pre, out),
                }
            }
            _ => {}
        }
    }
}

/// Trims each line and leaves at most one blank line between paragraphs.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = true;
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line == "•" {
            if !blank {
                out.push('\n');
                blank = true;
            }
            continue;
        }
        out.push_str(line);
        out.push('\n');
        blank = false;
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_furniture_is_dropped_without_an_article_element() {
        let page = "<body><header><h1>Site name</h1></header><nav>Home</nav><div><h2>Title</h2><p>Text \
                    here.</p></div><aside>Ads</aside><footer>Contact</footer></body>";
        assert_eq!(to_text(page), "Title\n\nText here.\n");
    }

    #[test]
    fn entities_and_broken_markup() {
        assert_eq!(
            to_text("<p>Per&uacute; &lt;195&gt; &quot;crack&quot;<p>Unclosed"),
            "Perú <195> \"crack\"\n\nUnclosed\n"
        );
        assert_eq!(to_text(""), "");
    }
}
