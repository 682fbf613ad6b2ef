//! Rules read from Power Automate and Logic Apps messages about connections and policies.

pub mod blocked_by_dlp_policy;
pub mod connection_missing;
pub mod connection_not_usable_by_caller;
pub mod connection_sign_in_expired;
pub mod managed_identity_not_configured;
pub mod platform_code_reading;
pub mod workbook_access_forbidden;
