//! The knowledge tables: every documented AADSTS code resolves, unknown codes of a known family
//! get the family's reading, and the tables are well-formed (sorted, unique, taxonomy words).
#![allow(clippy::unwrap_used)]

use authlens_core::knowledge::aadsts::{self, Reading, CATALOG};
use authlens_core::knowledge::explain::explain;
use authlens_core::knowledge::tables::{cmp_ci, Match, TABLES};
use authlens_core::Category;
use std::cmp::Ordering;

fn reference_codes() -> Vec<(u32, String)> {
    include_str!("fixtures/knowledge/aadsts-codes.tsv")
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut cols = l.split('\t');
            let code = cols.next().unwrap().parse().unwrap();
            (code, cols.next().unwrap_or("").to_string())
        })
        .collect()
}

#[test]
fn every_reference_code_is_catalogued_and_explained() {
    let codes = reference_codes();
    assert!(
        codes.len() >= 350,
        "the fixture lists {} codes",
        codes.len()
    );
    for (code, name) in &codes {
        let entry =
            aadsts::lookup(*code).unwrap_or_else(|| panic!("AADSTS{code} is not in the catalog"));
        assert!(!entry.meaning.is_empty());
        if !name.is_empty() {
            assert_eq!(entry.name, name, "AADSTS{code}: Microsoft's name");
        }
        let x = explain(&format!("AADSTS{code}"));
        assert_eq!(x.len(), 1, "AADSTS{code}");
        assert!(x[0].family.is_none(), "AADSTS{code} read from a family");
        assert_eq!(x[0].category, entry.category);
        assert!(!x[0].location.is_empty());
    }
}

#[test]
fn unknown_codes_of_every_family_get_the_family_reading() {
    for fam in aadsts::families() {
        // The first code of the range that is not catalogued and not inside a narrower family.
        let code = (fam.from..=fam.to)
            .find(|c| {
                aadsts::lookup(*c).is_none() && aadsts::family(*c).map(|f| f.from) == Some(fam.from)
            })
            .unwrap_or_else(|| panic!("family {}–{} has no free code", fam.from, fam.to));
        let Some(Reading::Family(f)) = aadsts::read(code) else {
            panic!("AADSTS{code} got no family reading");
        };
        assert_eq!((f.from, f.to), (fam.from, fam.to));
        let x = explain(&format!("aadsts{code}"));
        assert_eq!(x.len(), 1);
        assert_eq!(x[0].category, fam.category);
        assert_eq!(
            x[0].family.as_deref(),
            Some(format!("AADSTS{}–{}", fam.from, fam.to).as_str())
        );
    }
    // The families named in the issue, by example.
    let cat = |c: u32| aadsts::read(c).map(Reading::category);
    assert_eq!(cat(53999), Some(Category::ConditionalAccessBlocked));
    assert_eq!(cat(530999), Some(Category::ConditionalAccessBlocked));
    assert_eq!(cat(65999), Some(Category::ConsentRequired));
    assert_eq!(cat(650999), Some(Category::ConsentRequired));
    assert_eq!(cat(7000999), Some(Category::InvalidClientCredentials));
    assert_eq!(cat(135999), Some(Category::ConditionalAccessBlocked));
    assert!(aadsts::read(3).is_none(), "no family, no reading");
}

#[test]
fn set_up_errors_are_flagged_and_run_errors_are_not() {
    let setup = |c: u32| aadsts::lookup(c).unwrap().setup;
    assert!(setup(50011), "reply URL mismatch is set-up");
    assert!(setup(50140), "the keep-me-signed-in prompt is interactive");
    assert!(!setup(53003));
    assert!(!setup(700082));
    assert!(!setup(7000222));
}

#[test]
fn tables_are_sorted_unique_and_fully_parsed() {
    let mut ids = Vec::new();
    let mut total = 0;
    for t in &TABLES {
        let rows = t.rows();
        assert_eq!(
            rows.len(),
            t.data_line_count(),
            "{}: a line did not parse",
            t.id
        );
        assert!(rows.len() >= 5, "{} has {} rows", t.id, rows.len());
        for w in rows.windows(2) {
            assert_eq!(
                cmp_ci(w[0].key, w[1].key),
                Ordering::Less,
                "{}: {:?} then {:?} (sorted, unique)",
                t.id,
                w[0].key,
                w[1].key
            );
        }
        for r in rows {
            assert!(!r.meaning.is_empty(), "{}: {}", t.id, r.key);
            assert_eq!(r.key.trim(), r.key, "{}: {:?}", t.id, r.key);
            match r.matching {
                Match::Code => assert!(
                    !r.key.contains(' ') && r.key.len() >= 4,
                    "{}: code {:?} must be one identifier",
                    t.id,
                    r.key
                ),
                // Short phrases would fire on unrelated text.
                Match::Phrase => assert!(r.key.len() >= 5, "{}: phrase {:?}", t.id, r.key),
            }
            assert!(Category::ALL.contains(&r.category));
        }
        ids.push(t.id);
        total += rows.len();
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), TABLES.len(), "table ids are unique");
    assert!(total >= 350, "{total} table rows");
    assert!(CATALOG.len() >= 360);
}

