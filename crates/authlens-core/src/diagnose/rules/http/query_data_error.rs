use crate::category::Category;
use crate::diagnose::rules::confidence::PLAUSIBLE;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;
use crate::knowledge::read;

declare_rule! {
    /// ## What it means
    /// The data source answered, and the query failed on the data: not an authentication
    /// problem.
    ///
    /// ## Why it happens
    /// A renamed column, a missing row or table, a changed file format.
    ///
    /// ## Where the fix lives
    /// The query or the source data.
    ///
    /// ## Example
    /// ```text
    /// {"error":{"code":"DM_GWPipeline_Gateway_MashupDataAccessError","details":"The key didn't match any rows in the table."}}
    /// ```
    pub static QUERY_DATA_ERROR = {
        code: "AL223", name: "query-data-error", category: NotAnAuthError, severity: Info,
        title: "The query failed on the data: not an authentication error", check: query_data_error,
    }
}

fn query_data_error(f: &Facts) -> Option<Hit> {
    if f.phrase(&[
        "forbidden",
        "credential",
        "unauthorized",
        "permission",
        "denied",
        "AADSTS",
    ])
    .is_some()
    {
        return None;
    }
    // A source that could not be reached never answered ("Unable to connect to the remote
    // server", a DNS, TLS or proxy failure: any row of the network table): the network
    // readings speak instead.
    if read::rows(f, &["network"])
        .iter()
        .any(|m| m.row.category == Category::NetworkOrFirewall)
    {
        return None;
    }
    let s = f.phrase(&[
        "MashupDataAccessError",
        "DataFormat.Error",
        "The key didn't match any rows",
        "The key didnt match any rows",
        "The column '",
        "Expression.Error: The column",
    ])?;
    Some(Hit::new(PLAUSIBLE + 2, "The data source answered, but the query failed on the data itself (a missing column, row or format): not an authentication problem.").with(Some(s), "data error"))
}
