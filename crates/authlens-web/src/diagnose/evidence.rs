//! Evidence in long pastes (a forwarded e-mail, a run export): the highlighted paste marks each
//! finding's evidence in that finding's colour and number, each evidence item of a finding is a
//! button that brings its mark into view, and long stretches without evidence are folded behind
//! "… 180 lines without evidence". The HTML is built here, purely; the few DOM reactions (jump,
//! unfold, scroll to the first mark) are at the end, for the page.
//!
//! The paste's text stays the `<pre>`'s text exactly: the finding numbers and the fold labels
//! are drawn by CSS from attributes (`data-n`, `data-label`), so copying from the highlighted
//! view copies the paste, and scripts can compare its `textContent` with the paste.

use crate::text::{escape, floor_boundary, Utf16Map};
use authlens_core::{Evidence, Report};

/// Colours in the palette (`.f1` … `.f4` in style.css); finding 5 takes the first again, and
/// its number still tells it apart.
pub const PALETTE: usize = 4;
/// A stretch without evidence longer than this many lines is folded.
pub const FOLD_MIN_LINES: usize = 40;
/// Lines kept visible on each side of a fold, so a mark keeps its surroundings.
pub const CONTEXT_LINES: usize = 3;

/// One highlighted stretch of the paste: overlapping evidence of several findings is merged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    pub start: usize,
    pub end: usize,
    /// The findings (1-based, ascending) whose evidence it holds.
    pub findings: Vec<usize>,
}

/// The marks of a report over the part of the paste that is shown.
#[derive(Clone, Debug, Default)]
pub struct Marks {
    /// Bytes of the paste shown (the highlighted view shows at most
    /// [`super::render::PREVIEW_MAX_BYTES`]).
    pub shown: usize,
    pub marks: Vec<Mark>,
}

impl Marks {
    pub fn build(text: &str, report: &Report, max_bytes: usize) -> Marks {
        let shown_len = floor_boundary(text, max_bytes);
        let shown = &text[..shown_len];
        let mut spans: Vec<(usize, usize, usize)> = report
            .findings
            .iter()
            .enumerate()
            .flat_map(|(i, f)| f.evidence.iter().map(move |e| (i + 1, e)))
            .map(|(n, e)| {
                (
                    floor_boundary(shown, e.start),
                    floor_boundary(shown, e.end),
                    n,
                )
            })
            .filter(|(s, e, _)| s < e)
            .collect();
        authlens_core::order::sort(&mut spans);
        let mut marks: Vec<Mark> = Vec::new();
        for (s, e, n) in spans {
            match marks.last_mut() {
                Some(last) if s <= last.end => {
                    last.end = last.end.max(e);
                    if !last.findings.contains(&n) {
                        last.findings.push(n);
                        last.findings.sort_unstable();
                    }
                }
                _ => marks.push(Mark {
                    start: s,
                    end: e,
                    findings: vec![n],
                }),
            }
        }
        Marks {
            shown: shown_len,
            marks,
        }
    }

    /// The mark that shows `ev`, if it is in the part shown.
    pub fn of(&self, ev: &Evidence) -> Option<usize> {
        if ev.start >= ev.end || ev.start >= self.shown {
            return None;
        }
        let i = self.marks.partition_point(|m| m.end <= ev.start);
        self.marks.get(i).filter(|m| m.start <= ev.start).map(|_| i)
    }
}

pub fn mark_id(i: usize) -> String {
    format!("ev-mark-{i}")
}

/// The palette class of finding `n` (1-based): `f1` … `f4`.
pub fn palette_class(n: usize) -> String {
    format!("f{}", (n.max(1) - 1) % PALETTE + 1)
}

