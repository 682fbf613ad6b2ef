//! The Rules view (`#rules`, `#rule/AL104`): the rule index and one rule's documentation,
//! rendered from the core's registry, and the "Try this example in Diagnose" button. The other
//! stable codes a result carries (token checks, Compare's request parts, history patterns) have
//! their pages here too (`#rule/time.expired`, `#rule/auth`, `#rule/periodic`).

pub mod markdown;

#[cfg(not(feature = "full"))]
pub use on_demand::{search, show_index, show_rule};

/// The start module (without the `full` feature) has no rules' documentation: the full module
/// (crates/authlens-full-web), loaded on the main thread by `www/analysis-client.js`, renders
/// the view into the same elements with the functions of this file.
#[cfg(not(feature = "full"))]
mod on_demand {
    use super::ids;
    use crate::{bridge, dom};

    fn render(op: &str, arg: &str, focus: bool) {
        let failed = |msg: String| {
            if let Some(c) = dom::by_id(ids::CONTENT) {
                c.set_text_content(Some(&format!(
                    "The rules' documentation could not be loaded: {msg}"
                )));
            }
        };
        match bridge::rules_view(op, arg, focus) {
            Ok(p) => bridge::settle_value(&p, |_| {}, failed),
            Err(e) => failed(bridge::error_message(&e)),
        }
    }

    /// Renders the index into the view.
    pub fn show_index() {
        render("index", "", false);
    }

    /// Renders one rule's documentation; `focus`: then moves focus to its heading.
    pub fn show_rule(code: &str, focus: bool) {
        render("rule", code, focus);
    }

    /// Filters the index by the search box.
    pub fn search(query: &str) {
        render("search", query, false);
    }
}

#[cfg(feature = "full")]
use crate::dom;
#[cfg(feature = "full")]
use crate::text::{escape, wire_name};
#[cfg(feature = "full")]
use crate::view::View;
#[cfg(feature = "full")]
use authlens_core::diagnostic::CodeDoc;

#[cfg(feature = "full")]
/// The code registries besides the rules: heading, what one entry is, the view that shows them,
/// the entries.
const CODE_SECTIONS: &[(&str, &str, View, &[CodeDoc])] = &[
    (
        "Token checks",
        "token check",
        View::Token,
        authlens_core::token::CHECKS,
    ),
    (
        "Compare: request parts",
        "Compare difference",
        View::Compare,
        authlens_core::request::PARTS,
    ),
    (
        "History patterns",
        "run history pattern",
        View::Diagnose,
        authlens_core::history::PATTERNS,
    ),
];

#[cfg(feature = "full")]
/// The entry of a code registry for `code`, with its section.
fn code_doc(code: &str) -> Option<(&'static str, View, &'static CodeDoc)> {
    CODE_SECTIONS.iter().find_map(|(_, what, view, docs)| {
        docs.iter()
            .find(|d| d.code == code)
            .map(|d| (*what, *view, d))
    })
}

/// The elements of the Rules view.
pub mod ids {
    /// Where the index or a rule's documentation is rendered.
    pub const CONTENT: &str = "rules-content";
    /// The heading of what is shown (focused after navigating to a rule).
    pub const HEADING: &str = "rules-heading";
    /// The search box over the index, and the count of rules it matches.
    pub const SEARCH: &str = "rules-search";
    pub const COUNT: &str = "rules-count";
}

#[cfg(feature = "full")]
/// Renders the index into the view.
pub fn show_index() {
    if let Some(c) = dom::by_id(ids::CONTENT) {
        c.set_inner_html(&rules_index_html());
    }
}

#[cfg(feature = "full")]
/// Renders one rule's documentation into the view; `focus`: move focus to its heading (after a
/// link was followed, so screen readers start at the rule).
pub fn show_rule(code: &str, focus: bool) {
    if let Some(c) = dom::by_id(ids::CONTENT) {
        c.set_inner_html(&rule_html(code));
    }
    if focus {
        dom::focus(ids::HEADING);
    }
}

