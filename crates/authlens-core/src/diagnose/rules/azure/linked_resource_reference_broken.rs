use crate::diagnose::rules::confidence::STRONG;
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// A linked authorization check failed because the linked resource does not exist: the
    /// resource id in the template or connection is built wrongly.
    ///
    /// ## Why it happens
    /// Logic Apps API connections reference a managed API by id; templates that build the id
    /// from parameters often end up with a wrong subscription, location or name.
    ///
    /// ## Where the fix lives
    /// The template's connection / managed API ids.
    ///
    /// ## Example
    /// ```text
    /// "code": "LinkedAuthorizationFailed", "message": "The client has permission to perform action 'join/action' on scope '/subscriptions/x/providers/Microsoft.Web/connections/slack', however the linked subscription 'subscriptions' was not found."
    /// ```
    pub static LINKED_RESOURCE_REFERENCE_BROKEN = {
        code: "AL302", name: "linked-resource-reference-broken", category: ConnectionNotFoundOrMisconfigured, severity: Error,
        title: "A linked resource reference is broken", check: linked_resource_reference_broken,
    }
}

fn linked_resource_reference_broken(f: &Facts) -> Option<Hit> {
    let code = f.code("LinkedAuthorizationFailed")?;
    let broken = f.phrase(&["was not found", "could not be found", "does not exist"]);
    broken.map(|b| {
            Hit::new(STRONG - 2, "The linked authorization check failed because a resource the template links to does not exist: the connection's or managed API's resource id is built wrongly (for example a literal word where the subscription id belongs).")
                .with(Some(code), "ARM error code")
                .with(Some(b), "linked resource not found")
    })
}