/// The evidence item of finding `n`: a button to its mark when the mark is shown.
pub fn evidence_item(map: &Utf16Map, marks: &Marks, n: usize, ev: &Evidence, out: &mut String) {
    let label = escape(super::render::evidence_label(&ev.label, &ev.text));
    let text = escape(&ev.text);
    out.push_str(&format!(
        "<li class=\"evidence\" data-start=\"{}\" data-end=\"{}\">",
        map.get(ev.start),
        map.get(ev.end),
    ));
    match marks.of(ev) {
        Some(i) => out.push_str(&format!(
            "<button type=\"button\" class=\"ev-jump {pal}\" data-action=\"evidence\" \
             data-mark=\"{id}\" data-testid=\"evidence-jump\"><span class=\"ev-label\">{label}</span> \
             <code class=\"ev-text\">{text}</code><span class=\"visually-hidden\"> (show it in \
             your paste)</span></button>",
            pal = palette_class(n),
            id = mark_id(i),
        )),
        None => out.push_str(&format!(
            "<span class=\"ev-label\">{label}</span> <code class=\"ev-text\">{text}</code>"
        )),
    }
    out.push_str("</li>");
}

/// The paste shown (up to `max_bytes`), escaped, its marks numbered and coloured per finding,
/// long stretches without marks folded. `data-start`/`data-end` carry UTF-16 indices.
pub fn highlighted(text: &str, report: &Report, max_bytes: usize) -> String {
    let marks = Marks::build(text, report, max_bytes);
    let shown = &text[..marks.shown];
    let map = Utf16Map::new(text, marks.marks.iter().flat_map(|m| [m.start, m.end]));
    let mut out = String::with_capacity(shown.len() + 64 * (marks.marks.len() + 1));
    let mut at = 0;
    let mut folds = 0;
    let fold = !marks.marks.is_empty();
    for (i, m) in marks.marks.iter().enumerate() {
        gap(&shown[at..m.start], fold, &mut folds, &mut out);
        let numbers: Vec<String> = m.findings.iter().map(usize::to_string).collect();
        let n = numbers.join("·");
        let title = match m.findings.len() {
            1 => format!("Evidence of finding {n}"),
            _ => format!("Evidence of findings {}", numbers.join(", ")),
        };
        out.push_str(&format!(
            "<mark id=\"{id}\" class=\"ev {pal}\" data-n=\"{n}\" title=\"{title}\" tabindex=\"-1\" \
             data-start=\"{s}\" data-end=\"{e}\">{body}</mark>",
            id = mark_id(i),
            pal = palette_class(m.findings[0]),
            s = map.get(m.start),
            e = map.get(m.end),
            body = escape(&shown[m.start..m.end]),
        ));
        at = m.end;
    }
    gap(&shown[at..], fold, &mut folds, &mut out);
    if shown.len() < text.len() {
        out.push_str(&format!(
            "\n<span class=\"cut\">… {} more bytes not shown here (they were analysed).</span>",
            text.len() - shown.len()
        ));
    }
    out
}

/// Lines longer than this show their start and end with the middle folded: the browser lays out
/// a 200 KB line (a 100 000-deep JSON is one) for over 100 ms, twice with the paste box.
const LONG_LINE_BYTES: usize = 16 * 1024;
/// Bytes kept at each end of a folded long line.
const LONG_LINE_KEEP: usize = 4 * 1024;

/// `s` escaped, the middles of its lines over [`LONG_LINE_BYTES`] folded (a `fold` button and a
/// hidden span, as the folds of long stretches: the text is all there, only not laid out).
fn long_lines(s: &str, folds: &mut usize, out: &mut String) {
    fold_long_lines(s, "ev-fold", folds, out);
}