#[cfg(feature = "full")]
/// Filters the index by the search box: a rule stays when every word of `query` is in its
/// code, name, title, category or documentation (case-insensitive). Shows the index first when a
/// rule's page was open.
pub fn search(query: &str) {
    let Some(content) = dom::by_id(ids::CONTENT) else {
        return;
    };
    if content
        .query_selector(".rule-index")
        .ok()
        .flatten()
        .is_none()
    {
        show_index();
    }
    let keep = matching(query);
    // The code lists are filtered alike; the count speaks of the rules.
    if let Ok(codes) = content.query_selector_all(".code-index > li[data-code]") {
        filter(&codes, &keep);
    }
    let Ok(items) = content.query_selector_all(".rule-index > li[data-code]") else {
        return;
    };
    filter(&items, &keep);
    let total = items.length();
    let text = if query.trim().is_empty() {
        String::new()
    } else {
        match keep.len() {
            0 => format!("No rule matches “{}”.", query.trim()),
            1 => format!("1 of {total} rules matches."),
            n => format!("{n} of {total} rules match."),
        }
    };
    dom::set_text(ids::COUNT, &text);
}

#[cfg(feature = "full")]
/// Hides the items (`li[data-code]`) whose code is not in `keep`.
fn filter(items: &web_sys::NodeList, keep: &[&str]) {
    for i in 0..items.length() {
        let Some(li) = items
            .get(i)
            .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
        else {
            continue;
        };
        let code = li.get_attribute("data-code").unwrap_or_default();
        dom::toggle_hidden(&li, !keep.iter().any(|c| *c == code));
    }
}

#[cfg(feature = "full")]
/// The codes of the rules and other documented codes `query` matches (all for an empty query).
/// An error code or a standard message of the knowledge tables (`AADSTS53003`, `MSINotEnabled`)
/// finds the rule that reports it.
pub fn matching(query: &str) -> Vec<&'static str> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let readers: Vec<&str> = authlens_core::knowledge::explain::explain(query)
        .iter()
        .map(|x| x.rule)
        .collect();
    let hit = |hay: String| {
        let hay = hay.to_lowercase();
        words.iter().all(|w| hay.contains(w.as_str()))
    };
    let rules = authlens_core::rules::registry()
        .into_iter()
        .filter(|r| {
            readers.contains(&r.code)
                || hit(format!(
                    "{} {} {} {} {}",
                    r.code,
                    r.name,
                    r.title,
                    r.category.as_str(),
                    r.docs
                ))
        })
        .map(|r| r.code);
    let others = CODE_SECTIONS
        .iter()
        .flat_map(|(_, what, _, docs)| docs.iter().map(move |d| (*what, d)))
        .filter(|(what, d)| hit(format!("{} {} {} {what}", d.code, d.title, d.doc)))
        .map(|(_, d)| d.code);
    rules.chain(others).collect()
}

#[cfg(feature = "full")]
/// The Diagnose paste of a rule's documented example (the "Try this example" button).
pub fn example(code: &str) -> Option<String> {
    authlens_core::rules::find(code).and_then(|r| r.example())
}

#[cfg(feature = "full")]
/// The rule list for `#rules`: one link per rule to its documentation.
pub fn rules_index_html() -> String {
    let mut out = String::from(
        "<h2 id=\"rules-heading\" tabindex=\"-1\">Rules</h2><p>Every diagnosis AuthLens can make. \
         Each finding's code links here.</p><ul class=\"rule-index\">",
    );
    for r in authlens_core::rules::registry() {
        out.push_str(&format!(
            "<li data-code=\"{code}\"><a href=\"#rule/{code}\">{code}</a> {title} <span class=\"category\">{cat}</span></li>",
            code = escape(r.code),
            title = escape(r.title),
            cat = escape(r.category.as_str()),
        ));
    }
    out.push_str("</ul>");
    for (heading, _, _, docs) in CODE_SECTIONS {
        out.push_str(&format!(
            "<h3>{}</h3><ul class=\"code-index\">",
            escape(heading)
        ));
        for d in *docs {
            out.push_str(&format!(
                "<li data-code=\"{code}\"><a href=\"#rule/{code}\"><code>{code}</code></a> {title}</li>",
                code = escape(d.code),
                title = escape(d.title),
            ));
        }
        out.push_str("</ul>");
    }
    out
}

