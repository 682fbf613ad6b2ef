//! Rules read from Azure Resource Manager, Microsoft Graph, SharePoint, Dataverse and Storage
//! error bodies.

pub mod access_token_invalid;
pub mod arm_token_expired;
pub mod azure_rbac_denied;
pub mod dataverse_privilege_missing;
pub mod graph_privileges_insufficient;
pub mod key_vault_access_denied;
pub mod linked_resource_reference_broken;
pub mod service_code_reading;
pub mod sharepoint_access_denied;
pub mod sharepoint_app_only_secret_refused;
pub mod storage_data_role_missing;
pub mod token_from_other_tenant;