/// [`long_lines`] for any view: the folds' ids are `{prefix}-{n}` (unique in the page; the
/// Token view's decoded claims use it too, a 700 KB claim value is one line).
pub fn fold_long_lines(s: &str, prefix: &str, folds: &mut usize, out: &mut String) {
    if s.len() <= LONG_LINE_BYTES {
        out.push_str(&escape(s));
        return;
    }
    let mut plain = 0;
    let mut at = 0;
    for line in s.split_inclusive('\n') {
        let start = at;
        at += line.len();
        if line.len() <= LONG_LINE_BYTES {
            continue;
        }
        let head = start + crate::text::floor_boundary(line, LONG_LINE_KEEP);
        let tail = start + crate::text::floor_boundary(line, line.len() - LONG_LINE_KEEP);
        out.push_str(&escape(&s[plain..head]));
        let size = crate::text::human_bytes((tail - head) as f64);
        out.push_str(&format!(
            "<button type=\"button\" class=\"fold\" data-action=\"unfold\" data-testid=\"fold-line\" \
             aria-expanded=\"false\" aria-controls=\"{prefix}-{k}\" data-label=\"… {size} more of this line (show)\" \
             aria-label=\"Show {size} more of this line\"></button><span id=\"{prefix}-{k}\" class=\"folded\" tabindex=\"-1\" \
             hidden>{body}</span>",
            k = *folds,
            body = escape(&s[head..tail]),
        ));
        *folds += 1;
        plain = tail;
    }
    out.push_str(&escape(&s[plain..]));
}

/// A stretch between marks: as is, or with its middle folded when it is long.
fn gap(stretch: &str, fold: bool, folds: &mut usize, out: &mut String) {
    let Some((head, middle, tail)) = fold.then(|| split_fold(stretch)).flatten() else {
        long_lines(stretch, folds, out);
        return;
    };
    let lines = middle.matches('\n').count();
    let label = format!("… {lines} lines without evidence (show)");
    long_lines(head, folds, out);
    out.push_str(&format!(
        "<button type=\"button\" class=\"fold\" data-action=\"unfold\" data-testid=\"fold\" \
         aria-expanded=\"false\" aria-controls=\"ev-fold-{k}\" data-label=\"{label}\" \
         aria-label=\"{aria}\"></button><span id=\"ev-fold-{k}\" class=\"folded\" tabindex=\"-1\" \
         hidden>{body}</span>",
        k = *folds,
        label = escape(&label),
        aria = escape(&format!("Show {lines} lines without evidence")),
        body = escape(middle),
    ));
    *folds += 1;
    long_lines(tail, folds, out);
}

/// (head, folded middle, tail) of a stretch with more than [`FOLD_MIN_LINES`] lines between its
/// first and last [`CONTEXT_LINES`] lines; `None` when it is short.
fn split_fold(s: &str) -> Option<(&str, &str, &str)> {
    let newlines: Vec<usize> = s
        .bytes()
        .enumerate()
        .filter(|(_, c)| *c == b'\n')
        .map(|(i, _)| i)
        .collect();
    if newlines.len() <= FOLD_MIN_LINES + 2 * CONTEXT_LINES {
        return None;
    }
    // After the head's last newline, and after the newline that leaves CONTEXT_LINES in the tail.
    let from = newlines[CONTEXT_LINES - 1] + 1;
    let to = newlines[newlines.len() - CONTEXT_LINES - 1] + 1;
    Some((&s[..from], &s[from..to], &s[to..]))
}

/// Where "what AuthLens saw" is shown (`www/index.html`).
pub const SEEN_ID: &str = "seen";

/// The DOM side: what the page does with the HTML above.
pub mod dom {
    use super::super::ids;
    use crate::dom as page;
    use wasm_bindgen::JsCast;
    use web_sys::{Element, HtmlElement, ScrollIntoViewOptions, ScrollLogicalPosition};

    /// Lines of context kept above the first mark when the paste is scrolled to it.
    const ABOVE_PX: f64 = 32.0;

    /// After an analysis is shown: "what AuthLens saw" (when nothing explains the paste) and
    /// the highlighted paste opened at its first mark.
    pub fn after_apply(seen_html: &str) {
        if let Some(seen) = page::by_id(super::SEEN_ID) {
            seen.set_inner_html(seen_html);
            page::toggle_hidden(&seen, seen_html.is_empty());
        }
        scroll_to_first_mark();
    }

