//! Reading workflow definitions as people export them into one model: the workflows (their
//! triggers and actions, flattened with their JSON paths), the definition parameters, the
//! connections, and the Logic Apps trigger access control.
//!
//! Formats: a Power Automate export package's `definition.json` (`properties.definition`,
//! `properties.connectionReferences`), a solution's `Workflows/*.json` (also inside a Dataverse
//! `clientdata` string), "Peek code" of one action, the Logic Apps Consumption code view
//! (`definition` + `parameters.$connections`), an ARM template or `az logic workflow show` with a
//! `Microsoft.Logic/workflows` resource (and `Microsoft.Web/connections` resources beside it), and
//! a Standard `workflow.json` and `connections.json`, pasted one after the other.

use super::identity::identify;
pub use super::identity::{connector_is_user_only, IdentityKind};
use super::walk::{params_of, walk, workflow};
use super::DefinitionFormat;
use crate::report::Platform;
use serde_json::Value;

/// JSON values tried per paste before the reader gives up (keeps broken pastes linear).
const MAX_FAILED_STARTS: usize = 64;
/// Every JSON value that starts at a line start of `text` (one paste may hold several files).
pub(crate) fn json_values(text: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut at = 0;
    let mut failed = 0;
    while at < text.len() && failed < MAX_FAILED_STARTS {
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        let line = &text[at..line_end];
        // Files written by Windows PowerShell start with a byte-order mark.
        let trimmed = line.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        let start = at + (line.len() - trimmed.len());
        if trimmed.starts_with('{') || trimmed.starts_with('[') {
            let mut stream =
                serde_json::Deserializer::from_str(&text[start..]).into_iter::<Value>();
            if let Some(Ok(value)) = stream.next() {
                let end = start + stream.byte_offset();
                out.push(value);
                // Continue on the line after the value (a second file may start right there).
                at = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
                continue;
            }
            failed += 1;
        }
        at = line_end;
    }
    out
}

/// One trigger or action, wherever it sits in the definition.
#[derive(Clone, Debug)]
pub struct Node {
    pub name: String,
    /// JSONPath of the node: `$.properties.definition.actions['Scope'].actions['HTTP']`.
    pub path: String,
    pub trigger: bool,
    pub value: Value,
}

impl Node {
    pub fn kind(&self) -> &str {
        self.value.get("type").and_then(Value::as_str).unwrap_or("")
    }

    pub fn inputs(&self) -> Option<&Value> {
        self.value.get("inputs")
    }
}

/// A parameter of the definition or of an ARM template.
#[derive(Clone, Debug)]
pub struct Param {
    pub name: String,
    pub kind: String,
    pub path: String,
}

/// A connection or connection reference.
#[derive(Clone, Debug)]
pub struct Conn {
    /// The key actions use to name it (`shared_office365`, `office365`, a reference name).
    pub key: String,
    /// The connector (`shared_office365`, `office365`, `serviceBus`, …).
    pub connector: String,
    /// The connection's own name or id, when the export has it.
    pub connection: Option<String>,
    pub identity: IdentityKind,
    /// The account, when the export names it.
    pub account: Option<String>,
    /// Why the identity reads the way it does ("connectionProperties.authentication.type").
    pub identity_from: &'static str,
    pub path: String,
}

/// One workflow definition.
#[derive(Clone, Debug)]
pub struct Workflow {
    pub name: Option<String>,
    pub nodes: Vec<Node>,
    pub params: Vec<Param>,
    /// `accessControl` of a Logic Apps resource and its path, when the paste has the resource.
    pub access_control: Option<(Value, String)>,
    /// True when the paste is the Logic Apps resource (so a missing `accessControl` means none).
    pub is_resource: bool,
}

/// Everything read from one paste.
#[derive(Clone, Debug)]
pub struct Model {
    pub format: DefinitionFormat,
    pub platform: Platform,
    pub workflows: Vec<Workflow>,
    pub conns: Vec<Conn>,
    /// ARM template parameters (`$.parameters`), checked like definition parameters.
    pub template_params: Vec<Param>,
}

pub(super) fn s<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// `['name']` in a JSONPath, quotes escaped.
pub fn seg(name: &str) -> String {
    format!("['{}']", name.replace('\'', "\\'"))
}

fn has_actions_or_triggers(v: &Value) -> bool {
    v.get("actions").is_some_and(Value::is_object)
        || v.get("triggers").is_some_and(Value::is_object)
}

