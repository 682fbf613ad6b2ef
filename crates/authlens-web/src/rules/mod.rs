//! The Rules view (`#rules`, `#rule/AL104`): the rule index and one rule's documentation,
//! rendered from the core's registry, and the "Try this example in Diagnose" button.

pub mod markdown;

use crate::dom;
use crate::text::{escape, wire_name};

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

/// Renders the index into the view.
pub fn show_index() {
    if let Some(c) = dom::by_id(ids::CONTENT) {
        c.set_inner_html(&rules_index_html());
    }
}

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
    let Ok(items) = content.query_selector_all(".rule-index > li[data-code]") else {
        return;
    };
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

/// The codes of the rules `query` matches (every rule for an empty query). An error code or a
/// standard message of the knowledge tables (`AADSTS53003`, `MSINotEnabled`) finds the rule that
/// reports it.
pub fn matching(query: &str) -> Vec<&'static str> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let readers: Vec<&str> = authlens_core::knowledge::explain::explain(query)
        .iter()
        .map(|x| x.rule)
        .collect();
    authlens_core::rules::registry()
        .into_iter()
        .filter(|r| {
            if readers.contains(&r.code) {
                return true;
            }
            let hay = format!(
                "{} {} {} {} {}",
                r.code,
                r.name,
                r.title,
                r.category.as_str(),
                r.docs
            )
            .to_lowercase();
            words.iter().all(|w| hay.contains(w.as_str()))
        })
        .map(|r| r.code)
        .collect()
}

/// The Diagnose paste of a rule's documented example (the "Try this example" button).
pub fn example(code: &str) -> Option<String> {
    authlens_core::rules::find(code).and_then(|r| r.example())
}

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
    out
}

/// One rule's documentation for `#rule/AL104`, rendered from the registry Markdown. Unknown codes
/// get a sentence and the index link.
pub fn rule_html(code: &str) -> String {
    let Some(rule) = authlens_core::rules::find(code) else {
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

#[cfg(all(test, not(target_arch = "wasm32")))]
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
