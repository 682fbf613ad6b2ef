//! Flattening a definition: every trigger and action, wherever it is nested, with its JSONPath.

use super::parse::{s, seg, Node, Param, Workflow};
use serde_json::{Map, Value};

/// Actions and triggers read per workflow; deeper nesting than this is not walked.
pub(super) const MAX_NODES: usize = 5_000;
pub(super) const MAX_NESTING: usize = 32;

pub(super) fn params_of(v: Option<&Value>, path: &str) -> Vec<Param> {
    let Some(o) = v.and_then(Value::as_object) else {
        return Vec::new();
    };
    o.iter()
        .map(|(name, p)| Param {
            name: name.clone(),
            kind: s(p, "type").unwrap_or("").to_string(),
            path: format!("{path}{}", seg(name)),
        })
        .collect()
}

pub(super) fn workflow(
    def: &Value,
    path: &str,
    name: Option<String>,
    access_control: Option<(Value, String)>,
    is_resource: bool,
) -> Workflow {
    let mut nodes = Vec::new();
    for (key, trigger) in [("triggers", true), ("actions", false)] {
        if let Some(o) = def.get(key).and_then(Value::as_object) {
            walk_map(o, &format!("{path}.{key}"), trigger, &mut nodes, 0);
        }
    }
    Workflow {
        name,
        nodes,
        params: params_of(def.get("parameters"), &format!("{path}.parameters")),
        access_control,
        is_resource,
    }
}

pub(super) fn walk_map(
    o: &Map<String, Value>,
    path: &str,
    trigger: bool,
    out: &mut Vec<Node>,
    depth: usize,
) {
    for (name, v) in o {
        walk(
            v,
            name,
            &format!("{path}{}", seg(name)),
            trigger,
            out,
            depth,
        );
    }
}

/// Adds `v` and every action nested in it: Scope/Foreach/Until `actions`, If `else.actions`,
/// Switch `cases.*.actions` and `default.actions`.
pub(super) fn walk(
    v: &Value,
    name: &str,
    path: &str,
    trigger: bool,
    out: &mut Vec<Node>,
    depth: usize,
) {
    if out.len() >= MAX_NODES || depth > MAX_NESTING || !v.is_object() {
        return;
    }
    // The node keeps its own fields only: nested actions become nodes of their own, so a deep
    // definition is copied once, not once per level.
    let mut own = serde_json::Map::new();
    if let Some(o) = v.as_object() {
        for (k, x) in o {
            let nested =
                matches!(k.as_str(), "actions" | "else" | "cases" | "default") && x.is_object();
            if !nested {
                own.insert(k.clone(), x.clone());
            }
        }
    }
    out.push(Node {
        name: name.to_string(),
        path: path.to_string(),
        trigger,
        value: Value::Object(own),
    });
    if let Some(o) = v.get("actions").and_then(Value::as_object) {
        walk_map(o, &format!("{path}.actions"), false, out, depth + 1);
    }
    if let Some(o) = v
        .get("else")
        .and_then(|e| e.get("actions"))
        .and_then(Value::as_object)
    {
        walk_map(o, &format!("{path}.else.actions"), false, out, depth + 1);
    }
    if let Some(o) = v
        .get("default")
        .and_then(|e| e.get("actions"))
        .and_then(Value::as_object)
    {
        walk_map(o, &format!("{path}.default.actions"), false, out, depth + 1);
    }
    if let Some(cases) = v.get("cases").and_then(Value::as_object) {
        for (case, c) in cases {
            if let Some(o) = c.get("actions").and_then(Value::as_object) {
                walk_map(
                    o,
                    &format!("{path}.cases{}.actions", seg(case)),
                    false,
                    out,
                    depth + 1,
                );
            }
        }
    }
}