/// Reads the model from a paste; `None` when it holds no definition.
pub fn read(text: &str) -> Option<Model> {
    let mut m = Model {
        format: DefinitionFormat::Definition,
        platform: Platform::Unknown,
        workflows: Vec::new(),
        conns: Vec::new(),
        template_params: Vec::new(),
    };
    let mut format = None;
    for v in json_values(text) {
        read_value(&v, "$", &mut m, &mut format, 0);
    }
    // `clientdata` copied on its own: one JSON string holding the flow.
    if m.workflows.is_empty() && text.trim_start().starts_with('"') {
        if let Ok(Value::String(inner)) = serde_json::from_str::<Value>(text.trim()) {
            if let Ok(v) = serde_json::from_str::<Value>(&inner) {
                set(&mut format, DefinitionFormat::FlowSolution);
                read_flow(&v, "$", None, &mut m, &mut format);
            }
        }
    }
    if m.workflows.is_empty() {
        return None;
    }
    m.format = format.unwrap_or(DefinitionFormat::Definition);
    m.platform = m.format.platform();
    Some(m)
}

fn set(format: &mut Option<DefinitionFormat>, f: DefinitionFormat) {
    // The first file of a paste names it (workflow.json before connections.json).
    format.get_or_insert(f);
}

fn read_value(
    v: &Value,
    path: &str,
    m: &mut Model,
    format: &mut Option<DefinitionFormat>,
    depth: usize,
) {
    if depth > 3 {
        return;
    }
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate().take(200) {
                read_value(item, &format!("{path}[{i}]"), m, format, depth + 1);
            }
            return;
        }
        Value::Object(_) => {}
        _ => return,
    }
    // A Dataverse `workflows` row or page: the flow is a JSON string in `clientdata`.
    if let Some(cd) = s(v, "clientdata") {
        if let Ok(inner) = serde_json::from_str::<Value>(cd) {
            set(format, DefinitionFormat::FlowSolution);
            let name = s(v, "name").map(str::to_string);
            read_flow(&inner, &format!("{path}.clientdata"), name, m, format);
        }
        return;
    }
    if let Some(list) = v.get("value").and_then(Value::as_array) {
        for (i, item) in list.iter().enumerate().take(200) {
            read_value(item, &format!("{path}.value[{i}]"), m, format, depth + 1);
        }
        return;
    }
    // ARM template: workflows and connections among `resources`.
    if let Some(resources) = v.get("resources").and_then(Value::as_array) {
        set(format, DefinitionFormat::ArmTemplate);
        m.template_params.extend(params_of(
            v.get("parameters"),
            &format!("{path}.parameters"),
        ));
        let before = m.workflows.len();
        for (i, r) in resources.iter().enumerate().take(500) {
            read_resource(r, &format!("{path}.resources[{i}]"), m, format);
        }
        // `"name": "[parameters('workflowName')]"`: the name the template deploys by default.
        for w in &mut m.workflows[before..] {
            if let Some(n) = w
                .name
                .as_deref()
                .and_then(|n| arm_default(n, v.get("parameters")))
            {
                w.name = Some(n);
            }
        }
        return;
    }
    let ty = s(v, "type").unwrap_or("").to_ascii_lowercase();
    if ty == "microsoft.logic/workflows" || ty == "microsoft.web/connections" {
        read_resource(v, path, m, format);
        return;
    }
    if let Some(props) = v.get("properties") {
        if props.get("definition").is_some_and(has_actions_or_triggers) {
            if props
                .get("parameters")
                .and_then(|p| p.get("$connections"))
                .is_some()
                && props.get("connectionReferences").is_none()
            {
                read_resource(v, path, m, format);
            } else {
                read_flow(v, path, s(v, "name").map(str::to_string), m, format);
            }
            return;
        }
    }
    // Standard connections.json.
    if v.get("managedApiConnections").is_some()
        || v.get("serviceProviderConnections").is_some()
        || v.get("functionConnections").is_some()
    {
        read_connections_json(v, path, m);
        return;
    }
    if let Some(def) = v.get("definition").filter(|d| has_actions_or_triggers(d)) {
        // Standard workflow.json carries `kind`; the Consumption code view carries `$connections`.
        let standard = v.get("kind").and_then(Value::as_str).is_some_and(|k| {
            k.eq_ignore_ascii_case("stateful") || k.eq_ignore_ascii_case("stateless")
        });
        set(
            format,
            if standard {
                DefinitionFormat::LogicAppsStandard
            } else {
                DefinitionFormat::LogicAppsCodeView
            },
        );
        let dpath = format!("{path}.definition");
        m.workflows.push(workflow(def, &dpath, None, None, false));
        if let Some(c) = v
            .get("parameters")
            .and_then(|p| p.get("$connections"))
            .and_then(|c| c.get("value"))
        {
            read_dollar_connections(c, &format!("{path}.parameters['$connections'].value"), m);
        }
        return;
    }
    if has_actions_or_triggers(v) {
        set(format, DefinitionFormat::Definition);
        m.workflows.push(workflow(v, path, None, None, false));
        return;
    }
    // "Peek code" of one action (or trigger): `type` with `inputs` or nested `actions`.
    // The classic designer's "Peek code" shows `inputs` and `metadata` without `type`.
    let classic_peek = v.get("inputs").is_some_and(Value::is_object)
        && v.get("metadata")
            .is_some_and(|m| m.get("operationMetadataId").is_some());
    if classic_peek
        || (v.get("type").is_some_and(Value::is_string)
            && (v.get("inputs").is_some() || v.get("runAfter").is_some()))
    {
        set(format, DefinitionFormat::PeekCode);
        let ty = s(v, "type").unwrap_or("");
        let trigger = ty.eq_ignore_ascii_case("Request") || ty.eq_ignore_ascii_case("Recurrence");
        let mut nodes = Vec::new();
        walk(v, "(this action)", path, trigger, &mut nodes, 0);
        m.workflows.push(Workflow {
            name: None,
            nodes,
            params: Vec::new(),
            access_control: None,
            is_resource: false,
        });
    }
}

