//! Error codes and standard messages of the services in scope, as data: Entra messages and
//! libraries (MSAL, ADAL, Azure.Identity, AD FS), Power Automate, Logic Apps, Power BI, Dataverse,
//! SharePoint, Microsoft Graph, Azure Resource Manager, Key Vault, Storage, App Service, API
//! Management and the network.
//!
//! Each table is a TSV file in `data/` (`key, match, category, weight, fix, meaning`), embedded as text
//! and parsed once on first use. Rows are sorted by key (ASCII case-insensitive), so a code is
//! found by binary search; phrases are matched by the fact layer's case-insensitive search.

use super::aadsts::data_lines;
use crate::category::Category;
use crate::report::Platform;
use std::cmp::Ordering;
use std::sync::OnceLock;

/// How a row's key is recognised in a paste.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Match {
    /// An identifier: a JSON `code`/`error` value or a whole word (`AuthorizationFailed`).
    Code,
    /// Words anywhere in the text, any case ("refresh token has expired due to inactivity").
    Phrase,
}

/// One known code or message.
#[derive(Debug)]
pub struct Row {
    pub key: &'static str,
    pub matching: Match,
    pub category: Category,
    /// A wrapper or generic wording ("ActionFailed", "conditional access"): it names a likely
    /// cause, but other evidence in the paste should outrank it.
    pub weak: bool,
    /// Where the fix lives for this row, when it is more precise than the category's usual place.
    pub fix: Option<&'static str>,
    pub meaning: &'static str,
}

/// One table: a service or a family of messages.
pub struct Table {
    /// Stable identifier (`power-bi`), also the data file's name.
    pub id: &'static str,
    /// For people: "Power BI and Fabric".
    pub title: &'static str,
    /// The platform whose fix steps apply when a row gives no fix location of its own.
    pub platform: Platform,
    /// Words that show the paste comes from this service. Rows of a table with context are read
    /// only when one of them is present: "Forbidden" means something else in Key Vault than in
    /// SharePoint. An empty list: always read.
    pub context: &'static [&'static str],
    /// The rule that reports this table's readings in a diagnosis (`AL312`): what `explain` and
    /// the page's rule search point to for a code of the table.
    pub reader: &'static str,
    data: &'static str,
    rows: OnceLock<Vec<Row>>,
}

impl std::fmt::Debug for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id)
    }
}

impl Table {
    const fn new(
        id: &'static str,
        title: &'static str,
        platform: Platform,
        reader: &'static str,
        context: &'static [&'static str],
        data: &'static str,
    ) -> Table {
        Table {
            id,
            title,
            platform,
            context,
            reader,
            data,
            rows: OnceLock::new(),
        }
    }

    /// The rows, sorted by key (case-insensitive).
    pub fn rows(&self) -> &[Row] {
        self.rows.get_or_init(|| {
            data_lines(self.data)
                .filter_map(|c| parse_row(&c))
                .collect()
        })
    }

    /// Number of data lines in the file (a test checks that every one parses).
    pub fn data_line_count(&self) -> usize {
        data_lines(self.data).count()
    }

    /// The row whose key is `key` (ASCII case-insensitive).
    pub fn get(&self, key: &str) -> Option<&Row> {
        let rows = self.rows();
        rows.binary_search_by(|r| cmp_ci(r.key, key))
            .ok()
            .and_then(|i| rows.get(i))
    }
}