#[test]
fn every_category_is_a_taxonomy_word() {
    let doc = include_str!("../../../docs/taxonomy.md");
    let words: Vec<&str> = doc
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .collect();
    let used = CATALOG
        .iter()
        .map(|e| e.category)
        .chain(aadsts::families().iter().map(|f| f.category))
        .chain(
            TABLES
                .iter()
                .flat_map(|t| t.rows().iter().map(|r| r.category)),
        );
    for c in used {
        assert!(words.contains(&c.as_str()), "{c} is not in the taxonomy");
    }
}

#[test]
fn explain_reads_codes_of_every_platform() {
    let one = |q: &str| {
        let x = explain(q);
        assert!(!x.is_empty(), "{q} is not explained");
        x[0].category
    };
    assert_eq!(one("AADSTS53003"), Category::ConditionalAccessBlocked);
    assert_eq!(one("53003"), Category::ConditionalAccessBlocked);
    assert_eq!(one("AADSTS700082"), Category::RefreshTokenInactivity);
    assert_eq!(
        one("DM_GWPipeline_Gateway_DataSourceAccessError"),
        Category::ExpiredOrRevokedCredential
    );
    assert_eq!(one("0x80040220"), Category::InsufficientPermission);
    assert_eq!(one("0X80040220"), Category::InsufficientPermission);
    assert_eq!(one("MSIS7065"), Category::ConnectionNotFoundOrMisconfigured);
    assert_eq!(
        one("DirectApiAuthorizationRequired"),
        Category::MissingCredential
    );
    assert_eq!(
        one("PowerBINotAuthorizedException"),
        Category::InsufficientPermission
    );
    assert_eq!(
        one("Authorization_RequestDenied"),
        Category::InsufficientPermission
    );
    assert_eq!(
        one("MissingSubscriptionRegistration"),
        Category::NotAnAuthError
    );
    assert_eq!(one("RequestDisallowedByPolicy"), Category::NotAnAuthError);
    assert_eq!(one("ForbiddenByFirewall"), Category::NetworkOrFirewall);
    assert_eq!(
        one("AuthorizationSourceIPMismatch"),
        Category::NetworkOrFirewall
    );
    assert_eq!(one("MsalUiRequiredException"), Category::MfaRequired);
    assert_eq!(one("invalid_grant"), Category::ExpiredOrRevokedCredential);
    // A code with a meaning in two services reads both.
    let both = explain("AuthenticationFailed");
    assert!(both.len() >= 2, "{both:?}");
    assert!(explain("no-such-code").is_empty());
    assert!(explain("AADSTS").is_empty());
    assert!(explain("").is_empty());
}

#[test]
fn every_table_row_is_explained_by_its_key() {
    for table in TABLES.iter() {
        for row in table.rows() {
            let x = explain(row.key);
            assert!(
                x.iter()
                    .any(|e| e.source == table.title && e.category == row.category),
                "{} ({}) is not explained",
                row.key,
                table.id
            );
        }
    }
}