/// A Power Automate flow: `{properties: {definition, connectionReferences}}`.
fn read_flow(
    v: &Value,
    path: &str,
    name: Option<String>,
    m: &mut Model,
    format: &mut Option<DefinitionFormat>,
) {
    let Some(props) = v.get("properties") else {
        return;
    };
    let Some(def) = props
        .get("definition")
        .filter(|d| has_actions_or_triggers(d))
    else {
        return;
    };
    let refs = props.get("connectionReferences");
    let solution = v.get("schemaVersion").is_some()
        || refs
            .and_then(Value::as_object)
            .is_some_and(|o| o.values().any(|r| r.get("runtimeSource").is_some()));
    set(
        format,
        if solution {
            DefinitionFormat::FlowSolution
        } else {
            DefinitionFormat::FlowPackage
        },
    );
    let name = s(props, "displayName").map(str::to_string).or(name);
    let ppath = format!("{path}.properties");
    m.workflows.push(workflow(
        def,
        &format!("{ppath}.definition"),
        name,
        None,
        false,
    ));
    if let Some(refs) = refs.and_then(Value::as_object) {
        for (key, r) in refs {
            let rpath = format!("{ppath}.connectionReferences{}", seg(key));
            let connector = s(r, "apiName")
                .or_else(|| r.get("api").and_then(|a| s(a, "name")))
                .or_else(|| s(r, "id").map(last_segment))
                .unwrap_or(key)
                .to_string();
            let connection = s(r, "connectionName")
                .or_else(|| {
                    r.get("connection").and_then(|c| {
                        s(c, "connectionReferenceLogicalName").or_else(|| s(c, "name"))
                    })
                })
                .map(str::to_string);
            let invoker = s(r, "source")
                .or_else(|| s(r, "runtimeSource"))
                .is_some_and(|x| x.eq_ignore_ascii_case("invoker"));
            let mut c = Conn {
                key: key.clone(),
                connector,
                connection,
                identity: IdentityKind::Unknown,
                account: None,
                identity_from: "",
                path: rpath,
            };
            identify(r, &mut c);
            if invoker {
                c.identity = IdentityKind::Invoker;
                c.identity_from = "source: Invoker";
            }
            m.conns.push(c);
        }
    }
}

/// The default value of a template parameter named by `[parameters('x')]`.
fn arm_default(expr: &str, params: Option<&Value>) -> Option<String> {
    let inner = expr
        .trim()
        .strip_prefix("[parameters('")?
        .strip_suffix("')]")?;
    params?
        .get(inner)?
        .get("defaultValue")?
        .as_str()
        .map(str::to_string)
}

