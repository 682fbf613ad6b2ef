//! Workflow expressions as far as a credential needs them: literal or expression, the text
//! outside `@{…}`, fixed tokens, the names an expression refers to, and why one cannot evaluate.

use super::*;

// ---- expression helpers -------------------------------------------------------------------

/// True when the string is (or holds) a workflow expression or an ARM template expression.
pub(super) fn is_expr(s: &str) -> bool {
    let t = s.trim();
    (t.starts_with('@') && !t.starts_with("@@"))
        || t.contains("@{")
        || (t.starts_with('[') && t.ends_with(']') && !t.starts_with("[["))
}

/// A non-empty value typed in as is.
pub(super) fn is_literal(s: &str) -> bool {
    !s.trim().is_empty() && !is_expr(s)
}

/// The text outside `@{…}` interpolations; empty for a whole-string expression.
pub(super) fn literal_parts(s: &str) -> String {
    let t = s.trim();
    if t.starts_with('@') && !t.starts_with("@@") {
        return String::new();
    }
    let mut out = String::new();
    let mut rest = t;
    while let Some(i) = rest.find("@{") {
        out.push_str(&rest[..i]);
        match close_of(&rest[i + 2..]) {
            Some(j) => rest = &rest[i + 2 + j + 1..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// Index of the `}` closing an interpolation whose body starts `s`, skipping quoted strings.
pub(super) fn close_of(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quoted = false;
    for (i, c) in s.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '{' if !quoted => depth += 1,
            '}' if !quoted => {
                if depth == 0 {
                    return Some(i);
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    None
}

/// A JWT anywhere in the string (three base64url parts, the first starting `eyJ`).
pub(super) fn find_jwt(s: &str) -> Option<&str> {
    let mut from = 0;
    while let Some(i) = s[from..].find("eyJ") {
        let start = from + i;
        let end = s[start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
            .map_or(s.len(), |j| start + j);
        let cand = &s[start..end];
        let parts: Vec<&str> = cand.split('.').collect();
        if parts.len() >= 3 && parts.iter().take(2).all(|p| p.len() >= 10) {
            return Some(cand);
        }
        from = start + 3;
    }
    None
}

pub(super) const SCHEMES: &[&str] = &["bearer", "basic", "sharedaccesssignature", "negotiate"];

pub(super) fn first_words(s: &str) -> Vec<String> {
    s.split_whitespace()
        .take(3)
        .map(|w| w.trim_matches(['"', '\'']).to_ascii_lowercase())
        .collect()
}

/// A fixed bearer token in the literal parts of a value: `Bearer <opaque ≥ 16>` or a JWT.
pub(super) fn literal_bearer(value: &str) -> Option<String> {
    if let Some(j) = find_jwt(value) {
        return Some(j.to_string());
    }
    let lit = literal_parts(value);
    let words: Vec<&str> = lit.split_whitespace().collect();
    for w in words.windows(2) {
        let tok = w[1].trim_matches(['"', '\'']);
        if w[0]
            .trim_matches(['"', '\''])
            .eq_ignore_ascii_case("bearer")
            && tok.len() >= 16
            && !tok.eq_ignore_ascii_case("bearer")
            && tok
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~+/=".contains(&b))
        {
            return Some(tok.to_string());
        }
    }
    None
}

/// Functions whose first argument names something that must exist in the definition.
pub(super) const REF_FUNCS: &[(&str, RefKind)] = &[
    ("body", RefKind::Action),
    ("outputs", RefKind::Action),
    ("actions", RefKind::Action),
    ("actionbody", RefKind::Action),
    ("actionoutputs", RefKind::Action),
    ("result", RefKind::Action),
    ("variables", RefKind::Variable),
    ("parameters", RefKind::Parameter),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum RefKind {
    Action,
    Variable,
    Parameter,
}

/// `(kind, name)` of every `fn('name')` reference in an expression string.
pub(super) fn references(s: &str) -> Vec<(RefKind, String)> {
    let lower = s.to_ascii_lowercase();
    let mut out = Vec::new();
    let b = lower.as_bytes();
    for (f, kind) in REF_FUNCS {
        let pat = format!("{f}('");
        let mut from = 0;
        while let Some(i) = lower[from..].find(&pat) {
            let at = from + i;
            from = at + pat.len();
            // `triggerBody(` / `actionBody(` are other functions: require a non-letter before.
            if at > 0 && b[at - 1].is_ascii_alphabetic() {
                continue;
            }
            if let Some(end) = s[from..].find('\'') {
                out.push((*kind, s[from..from + end].to_string()));
            }
        }
    }
    out
}

/// Why an expression in a credential cannot evaluate, if it cannot.
pub(super) fn broken_expression(value: &str, known: Option<&Known>) -> Option<String> {
    let t = value.trim();
    // Unbalanced interpolation.
    let mut rest = t;
    while let Some(i) = rest.find("@{") {
        match close_of(&rest[i + 2..]) {
            Some(j) => rest = &rest[i + 2 + j + 1..],
            None => return Some("an `@{` is never closed".into()),
        }
    }
    // `@fn(` in the middle of text, without braces: sent as text.
    let lit = literal_parts(t);
    let lb = lit.as_bytes();
    for (i, &c) in lb.iter().enumerate() {
        if c == b'@' && i + 1 < lb.len() && lb[i + 1].is_ascii_alphabetic() {
            let name_end = lit[i + 1..]
                .find(|ch: char| !ch.is_ascii_alphanumeric())
                .map_or(lit.len(), |k| i + 1 + k);
            if lit[name_end..].starts_with('(') && (i == 0 || lb[i - 1] != b'@') {
                return Some(format!(
                    "`{}` sits inside text without `@{{…}}`, so it is sent as text",
                    crate::text::shorten(&lit[i..], 40)
                ));
            }
        }
    }
    if let Some(i) = t.find("{{") {
        if t[i..].contains("}}") && !t.contains("@{{") {
            return Some(format!(
                "`{}` is a template variable (Postman style) that the platform never fills in, so it is sent as text",
                crate::text::shorten(&t[i..], 30)
            ));
        }
    }
    // ARM template expressions are resolved at deployment, against the template's parameters.
    if t.starts_with('[') && t.ends_with(']') {
        return None;
    }
    let known = known?;
    for (kind, name) in references(t) {
        if kind == RefKind::Parameter && !known.check_params {
            continue;
        }
        let missing = match kind {
            RefKind::Action => !known.actions.contains(&name),
            RefKind::Variable => !known
                .variables
                .iter()
                .any(|v| v.eq_ignore_ascii_case(&name)),
            RefKind::Parameter => !name.starts_with('$') && !known.params.contains(&name),
        };
        if missing {
            let what = match kind {
                RefKind::Action => "action",
                RefKind::Variable => "variable (no Initialize variable action sets it)",
                RefKind::Parameter => "parameter",
            };
            return Some(format!(
                "it names the {what} '{name}', which the definition does not have"
            ));
        }
    }
    None
}

/// Names an expression may refer to, for one workflow.
pub(super) struct Known {
    pub(super) actions: HashSet<String>,
    /// Lowercased: variable names are case-insensitive.
    pub(super) variables: HashSet<String>,
    pub(super) params: HashSet<String>,
    /// Variables whose value already starts with a scheme (`Bearer …`).
    pub(super) scheme_variables: Vec<String>,
    /// Variables holding a bare `access_token` (no scheme).
    pub(super) token_variables: Vec<String>,
    /// False where `parameters('…')` names values outside the definition (Standard's
    /// parameters.json).
    pub(super) check_params: bool,
}

pub(super) fn known(w: &Workflow, format: DefinitionFormat) -> Known {
    let mut k = Known {
        token_variables: Vec::new(),
        check_params: format != DefinitionFormat::LogicAppsStandard,
        actions: w.nodes.iter().map(|n| n.name.clone()).collect(),
        variables: HashSet::new(),
        params: w.params.iter().map(|p| p.name.clone()).collect(),
        scheme_variables: Vec::new(),
    };
    for n in &w.nodes {
        let Some(inputs) = n.inputs() else { continue };
        let mut vars: Vec<(&str, Option<&Value>)> = Vec::new();
        if n.kind().eq_ignore_ascii_case("InitializeVariable") {
            if let Some(list) = inputs.get("variables").and_then(Value::as_array) {
                for v in list {
                    if let Some(name) = v.get("name").and_then(Value::as_str) {
                        vars.push((name, v.get("value")));
                    }
                }
            }
        }
        if n.kind().eq_ignore_ascii_case("SetVariable") {
            if let Some(name) = inputs.get("name").and_then(Value::as_str) {
                vars.push((name, inputs.get("value")));
            }
        }
        for (name, value) in vars {
            if n.kind().eq_ignore_ascii_case("InitializeVariable") {
                k.variables.insert(name.to_ascii_lowercase());
            }
            let starts_with_scheme = value.and_then(Value::as_str).is_some_and(|v| {
                let lower = v.trim_start().to_ascii_lowercase();
                lower.starts_with("bearer ") || lower.contains("concat('bearer ")
            });
            if starts_with_scheme {
                k.scheme_variables.push(name.to_string());
            } else if value
                .and_then(Value::as_str)
                .is_some_and(|v| v.to_ascii_lowercase().contains("access_token"))
            {
                k.token_variables.push(name.to_string());
            }
        }
    }
    k
}