/// What each service prints, in the shape it prints it (generic bodies, no case's text), is read
/// by what it is: the top finding names the row's category.
#[test]
fn service_codes_and_messages_are_read_in_a_paste() {
    let cases: &[(&str, Category)] = &[
        (
            "HTTP/1.1 401 Unauthorized\nX-PowerBI-Error-Info: ServicePrincipalIsNotAllowedByTenantAdminSwitch",
            Category::InsufficientPermission,
        ),
        (
            "Invoke-PowerBIRestMethod : Response status code does not indicate success: 401 (Unauthorized).",
            Category::InsufficientPermission,
        ),
        (
            r#"{"error":{"code":"DMTS_PrincipalsAreInvalidError","pbi.error":{"code":"DMTS_PrincipalsAreInvalidError"}}}"#,
            Category::NotAnAuthError,
        ),
        (
            r#"{"id":1,"status":"Failed","serviceExceptionJson":"{\"errorCode\":\"ModelRefreshFailed_CredentialsNotSpecified\"}"}"#,
            Category::ConnectionNotFoundOrMisconfigured,
        ),
        (
            r#"{"status":"AccessToKeyVaultDenied","details":"Key Vault reference was not able to be resolved"}"#,
            Category::InsufficientPermission,
        ),
        (
            r#"{"status":"MSINotEnabled","details":"Key Vault reference was not able to be resolved"}"#,
            Category::ConnectionNotFoundOrMisconfigured,
        ),
        (
            r#"{"error":{"code":"0x80048d19","message":"Error identified in Payload provided by the user for Entity"}}"#,
            Category::NotAnAuthError,
        ),
        (
            r#"{"error":"invalid_request","error_description":"Token type is not allowed."}"#,
            Category::InsufficientPermission,
        ),
        (
            "403 Server failed to authenticate the request.\nAuthenticationErrorDetail: Audience validation failed. Audience did not match.",
            Category::WrongAudience,
        ),
        (
            r#"{"error":{"code":"Authentication_RequestFromNonPremiumTenantOrB2CTenant","message":"Neither tenant is B2C or tenant doesn't have premium license"}}"#,
            Category::NotAnAuthError,
        ),
        (
            r#"{"error":{"code":"InvalidOAuthClaimValue","message":"OAuth authentication policy in access control configuration of workflow is not valid."}}"#,
            Category::NotAnAuthError,
        ),
        (
            "Exception: Microsoft.SharePoint.SPQueryThrottledException: The attempted operation is prohibited because it exceeds the list view threshold.",
            Category::NotAnAuthError,
        ),
        // Look-alikes and neighbours a run prints in the same situations.
        (
            "Microsoft SQL: A network-related or instance-specific error occurred while establishing a connection to SQL Server. The server was not found or was not accessible.",
            Category::NetworkOrFirewall,
        ),
        (
            "Processing error: The operation was throttled by Power BI Premium because there were too many datasets being processed concurrently.",
            Category::ServiceOutageOrThrottling,
        ),
        (
            r#"{"error":{"code":"RoleAssignmentExists","message":"The role assignment already exists."}}"#,
            Category::NotAnAuthError,
        ),
        (
            r#"{"error":"invalid_client","error_description":"AADSTS7000112: Application 'aaaaaaaa-0000-0000-0000-000000000001'(Nightly export) is disabled."}"#,
            Category::UserDisabledOrDeleted,
        ),
        // "Not found" for a tenant that always exists: the sign-in service failed.
        (
            "AADSTS90002: Tenant '72f988bf-86f1-41af-91ab-2d7cd011db47' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.",
            Category::ServiceOutageOrThrottling,
        ),
        // The same message form-encoded in a redirect URL.
        (
            "https://localhost:8400/callback?error=invalid_client&error_description=AADSTS650057%3A+Invalid+resource.+The+client+has+requested+access+to+a+resource+which+is+not+listed+in+the+requested+permissions+in+the+client%27s+application+registration.",
            Category::InsufficientPermission,
        ),
        (
            "ManagedIdentityCredential authentication failed: No User Assigned or Delegated Managed Identity found for specified ClientId/ResourceId/PrincipalId.",
            Category::ConnectionNotFoundOrMisconfigured,
        ),
    ];
    assert_top_categories(cases);
}

/// Each table names the rule that reports it, and that rule does report a row of it: `explain`
/// and the page's rule search point from a code to the right rule.
#[test]
fn every_table_names_the_rule_that_reads_it() {
    use authlens_core::{diagnose, Options, Timestamp};
    let opts = Options::at(Timestamp(1_763_900_000));
    for t in TABLES.iter() {
        assert!(
            authlens_core::rules::find(t.reader).is_some(),
            "{}: no rule {}",
            t.id,
            t.reader
        );
        let row = t
            .rows()
            .iter()
            .find(|r| !r.weak && r.matching == Match::Code)
            .or_else(|| t.rows().iter().find(|r| !r.weak))
            .unwrap();
        let paste = format!(
            "{{\"error\":{{\"code\":\"{}\",\"message\":\"{}\"}}}}",
            row.key,
            t.context.first().copied().unwrap_or("")
        );
        let r = diagnose(&paste, &opts);
        // The reader reports it, unless a more specific rule said the same first.
        assert!(
            r.findings
                .iter()
                .any(|f| f.code == t.reader || f.category == row.category),
            "{}: {} not reported by {} in {paste}: {:?}",
            t.id,
            row.key,
            t.reader,
            r.findings.iter().map(|f| f.code).collect::<Vec<_>>()
        );
        assert!(explain(row.key).iter().any(|x| x.rule == t.reader));
    }
    assert_eq!(explain("AADSTS53003")[0].rule, "AL126");
}

