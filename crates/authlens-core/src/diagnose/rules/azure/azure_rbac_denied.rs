use crate::category::Category;
use crate::diagnose::rules::confidence::{HINT, LIKELY, STRONG};
use crate::diagnose::rules::{declare_rule, Hit};
use crate::facts::Facts;

declare_rule! {
    /// ## What it means
    /// Azure Resource Manager denied the action: the identity has no role assignment that
    /// allows it at that scope.
    ///
    /// ## Why it happens
    /// A role is missing, assigned at the wrong scope (resource group vs subscription), or was
    /// just granted and not yet effective.
    ///
    /// ## Where the fix lives
    /// Azure portal → the scope in the message → Access control (IAM) → add a role assignment
    /// for the identity (user, service principal or managed identity).
    ///
    /// ## Example
    /// ```text
    /// {"error":{"code":"AuthorizationFailed","message":"The client '00000000-0000-0000-0000-000000000001' with object id '00000000-0000-0000-0000-000000000001' does not have authorization to perform action 'Microsoft.Web/sites/read' over scope '/subscriptions/00000000-0000-0000-0000-000000000002'."}}
    /// ```
    pub static AZURE_RBAC_DENIED = {
        code: "AL301", name: "azure-rbac-denied", category: InsufficientPermission, severity: Error,
        title: "Azure RBAC denies the action", check: azure_rbac_denied,
    }
}

fn azure_rbac_denied(f: &Facts) -> Option<Hit> {
    let phrase = f.phrase(&["does not have authorization to perform action"]);
    let code = f.code("AuthorizationFailed");
    if phrase.or(code).is_none() {
        return linked_permission(f);
    }
    let mut h = Hit::new(
        STRONG + 2,
        "Azure RBAC denied the operation: the identity named in the message has no role assignment that allows this action at this scope. The credential itself worked.",
    )
    .with(code, "ARM error code")
    .with(phrase, "denied action");
    if let Some(scope) = f.phrase(&["over scope '"]) {
        h = h.with(Some(scope), "scope");
    }
    if f.phrase(&["x-ms-failure-cause"]).is_some() {
        h = h.with(
            f.header_value("x-ms-failure-cause")
                .or(f.phrase(&["x-ms-failure-cause"])),
            "ARM gateway",
        );
    }
    Some(h)
}

fn linked_permission(f: &Facts) -> Option<Hit> {
    let code = f.code("LinkedAuthorizationFailed")?;
    // The cross-tenant variant: the caller may act in its own tenant, but the linked
    // subscription lives in another tenant that has not authorized it.
    if let Some(t) = f.phrase(&["is not authorized to access linked subscription"]) {
        return Some(
            Hit::new(
                LIKELY,
                "The linked subscription belongs to another tenant than the caller's token, and that tenant has not authorized the caller's tenant: use a token of the linked subscription's tenant (or an identity present in both), or set up the cross-tenant authorization.",
            )
            .as_category(Category::WrongTenant)
            .titled("The linked subscription is in another tenant")
            .with(Some(code), "ARM error code")
            .with(Some(t), "tenant not authorized"),
        );
    }
    let (conf, detail) = if f
        .phrase(&["was not found", "could not be found", "does not exist"])
        .is_some()
    {
        (HINT - 6, "LinkedAuthorizationFailed can also mean a missing permission on the linked resource (for example Microsoft.Web/connections/join/action).")
    } else {
        (LIKELY, "The identity lacks a permission on a linked resource (for example Microsoft.Web/connections/join/action on the API connection).")
    };
    Some(Hit::new(conf, detail).with(Some(code), "ARM error code"))
}