    /// After an analysis: the highlighted paste (its own scroll box) opens at the first mark,
    /// not at the top of a long e-mail. The page itself does not move.
    pub fn scroll_to_first_mark() {
        let Some(pre) = page::by_id(ids::HIGHLIGHTED) else {
            return;
        };
        let Some(mark) = pre.query_selector("mark").ok().flatten() else {
            pre.set_scroll_top(0);
            return;
        };
        let delta = mark.get_bounding_client_rect().top() - pre.get_bounding_client_rect().top();
        let top = f64::from(pre.scroll_top()) + delta - ABOVE_PX;
        // Whole pixels: the box cannot scroll by less, and the value is small.
        #[allow(clippy::cast_possible_truncation)]
        pre.set_scroll_top(top.max(0.0) as i32);
    }

    /// An evidence button: its mark is focused, brought to the middle of the view and flashed.
    pub fn jump(button: &Element) {
        let Some(mark) = button
            .get_attribute("data-mark")
            .and_then(|id| page::by_id(&id))
        else {
            return;
        };
        if let Some(m) = mark.dyn_ref::<HtmlElement>() {
            let opts = web_sys::FocusOptions::new();
            opts.set_prevent_scroll(true);
            m.focus_with_options(&opts).ok();
        }
        let opts = ScrollIntoViewOptions::new();
        opts.set_block(ScrollLogicalPosition::Center);
        mark.scroll_into_view_with_scroll_into_view_options(&opts);
        flash(&mark);
    }

    /// Restarts the mark's brief highlight (a CSS animation on `.flash`).
    fn flash(mark: &Element) {
        let list = mark.class_list();
        list.remove_1("flash").ok();
        // Reading the layout between removing and adding the class restarts the animation.
        if let Some(m) = mark.dyn_ref::<HtmlElement>() {
            let _ = m.offset_width();
        }
        list.add_1("flash").ok();
    }

