//! A tiny, safe Markdown-to-HTML renderer for the rule documentation shown on the page.
//!
//! Supports what the registry's docs use: `#`–`######` headings, paragraphs, `-`/`*` and `1.`
//! lists, inline code, `**bold**`, and fenced code blocks (```` ```text ````). Everything else is
//! text. Every character of the input is escaped: the output never contains markup that the
//! input wrote, only the tags this function emits.

use crate::text::escape;

/// Renders `md` as HTML. `heading_offset` shifts heading levels (a `## Why` under a page `<h2>`
/// becomes `<h3>` with an offset of 1); levels are clamped to 2..=6.
pub fn to_html(md: &str, heading_offset: usize) -> String {
    let mut out = String::new();
    let mut para: Vec<&str> = Vec::new();
    let mut list: Option<(&'static str, Vec<String>)> = None;
    let mut lines = md.lines();

    fn flush_para(para: &mut Vec<&str>, out: &mut String) {
        if !para.is_empty() {
            out.push_str("<p>");
            out.push_str(&inline(&para.join(" ")));
            out.push_str("</p>\n");
            para.clear();
        }
    }
    fn flush_list(list: &mut Option<(&'static str, Vec<String>)>, out: &mut String) {
        if let Some((tag, items)) = list.take() {
            out.push_str(&format!("<{tag}>"));
            for i in items {
                out.push_str(&format!("<li>{}</li>", inline(&i)));
            }
            out.push_str(&format!("</{tag}>\n"));
        }
    }

    while let Some(line) = lines.next() {
        let t = line.trim_end();
        let trimmed = t.trim_start();
        if let Some(lang) = trimmed.strip_prefix("```") {
            flush_para(&mut para, &mut out);
            flush_list(&mut list, &mut out);
            let mut code = Vec::new();
            for l in lines.by_ref() {
                if l.trim_start().starts_with("```") {
                    break;
                }
                code.push(l);
            }
            let lang: String = lang
                .trim()
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .take(20)
                .collect();
            let class = if lang.is_empty() {
                String::new()
            } else {
                format!(" class=\"language-{lang}\"")
            };
            out.push_str(&format!(
                "<pre tabindex=\"0\"><code{class}>{}</code></pre>\n",
                escape(&code.join("\n"))
            ));
            continue;
        }
        if trimmed.is_empty() {
            flush_para(&mut para, &mut out);
            flush_list(&mut list, &mut out);
            continue;
        }
        let hashes = trimmed.bytes().take_while(|&b| b == b'#').count();
        if (1..=6).contains(&hashes) && trimmed[hashes..].starts_with(' ') {
            flush_para(&mut para, &mut out);
            flush_list(&mut list, &mut out);
            let level = (hashes + heading_offset).clamp(2, 6);
            out.push_str(&format!(
                "<h{level}>{}</h{level}>\n",
                inline(trimmed[hashes..].trim())
            ));
            continue;
        }
        let bullet = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "));
        let numbered = ordered_item(trimmed);
        if let Some((tag, item)) = bullet.map(|b| ("ul", b)).or(numbered.map(|n| ("ol", n))) {
            flush_para(&mut para, &mut out);
            match &mut list {
                Some((t, items)) if *t == tag => items.push(item.to_string()),
                _ => {
                    flush_list(&mut list, &mut out);
                    list = Some((tag, vec![item.to_string()]));
                }
            }
            continue;
        }
        if let Some((_, items)) = &mut list {
            // A continuation line of the last list item.
            if line.starts_with(' ') {
                if let Some(last) = items.last_mut() {
                    last.push(' ');
                    last.push_str(trimmed);
                    continue;
                }
            }
            flush_list(&mut list, &mut out);
        }
        para.push(trimmed);
    }
    flush_para(&mut para, &mut out);
    flush_list(&mut list, &mut out);
    out
}

fn ordered_item(t: &str) -> Option<&str> {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    t[digits..].strip_prefix(". ")
}

/// Inline Markdown: `code` and **bold**; everything escaped.
pub fn inline(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        let tick = rest.find('`');
        let bold = rest.find("**");
        match (tick, bold) {
            (Some(i), b) if b.is_none_or(|b| i < b) => {
                if let Some(len) = rest[i + 1..].find('`') {
                    out.push_str(&escape(&rest[..i]));
                    out.push_str(&format!(
                        "<code>{}</code>",
                        escape(&rest[i + 1..i + 1 + len])
                    ));
                    rest = &rest[i + 2 + len..];
                } else {
                    out.push_str(&escape(rest));
                    rest = "";
                }
            }
            (_, Some(i)) => {
                if let Some(len) = rest[i + 2..].find("**") {
                    out.push_str(&escape(&rest[..i]));
                    out.push_str(&format!(
                        "<strong>{}</strong>",
                        escape(&rest[i + 2..i + 2 + len])
                    ));
                    rest = &rest[i + 4 + len..];
                } else {
                    out.push_str(&escape(rest));
                    rest = "";
                }
            }
            _ => {
                out.push_str(&escape(rest));
                rest = "";
            }
        }
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn renders_the_shapes_the_docs_use() {
        let md = "## What it means\nA policy `now` demands\nMFA.\n\n- one\n- two <b>\n\n1. first\n2. second\n\n```text\n<script>alert(1)</script>\n```\n";
        let html = to_html(md, 1);
        assert_eq!(
            html,
            "<h3>What it means</h3>\n<p>A policy <code>now</code> demands MFA.</p>\n<ul><li>one</li><li>two &lt;b&gt;</li></ul>\n<ol><li>first</li><li>second</li></ol>\n<pre tabindex=\"0\"><code class=\"language-text\">&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>\n"
        );
    }

    #[test]
    fn escapes_hostile_text_everywhere() {
        let md = "# <img src=x onerror=alert(1)>\n**<i>** `<u>` \"q\" 'a' &\n```\"><svg onload=x>\nx\n```";
        let html = to_html(md, 0);
        assert!(!html.contains("<img"));
        assert!(!html.contains("<i>"));
        assert!(!html.contains("<u>"));
        assert!(!html.contains("<svg"));
        assert!(html.contains("<h2>&lt;img src=x onerror=alert(1)&gt;</h2>"));
        assert!(html.contains("<strong>&lt;i&gt;</strong>"));
        assert!(html.contains("<code>&lt;u&gt;</code>"));
        // The fence's "language" cannot inject attributes.
        assert!(html.contains("class=\"language-svgonloadx\""));
    }

    #[test]
    fn unterminated_inline_marks_stay_text() {
        assert_eq!(inline("a `b"), "a `b");
        assert_eq!(inline("a **b"), "a **b");
        assert_eq!(inline(""), "");
    }

    #[test]
    fn every_registry_doc_renders_without_raw_markup() {
        for rule in authlens_core::rules::registry() {
            let html = to_html(&rule.docs, 1);
            assert!(html.contains("<h3>"), "{}", rule.code);
            assert!(!html.contains("<script"), "{}", rule.code);
        }
    }
}