#[cfg(feature = "full")]
/// The page of a token check, a request part or a history pattern.
fn code_html(what: &str, view: View, d: &CodeDoc) -> String {
    format!(
        "<article class=\"rule-doc\" data-code=\"{code}\"><h2 id=\"rules-heading\" tabindex=\"-1\"><span class=\"code\">{code}</span> {title}</h2>\
         <p class=\"meta\">{what}</p>{doc}<p><a href=\"#rules\">All rules</a> · <a href=\"#{view}\">Back to {label}</a></p></article>",
        code = escape(d.code),
        title = escape(d.title),
        what = escape(what),
        doc = markdown::to_html(d.doc, 1),
        view = view.name(),
        label = view.title(),
    )
}

#[cfg(feature = "full")]
/// One rule's documentation for `#rule/AL104`, rendered from the registry Markdown. Unknown codes
/// get a sentence and the index link.
pub fn rule_html(code: &str) -> String {
    let Some(rule) = authlens_core::rules::find(code) else {
        if let Some((what, view, d)) = code_doc(code) {
            return code_html(what, view, d);
        }
        return format!(
            "<h2 id=\"rules-heading\" tabindex=\"-1\">Unknown rule</h2><p>There is no rule <code>{}</code>. \
             <a href=\"#rules\">All rules</a></p>",
            escape(&code.chars().take(40).collect::<String>())
        );
    };
    let meta = rule.meta();
    let mut out = format!(
        "<article class=\"rule-doc\" data-code=\"{code}\"><h2 id=\"rules-heading\" tabindex=\"-1\"><span class=\"code\">{code}</span> {title}</h2>\
         <p class=\"meta\"><code>{name}</code> · <code>{cat}</code> · {sev}</p>",
        code = escape(meta.code),
        title = escape(meta.title),
        name = escape(meta.name),
        cat = escape(meta.category.as_str()),
        sev = escape(&wire_name(&meta.severity)),
    );
    out.push_str(&markdown::to_html(&meta.docs, 1));
    if rule.example().is_some() {
        out.push_str(&format!(
            "<p><button type=\"button\" data-action=\"rule-example\" data-code=\"{}\">Try this example in Diagnose</button></p>",
            escape(meta.code)
        ));
    }
    out.push_str("<p><a href=\"#rules\">All rules</a> · <a href=\"#diagnose\">Back to Diagnose</a></p></article>");
    out
}

#[cfg(all(test, feature = "full", not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn rule_docs_render_with_their_example_button() {
        assert!(rule_html("AL104").contains("<h3>What it means</h3>"));
        assert!(rule_html("AL104").contains("data-action=\"rule-example\""));
        assert!(rule_html("<x>").contains("&lt;x&gt;"));
        assert!(rules_index_html().contains("href=\"#rule/AL401\""));
        assert!(example("AL104").is_some());
    }

    #[test]
    fn token_checks_request_parts_and_history_patterns_have_pages() {
        let index = rules_index_html();
        for code in [
            "time.expired",
            "header.quoted",
            "auth",
            "began-after-successes",
        ] {
            assert!(index.contains(&format!("href=\"#rule/{code}\"")), "{code}");
            let page = rule_html(code);
            assert!(page.contains(&format!("data-code=\"{code}\"")), "{page}");
            assert!(!page.contains("Unknown rule"), "{page}");
        }
        assert!(rule_html("time.expired").contains("token check"));
        assert!(rule_html("auth").contains("href=\"#compare\""));
        assert!(matching("audience").contains(&"audience"));
        assert!(matching("postman").contains(&"auth"));
    }

    #[test]
    fn search_matches_every_word_anywhere_in_a_rule() {
        let all = matching("");
        assert!(all.len() > 50);
        let mfa = matching("multi-factor");
        assert!(mfa.contains(&"AL104"), "{mfa:?}");
        assert!(mfa.len() < all.len());
        assert_eq!(matching("al104"), vec!["AL104"]);
        assert!(matching("al104 zzzz-no-such-word").is_empty());
        // Error codes find the rule that reports them.
        assert!(matching("MSINotEnabled").contains(&"AL312"));
        assert!(matching("DMTS_OAuthTokenRefreshFailedError").contains(&"AL507"));
        assert!(matching("AADSTS53003").contains(&"AL126"));
    }
}