    /// A fold: the hidden lines are shown in place of the button, and focus moves to them.
    pub fn unfold(button: &Element) {
        let Some(body) = button
            .get_attribute("aria-controls")
            .and_then(|id| page::by_id(&id))
        else {
            return;
        };
        page::toggle_hidden(&body, false);
        button.remove();
        if let Some(b) = body.dyn_ref::<HtmlElement>() {
            b.focus().ok();
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::diagnose::render::tests::sample;

    fn two_findings(text: &str, a: Vec<(usize, usize)>, b: Vec<(usize, usize)>) -> Report {
        let mut r = sample(text, a);
        let mut second = sample(text, b).findings.remove(0);
        second.code = "AL002";
        r.findings.push(second);
        r
    }

    #[test]
    fn marks_carry_their_finding_number_and_colour() {
        let text = "aaa bbb ccc ddd";
        let r = two_findings(text, vec![(0, 3)], vec![(8, 11), (2, 5)]);
        let m = Marks::build(text, &r, usize::MAX);
        assert_eq!(
            m.marks,
            vec![
                Mark {
                    start: 0,
                    end: 5,
                    findings: vec![1, 2]
                },
                Mark {
                    start: 8,
                    end: 11,
                    findings: vec![2]
                },
            ]
        );
        let html = highlighted(text, &r, usize::MAX);
        assert!(
            html.contains(r#"id="ev-mark-0" class="ev f1" data-n="1·2""#),
            "{html}"
        );
        assert!(
            html.contains(r#"id="ev-mark-1" class="ev f2" data-n="2""#),
            "{html}"
        );
        assert!(html.contains("title=\"Evidence of findings 1, 2\""));
        assert_eq!(palette_class(5), "f1");
    }

    #[test]
    fn evidence_items_point_at_their_mark() {
        let text = "aaa bbb ccc ddd";
        let r = two_findings(text, vec![(0, 3)], vec![(8, 11), (2, 5)]);
        let m = Marks::build(text, &r, usize::MAX);
        assert_eq!(m.of(&r.findings[1].evidence[0]), Some(1));
        assert_eq!(m.of(&r.findings[1].evidence[1]), Some(0));
        let map = Utf16Map::for_report(text, &r);
        let mut out = String::new();
        evidence_item(&map, &m, 2, &r.findings[1].evidence[0], &mut out);
        assert!(
            out.contains(r#"data-action="evidence" data-mark="ev-mark-1""#),
            "{out}"
        );
        assert!(out.starts_with("<li class=\"evidence\" data-start=\"8\" data-end=\"11\">"));
        // Evidence at a position (no text) or beyond the part shown has no mark to go to.
        let mut empty = r.findings[1].evidence[0].clone();
        empty.end = empty.start;
        assert_eq!(m.of(&empty), None);
        let cut = Marks::build(text, &r, 4);
        assert_eq!(cut.of(&r.findings[1].evidence[0]), None);
        let mut out = String::new();
        evidence_item(&map, &cut, 2, &r.findings[1].evidence[0], &mut out);
        assert!(!out.contains("<button"));
    }

    fn long_text(before: usize, after: usize) -> (String, usize) {
        let mut t = String::new();
        for i in 0..before {
            t.push_str(&format!("line {i} <of> the signature\n"));
        }
        let at = t.len();
        t.push_str("AADSTS50076\n");
        for i in 0..after {
            t.push_str(&format!("tail {i}\n"));
        }
        (t, at)
    }

    /// The text of the HTML as the page's `textContent` reads it: tags gone, entities decoded.
    fn text_content(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                _ if !in_tag => out.push(c),
                _ => {}
            }
        }
        out.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    #[test]
    fn long_stretches_without_evidence_fold_and_the_text_stays_the_paste() {
        let (text, at) = long_text(200, 10);
        let r = sample(&text, vec![(at, at + 11)]);
        let html = highlighted(&text, &r, usize::MAX);
        assert_eq!(html.matches("data-action=\"unfold\"").count(), 1, "{html}");
        assert!(
            html.contains("data-label=\"… 194 lines without evidence (show)\""),
            "{html}"
        );
        assert!(html.contains("aria-label=\"Show 194 lines without evidence\""));
        assert!(html.contains("aria-controls=\"ev-fold-0\"") && html.contains("id=\"ev-fold-0\""));
        // The first and last context lines stay visible; the tail (10 lines) is short.
        let before_button = html.split("<button").next().unwrap_or_default();
        assert!(before_button.contains("line 2 &lt;of&gt;") && !before_button.contains("line 3 "));
        assert!(html.contains("line 197 &lt;of&gt; the signature\nline 198"));
        assert_eq!(text_content(&html), text);
    }

    #[test]
    fn short_stretches_and_pastes_without_marks_are_not_folded() {
        let (text, at) = long_text(46, 45);
        let r = sample(&text, vec![(at, at + 11)]);
        assert!(!highlighted(&text, &r, usize::MAX).contains("unfold"));
        let (text, _) = long_text(400, 0);
        let r = sample(&text, vec![]);
        let html = highlighted(&text, &r, usize::MAX);
        assert!(!html.contains("unfold") && !html.contains("<mark"));
        assert_eq!(text_content(&html), text);
        let (text, at) = long_text(47, 0);
        let r = sample(&text, vec![(at, at + 11)]);
        assert!(highlighted(&text, &r, usize::MAX).contains("… 41 lines without evidence"));
    }

    #[test]
    fn long_lines_fold_their_middle_and_keep_every_byte() {
        let line = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let text = format!("a\n{line}\nb");
        let mut out = String::new();
        long_lines(&text, &mut 0, &mut out);
        assert_eq!(out.matches("data-testid=\"fold-line\"").count(), 1);
        // Shown: the line's two ends; the rest in the hidden span, nothing lost.
        let (shown, rest) = out.split_once("<button").unwrap();
        assert_eq!(shown, format!("a\n{}", "[".repeat(LONG_LINE_KEEP)));
        let hidden = rest
            .split_once("hidden>")
            .unwrap()
            .1
            .split_once("</span>")
            .unwrap();
        assert_eq!(
            hidden.0.len() + hidden.1.len() + shown.len(),
            text.len(),
            "every byte is in the markup"
        );
        assert!(hidden.1.ends_with("]\nb"));
        // Short lines are untouched.
        let mut short = String::new();
        long_lines("x\ny", &mut 0, &mut short);
        assert_eq!(short, "x\ny");
    }
}