fn last_segment(id: &str) -> &str {
    id.trim_end_matches('/').rsplit('/').next().unwrap_or(id)
}

/// A Logic Apps resource (`Microsoft.Logic/workflows`) or an API connection resource.
fn read_resource(r: &Value, path: &str, m: &mut Model, format: &mut Option<DefinitionFormat>) {
    let ty = s(r, "type").unwrap_or("").to_ascii_lowercase();
    let props = r.get("properties");
    if ty == "microsoft.web/connections" {
        if let Some(p) = props {
            let name = s(r, "name").unwrap_or("connection").to_string();
            let connector = p
                .get("api")
                .and_then(|a| s(a, "name").or_else(|| s(a, "id").map(last_segment)))
                .unwrap_or("")
                .to_string();
            let mut c = Conn {
                key: name.clone(),
                connector,
                connection: Some(name),
                identity: IdentityKind::Unknown,
                account: None,
                identity_from: "",
                path: format!("{path}.properties"),
            };
            identify(p, &mut c);
            m.conns.push(c);
        }
        return;
    }
    // `az logic workflow show` flattens `properties` into the resource.
    let (p, ppath) = match props.filter(|p| p.get("definition").is_some()) {
        Some(p) => (p, format!("{path}.properties")),
        None => (r, path.to_string()),
    };
    let Some(def) = p.get("definition").filter(|d| has_actions_or_triggers(d)) else {
        return;
    };
    set(format, DefinitionFormat::LogicAppsResource);
    let access = p
        .get("accessControl")
        .map(|a| (a.clone(), format!("{ppath}.accessControl")));
    m.workflows.push(workflow(
        def,
        &format!("{ppath}.definition"),
        s(r, "name").map(str::to_string),
        access,
        true,
    ));
    if let Some(c) = p
        .get("parameters")
        .and_then(|x| x.get("$connections"))
        .and_then(|x| x.get("value"))
    {
        read_dollar_connections(c, &format!("{ppath}.parameters['$connections'].value"), m);
    }
}

/// Logic Apps `$connections` values: `{key: {connectionId, connectionName, id, connectionProperties}}`.
fn read_dollar_connections(v: &Value, path: &str, m: &mut Model) {
    let Some(o) = v.as_object() else { return };
    for (key, c) in o {
        let connector = s(c, "id").map_or(key.as_str(), last_segment).to_string();
        let connection = s(c, "connectionName")
            .or_else(|| s(c, "connectionId").map(last_segment))
            .map(str::to_string);
        let mut conn = Conn {
            key: key.clone(),
            connector,
            connection,
            identity: IdentityKind::Unknown,
            account: None,
            identity_from: "",
            path: format!("{path}{}", seg(key)),
        };
        identify(c, &mut conn);
        m.conns.push(conn);
    }
}

/// Standard `connections.json`.
fn read_connections_json(v: &Value, path: &str, m: &mut Model) {
    if let Some(o) = v.get("managedApiConnections").and_then(Value::as_object) {
        for (key, c) in o {
            let connector = c
                .get("api")
                .and_then(|a| s(a, "id"))
                .map_or(key.as_str(), last_segment)
                .to_string();
            let mut conn = Conn {
                key: key.clone(),
                connector,
                connection: c
                    .get("connection")
                    .and_then(|x| s(x, "id"))
                    .map(|x| last_segment(x).to_string()),
                identity: IdentityKind::Unknown,
                account: None,
                identity_from: "",
                path: format!("{path}.managedApiConnections{}", seg(key)),
            };
            identify(c, &mut conn);
            m.conns.push(conn);
        }
    }
    if let Some(o) = v
        .get("serviceProviderConnections")
        .and_then(Value::as_object)
    {
        for (key, c) in o {
            let connector = c
                .get("serviceProvider")
                .and_then(|p| s(p, "id"))
                .map_or(key.as_str(), last_segment)
                .to_string();
            let mut conn = Conn {
                key: key.clone(),
                connector,
                connection: s(c, "displayName").map(str::to_string),
                identity: IdentityKind::Unknown,
                account: None,
                identity_from: "",
                path: format!("{path}.serviceProviderConnections{}", seg(key)),
            };
            identify(c, &mut conn);
            m.conns.push(conn);
        }
    }
}