fn parse_row(cols: &[&'static str]) -> Option<Row> {
    let [key, matching, category, weight, fix, meaning] = cols else {
        return None;
    };
    Some(Row {
        key,
        matching: match *matching {
            "code" => Match::Code,
            "phrase" => Match::Phrase,
            _ => return None,
        },
        category: Category::parse(category)?,
        weak: match *weight {
            "strong" => false,
            "weak" => true,
            _ => return None,
        },
        fix: (*fix != "-").then_some(*fix),
        meaning,
    })
}

/// ASCII case-insensitive order, the order of the data files.
pub fn cmp_ci(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

/// Every table. Entra's message table first: it is read for every paste.
pub static TABLES: [Table; 14] = [
    Table::new(
        "entra",
        "Microsoft Entra ID messages, OAuth errors, MSAL / ADAL / Azure.Identity and AD FS",
        Platform::Entra,
        "AL127",
        &[],
        include_str!("data/entra.tsv"),
    ),
    Table::new(
        "power-automate",
        "Power Automate, Power Apps and connectors",
        Platform::PowerAutomate,
        "AL407",
        &[
            "power automate",
            "flow",
            "connection",
            "connector",
            "apihub",
            "powerapps",
            "data loss prevention",
            "data policy",
            "dlp",
            "licen",
            "environment",
        ],
        include_str!("data/power-automate.tsv"),
    ),
    Table::new(
        "logic-apps",
        "Azure Logic Apps",
        Platform::LogicApps,
        "AL407",
        &[
            "logic app",
            "microsoft.logic",
            "workflow",
            "directapi",
            "logic.azure.com",
            "api connection",
            "apiconnection",
            "connectionruntimeurl",
            "mismatchingoauthclaims",
            "logicapp",
            "/triggers/",
        ],
        include_str!("data/logic-apps.tsv"),
    ),
    Table::new(
        "power-bi",
        "Power BI and Fabric",
        Platform::PowerBi,
        "AL507",
        &[
            "power bi",
            "powerbi",
            "dmts_",
            "dm_gw",
            "premium_",
            "gateway",
            "semantic model",
            "dataset",
            "data source",
            "refresh",
            "fabric",
            "mashup",
            "xmla",
            "pbi.error",
            "adomd",
            "power query",
            "expression.error",
            "datasource.error",
        ],
        include_str!("data/power-bi.tsv"),
    ),
    // Read only where the paste shows a call to the Power BI / Fabric REST APIs or the XMLA
    // endpoint (not a refresh of a data source, where a 401 is the source refusing the stored
    // credentials).
    Table::new(
        "power-bi-rest",
        "Power BI and Fabric REST APIs and the XMLA endpoint",
        Platform::PowerBi,
        "AL507",
        &[
            "api.powerbi.com",
            "api.fabric.microsoft.com",
            "x-powerbi-error-info",
            "powerbirestmethod",
            "powerbiserviceaccount",
            "-powerbi",
            "powerbiclient",
            "power bi rest",
            "power bi workspace",
            "/v1.0/myorg",
            "powerbi://",
            "xmla",
            "adomd",
        ],
        include_str!("data/power-bi-rest.tsv"),
    ),
    Table::new(
        "dataverse",
        "Dataverse (Dynamics 365, Power Apps data)",
        Platform::Http,
        "AL312",
        &[
            "dataverse",
            "dynamics",
            "crm",
            "0x800",
            "seclib",
            "systemuser",
            "prv",
            "organization",
            "environment",
            "xrm",
            "commondataservice",
            "d365",
            "powerplatform",
        ],
        include_str!("data/dataverse.tsv"),
    ),
    Table::new(
        "sharepoint",
        "SharePoint Online (REST, CSOM, PnP, the connector)",
        Platform::Http,
        "AL312",
        &[
            "sharepoint",
            "spo",
            "csom",
            "pnp",
            "idcrl",
            "microsoft.sharepoint",
            "_api/",
            "-2147024891",
            "0x80070005",
            "site",
            "spfx",
            "_vti_bin",
            "x-requestdigest",
            // The add-in (ACS) token helper's namespace: its stack names no site.
            "oauth2s2s",
        ],
        include_str!("data/sharepoint.tsv"),
    ),
    Table::new(
        "graph",
        "Microsoft Graph",
        Platform::Http,
        "AL312",
        &[
            "graph",
            "authorization_",
            "authentication_",
            "request_",
            "compacttoken",
            "odata",
            "mailbox",
            "onedrive",
            "\"innererror\"",
            "outlook.office",
        ],
        include_str!("data/graph.tsv"),
    ),
    Table::new(
        "arm",
        "Azure Resource Manager",
        Platform::Http,
        "AL312",
        &[
            "management.azure.com",
            "/subscriptions/",
            "microsoft.",
            "resource group",
            "resourcegroup",
            "subscription",
            "role assignment",
            "azure",
        ],
        include_str!("data/arm.tsv"),
    ),
    Table::new(
        "key-vault",
        "Azure Key Vault",
        Platform::Http,
        "AL312",
        &["vault.azure.net", "key vault", "keyvault", "akv1"],
        include_str!("data/key-vault.tsv"),
    ),
    Table::new(
        "storage",
        "Azure Storage",
        Platform::Http,
        "AL312",
        &[
            ".core.windows.net",
            "storage",
            "blob",
            "x-ms-",
            "sas",
            "azureblob",
            "datalake",
        ],
        include_str!("data/storage.tsv"),
    ),
    Table::new(
        "app-service",
        "Azure App Service, Functions and ASP.NET token validation",
        Platform::Http,
        "AL312",
        &[],
        include_str!("data/app-service.tsv"),
    ),
    Table::new(
        "apim",
        "Azure API Management",
        Platform::Http,
        "AL312",
        &[],
        include_str!("data/apim.tsv"),
    ),
    Table::new(
        "network",
        "Network, proxy, TLS and DNS",
        Platform::Http,
        "AL225",
        &[],
        include_str!("data/network.tsv"),
    ),
];

/// Every row whose key is `key` (case-insensitive), with its table. A code can mean different
/// things in different services (`AuthenticationFailed` in ARM and in Storage).
pub fn lookup(key: &str) -> Vec<(&'static Table, &'static Row)> {
    TABLES
        .iter()
        .filter_map(|t| t.get(key).map(|r| (t, r)))
        .collect()
}