/// Documented messages of each family, in the shape the service prints them (written here, not
/// taken from a case), are read by what their documentation says they mean; where a service
/// wraps the cause in a generic code or a credential's name, the cause wins over the wrapper.
#[test]
fn documented_messages_are_read_by_their_meaning_not_their_wrapper() {
    let cases: &[(&str, Category)] = &[
        // Storage: AuthenticationFailed is the wrapper, the detail names the cause.
        (
            "PUT https://acct.blob.core.windows.net/c/b.txt\n<Error><Code>AuthenticationFailed</Code><Message>Server failed to authenticate the request.</Message><AuthenticationErrorDetail>Request date header too old: 'Mon, 02 Nov 2026 08:00:00 GMT'</AuthenticationErrorDetail></Error>",
            Category::TokenNotYetValidOrClockSkew,
        ),
        // Azure.Identity: the credential's name is the wrapper, the sentence after it the cause.
        (
            "ClientSecretCredential authentication failed: The current credential is not configured to acquire tokens for tenant 11111111-2222-3333-4444-555555555555.",
            Category::WrongTenant,
        ),
        (
            r#"{"error":{"code":"OpenApiOperationParameterTypeConversionFailed","message":"The 'inputs.parameters' of workflow operation 'Update_row' of type 'OpenApiConnection' is not valid."}}"#,
            Category::NotAnAuthError,
        ),
        (
            "Refresh failed: You've exceeded the capacity limit for semantic model refreshes. Try again when fewer semantic models are being processed.",
            Category::ServiceOutageOrThrottling,
        ),
        (
            r#"{"error":{"code":"0x80044507","message":"User does not have access to the tenant."}}"#,
            Category::WrongTenant,
        ),
        (
            "Dataverse: {\"error\":{\"code\":\"0x80040231\",\"message\":\"Target user or team does not hold required privileges.\"}}",
            Category::InsufficientPermission,
        ),
        (
            r#"{"error":{"code":"-1, Microsoft.SharePoint.Client.InvalidClientQueryException","message":{"lang":"en-US","value":"The property 'Owner' does not exist on type 'SP.Data.ProjectsListItem'. Make sure to only use property names that are defined by the type."}}} https://contoso.sharepoint.com/_api/web"#,
            Category::NotAnAuthError,
        ),
        (
            "jwt.exceptions.ImmatureSignatureError: The token is not yet valid (iat)",
            Category::TokenNotYetValidOrClockSkew,
        ),
        (
            "Kerberos: KRB_AP_ERR_SKEW Clock skew too great",
            Category::TokenNotYetValidOrClockSkew,
        ),
        (
            "Flow run failed. Your operation has been throttled: the connector's action limit was reached. Retry later.",
            Category::ServiceOutageOrThrottling,
        ),
        (
            r#"{"error":{"code":"ErrorSendAsDenied","message":"The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account."}} graph"#,
            Category::InsufficientPermission,
        ),
        (
            r#"{"error":{"code":"InvalidRequestContent","message":"The request content was invalid and could not be deserialized: 'Unexpected character'."}} https://management.azure.com/subscriptions/x"#,
            Category::NotAnAuthError,
        ),
        (
            "Sign-in failed: Your account is temporarily locked to prevent unauthorized use. Try again later.",
            Category::UserDisabledOrDeleted,
        ),
    ];
    assert_top_categories(cases);
    // The wrappers still explain themselves when asked.
    let wrapper = explain("UsernamePasswordCredential authentication failed");
    assert_eq!(wrapper[0].category, Category::InvalidUserCredentials);
}

/// Each paste's top finding is in the category given with it.
fn assert_top_categories(cases: &[(&str, Category)]) {
    use authlens_core::{diagnose, Options, Timestamp};
    let opts = Options::at(Timestamp(1_763_900_000));
    for (paste, want) in cases {
        let r = diagnose(paste, &opts);
        let top = r.findings.first().map(|f| f.category);
        assert_eq!(
            top,
            Some(*want),
            "{paste}: {:?}",
            r.findings
                .iter()
                .map(|f| (f.code, f.category))
                .collect::<Vec<_>>()
        );
    }
}
