//! The built-in example gallery. Everything here is made up: tenants, apps and users are
//! placeholders, and the tokens are built at load time with a fixed, meaningless "signature"
//! (nothing secret signs them), so their times are relative to the browser's clock.

use crate::text::escape;
use crate::view::View;
use authlens_core::Timestamp;

/// One example: where it goes and what it fills in.
#[derive(Clone, Debug, Default)]
pub struct Example {
    pub id: &'static str,
    pub title: &'static str,
    /// The view it fills.
    pub view: View,
    /// The finding code (Diagnose), check id (Token) or difference part (Compare) it shows.
    pub expect: &'static str,
    pub diagnose: String,
    pub token: String,
    pub token_url: String,
    pub left: String,
    pub right: String,
}

const TENANT: &str = "00000000-0000-0000-0000-0000000000aa";
const APP: &str = "00000000-0000-0000-0000-0000000000bb";

/// Repeated to 256 bytes: the length of a real RS256 signature, so no "truncated" check fires.
const SIGNATURE: &str = "authlens-example-signature-not-a-secret-0123456789";

/// A JWT that looks real: RS256 header, Entra-style claims, and a fixed non-secret signature.
pub fn fake_jwt(aud: &str, iat: i64, exp: i64) -> String {
    let b = |s: &str| crate::b64::encode(s.as_bytes());
    let header = r#"{"typ":"JWT","alg":"RS256","kid":"example-key-not-real"}"#;
    let claims = format!(
        r#"{{"aud":"{aud}","iss":"https://sts.windows.net/{TENANT}/","iat":{iat},"nbf":{iat},"exp":{exp},"appid":"{APP}","tid":"{TENANT}","upn":"maker@contoso.example","scp":"User.Read Mail.Read","amr":["pwd"],"ver":"1.0"}}"#
    );
    format!(
        "{}.{}.{}",
        b(header),
        b(&claims),
        b(&SIGNATURE.repeat(6)[..256])
    )
}

/// A Power BI refresh history (the REST API's `refreshes` answer, newest first): a daily
/// scheduled refresh that worked for two weeks, then fails for four days asking for MFA.
fn refresh_history(now: i64) -> String {
    const DAY: i64 = 24 * 3600;
    let today = now - now.rem_euclid(DAY) + 6 * 3600;
    let runs: Vec<String> = (0..18)
        .map(|i| {
            let start = today - i * DAY;
            let (status, error) = if i < 4 {
                (
                    "Failed",
                    format!(
                        r#","serviceExceptionJson":"{{\"errorCode\":\"DM_GWPipeline_Gateway_DataSourceAccessError\",\"errorDescription\":\"AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access the resource. Trace ID: 00000000-0000-0000-0000-0000000000{i:02}\"}}""#
                    ),
                )
            } else {
                ("Completed", String::new())
            };
            format!(
                r#"{{"requestId":"00000000-0000-0000-0000-0000000001{i:02}","id":{id},"refreshType":"Scheduled","startTime":"{}","endTime":"{}","status":"{status}"{error}}}"#,
                Timestamp(start).to_rfc3339(),
                Timestamp(start + 180).to_rfc3339(),
                id = 100 - i,
            )
        })
        .collect();
    format!("{{\"value\":[{}]}}", runs.join(","))
}

/// A Power Automate export package's `definition.json`, reduced: an HTTP action with a bearer
/// token pasted into its header (the token expired an hour after it was copied) and an Office
/// 365 connection, which can only sign in as a person.
fn flow_definition(now: i64) -> String {
    let token = fake_jwt("https://graph.microsoft.com", now - 86_400, now - 82_800);
    format!(
        r#"{{
  "name": "0f6c2a9e-0000-4c1e-9a55-3e1f000000aa",
  "type": "Microsoft.Flow/flows",
  "properties": {{
    "displayName": "Weekly report to the team",
    "definition": {{
      "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
      "contentVersion": "1.0.0.0",
      "parameters": {{ "$connections": {{ "defaultValue": {{}}, "type": "Object" }}, "$authentication": {{ "defaultValue": {{}}, "type": "SecureObject" }} }},
      "triggers": {{ "Recurrence": {{ "type": "Recurrence", "recurrence": {{ "frequency": "Week", "interval": 1 }} }} }},
      "actions": {{
        "Get_report": {{
          "runAfter": {{}},
          "type": "Http",
          "inputs": {{
            "method": "GET",
            "uri": "https://graph.microsoft.com/v1.0/reports/getEmailActivityUserDetail(period='D7')",
            "headers": {{ "Authorization": "Bearer {token}" }}
          }}
        }},
        "Send_an_email_(V2)": {{
          "runAfter": {{ "Get_report": ["Succeeded"] }},
          "type": "OpenApiConnection",
          "inputs": {{
            "host": {{ "apiId": "/providers/Microsoft.PowerApps/apis/shared_office365", "connectionName": "shared_office365", "operationId": "SendEmailV2" }},
            "parameters": {{ "emailMessage/To": "team@contoso.example", "emailMessage/Subject": "Weekly report" }},
            "authentication": "@parameters('$authentication')"
          }}
        }}
      }}
    }},
    "connectionReferences": {{
      "shared_office365": {{ "connectionName": "shared-office365-0000-000000000001", "source": "Embedded", "id": "/providers/Microsoft.PowerApps/apis/shared_office365" }}
    }}
  }}
}}"#
    )
}

/// `az ad app credential list` output, with end dates around today: one secret expired three
/// days ago, one ends in five days (a newer one already exists), one is years away.
fn app_credentials(now: i64) -> String {
    const DAY: i64 = 24 * 3600;
    let day = now - now.rem_euclid(DAY) + 9 * 3600;
    let item = |name: &str, n: u32, start: i64, end: i64| {
        format!(
            r#"  {{
    "customKeyIdentifier": null,
    "displayName": "{name}",
    "endDateTime": "{}",
    "hint": "Ex{n}",
    "keyId": "5b0e0000-0000-4000-8000-00000000000{n}",
    "secretText": null,
    "startDateTime": "{}"
  }}"#,
            Timestamp(end).to_rfc3339(),
            Timestamp(start).to_rfc3339()
        )
    };
    format!(
        "[\n{},\n{},\n{}\n]",
        item("nightly-sync", 1, day - 368 * DAY, day - 3 * DAY),
        item("logic-app-orders", 2, day - 360 * DAY, day + 5 * DAY),
        item("logic-app-orders-2027", 3, day - 2 * DAY, day + 728 * DAY)
    )
}

/// An Entra sign-in log (the portal's JSON download) with the failed run's raw outputs pasted
/// above it: the connection's account signed in with MFA in the browser, then a Conditional
/// Access policy requiring MFA for every app started failing its unattended sign-ins. The run's
/// output carries the sign-in's correlation id, so the two are joined. Made-up people and
/// documentation-range addresses (RFC 5737).
fn sign_in_log_with_run(now: i64) -> String {
    const HOUR: i64 = 3600;
    let t = |h: i64| Timestamp(now - now.rem_euclid(HOUR) - h * HOUR).to_rfc3339();
    let event = |i: u32, h: i64, interactive: bool, failed: bool| {
        let (status, ca, policy) = if failed {
            (
                r#"{"errorCode":50076,"failureReason":"Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access the resource.","additionalDetails":"MFA is required by a Conditional Access policy."}"#,
                "failure",
                "failure",
            )
        } else {
            (
                r#"{"errorCode":0,"failureReason":"Other.","additionalDetails":null}"#,
                "success",
                "success",
            )
        };
        format!(
            r#"  {{"id":"00000000-0000-4000-8000-0000000005{i:02}","createdDateTime":"{}","userDisplayName":"Avery Example","userPrincipalName":"avery@contoso.example","userId":"00000000-0000-4000-8000-0000000000a1","appId":"00000000-0000-0000-0000-0000000000bb","appDisplayName":"Power Automate","ipAddress":"{}","clientAppUsed":"{}","correlationId":"00000000-0000-4000-8000-0000000007{i:02}","conditionalAccessStatus":"{ca}","isInteractive":{interactive},"resourceDisplayName":"Office 365 SharePoint Online","resourceId":"00000003-0000-0ff1-ce00-000000000000","status":{status},"location":{{"city":"Exampleton","state":"Example County","countryOrRegion":"XX"}},"appliedConditionalAccessPolicies":[{{"id":"1","displayName":"Require MFA for all cloud apps","enforcedGrantControls":["Mfa"],"enforcedSessionControls":[],"result":"{policy}"}},{{"id":"2","displayName":"Block legacy authentication","enforcedGrantControls":["Block"],"enforcedSessionControls":[],"result":"notApplied"}}],"authenticationRequirement":"{}"}}"#,
            t(h),
            if interactive {
                "203.0.113.24"
            } else {
                "198.51.100.40"
            },
            if interactive {
                "Browser"
            } else {
                "Mobile Apps and Desktop clients"
            },
            if interactive {
                "multiFactorAuthentication"
            } else {
                "singleFactorAuthentication"
            },
        )
    };
    let events = [
        event(6, 2, false, true),
        event(5, 3, false, true),
        event(4, 4, false, true),
        event(3, 20, true, true),
        event(2, 30, false, false),
        event(1, 31, true, false),
    ];
    let run = format!(
        r#"{{
  "statusCode": 401,
  "headers": {{
    "x-ms-correlation-request-id": "00000000-0000-4000-8000-000000000706",
    "Date": "{}",
    "Content-Type": "application/json"
  }},
  "body": {{
    "status": 401,
    "message": "Unauthorized. The connection's account avery@contoso.example could not get a token for Office 365 SharePoint Online."
  }}
}}"#,
        t(2)
    );
    format!("{run}\n[\n{}\n]\n", events.join(",\n"))
}

/// The gallery, built against "now".
pub fn gallery(now: Timestamp) -> Vec<Example> {
    let n = now.0;
    let expired = fake_jwt("https://graph.microsoft.com", n - 7200, n - 3600);
    let valid = fake_jwt("https://graph.microsoft.com", n - 600, n + 3000);
    let arm = fake_jwt("https://management.azure.com/", n - 600, n + 3000);
    vec![
        Example {
            id: "expired-401",
            title: "Expired connection (401)",
            view: View::Diagnose,
            expect: "AL207",
            diagnose: format!(
                r#"{{"statusCode":401,"headers":{{"WWW-Authenticate":"Bearer error=\"invalid_token\", error_description=\"The access token expired\"","Date":"{}"}},"body":{{"error":{{"code":"InvalidAuthenticationToken","message":"Access token has expired or is not yet valid."}}}}}}"#,
                Timestamp(n - 60).to_rfc3339()
            ),
            ..Example::default()
        },
        Example {
            id: "sharepoint-403",
            title: "SharePoint access denied (403)",
            view: View::Diagnose,
            expect: "AL306",
            diagnose: r#"{"statusCode":403,"headers":{"Content-Type":"application/json;odata=verbose"},"body":{"odata.error":{"code":"-2147024891, System.UnauthorizedAccessException","message":{"lang":"en-US","value":"Access denied. You do not have permission to perform this action or access this resource."}}}}"#.into(),
            ..Example::default()
        },
        Example {
            id: "dlp",
            title: "Blocked by a DLP policy",
            view: View::Diagnose,
            expect: "AL401",
            diagnose: r#"Flow client error returned with status code "Forbidden" and details "{"error":{"code":"DlpViolation","message":"Flow cannot be activated due to admin API policies."}}"."#.into(),
            ..Example::default()
        },
        Example {
            id: "mfa",
            title: "MFA after rollout (AADSTS50076)",
            view: View::Diagnose,
            expect: "AL104",
            diagnose: format!(
                r#"{{"error":"interaction_required","error_description":"AADSTS50076: Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '00000003-0000-0000-c000-000000000000'. Trace ID: 0f0e0d0c-0000-0000-0000-000000000001 Correlation ID: 0f0e0d0c-0000-0000-0000-000000000002 Timestamp: {}","error_codes":[50076],"suberror":"basic_action"}}"#,
                Timestamp(n - 120).to_rfc3339()
            ),
            ..Example::default()
        },
        Example {
            id: "secret-expired",
            title: "Expired client secret (AADSTS7000222)",
            view: View::Diagnose,
            expect: "AL110",
            diagnose: format!(
                r#"{{"error":"invalid_client","error_description":"AADSTS7000222: The provided client secret keys for app '{APP}' are expired. Visit the Azure portal to create new keys for your app.","error_codes":[7000222]}}"#
            ),
            ..Example::default()
        },
        Example {
            id: "quoted-header",
            title: "Quoted Authorization header (raw inputs)",
            view: View::Diagnose,
            expect: "AL603",
            diagnose: format!(
                r#"{{"uri":"https://graph.microsoft.com/v1.0/me/messages?$top=10","method":"GET","headers":{{"Authorization":"\"Bearer {valid}\"","Accept":"application/json"}}}}"#
            ),
            ..Example::default()
        },
        Example {
            id: "refresh-history",
            title: "Power BI refresh history (failing since MFA)",
            view: View::Diagnose,
            expect: "began-after-successes",
            diagnose: refresh_history(n),
            ..Example::default()
        },
        Example {
            id: "signin-log",
            title: "Entra sign-in log + the failed run (joined)",
            view: View::Diagnose,
            expect: "policy-started-failing",
            diagnose: sign_in_log_with_run(n),
            ..Example::default()
        },
        Example {
            id: "flow-definition",
            title: "A flow definition, checked before it fails",
            view: View::Diagnose,
            expect: "AU001",
            diagnose: flow_definition(n),
            ..Example::default()
        },
        Example {
            id: "app-credentials",
            title: "App secrets about to expire (az ad app credential list)",
            view: View::Diagnose,
            expect: "expired",
            diagnose: app_credentials(n),
            ..Example::default()
        },
        Example {
            id: "compare-quoted",
            title: "Postman cURL vs flow raw inputs (quoted header)",
            view: View::Compare,
            expect: "auth",
            left: format!(
                "curl --location 'https://graph.microsoft.com/v1.0/me/messages?$top=10' \\\n  --header 'Accept: application/json' \\\n  --header 'Authorization: Bearer {valid}'"
            ),
            right: format!(
                r#"{{
  "uri": "https://graph.microsoft.com/v1.0/me/messages?$top=10",
  "method": "GET",
  "headers": {{
    "Accept": "application/json",
    "Authorization": "\"Bearer {valid}\"",
    "x-ms-workflow-name": "0e1f2a3b-0000-0000-0000-000000000003"
  }}
}}"#
            ),
            ..Example::default()
        },
        Example {
            id: "wrong-audience",
            title: "Token for the wrong audience",
            view: View::Token,
            expect: "audience",
            token: format!("Bearer {arm}"),
            token_url: "GET https://graph.microsoft.com/v1.0/me".into(),
            ..Example::default()
        },
        Example {
            id: "expired-token",
            title: "Expired token",
            view: View::Token,
            expect: "time.expired",
            token: expired,
            ..Example::default()
        },
    ]
}

/// The gallery's buttons (the content of `#gallery-list`).
pub fn gallery_html(examples: &[Example]) -> String {
    examples
        .iter()
        .map(|e| {
            format!(
                "<li><button type=\"button\" class=\"secondary\" data-action=\"example\" data-example=\"{id}\" data-view=\"{view}\">{title}</button> <span class=\"where\">{view}</span></li>",
                id = escape(e.id),
                view = escape(e.view.name()),
                title = escape(e.title),
            )
        })
        .collect()
}

#[cfg(all(test, feature = "full", not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use authlens_core::request::{compare, CompareOptions};
    use authlens_core::token::{inspect, CheckStatus, TokenContext};
    use authlens_core::{analyse, AnalysisReport, Options};

    const NOW: Timestamp = Timestamp(1_763_900_000);

    #[test]
    fn every_example_shows_what_it_promises() {
        for e in gallery(NOW) {
            match e.view {
                View::Diagnose => match analyse(&e.diagnose, &Options::at(NOW)).report {
                    AnalysisReport::History(r) => {
                        let ids: Vec<&str> = r.patterns.iter().map(|p| p.id).collect();
                        assert!(ids.contains(&e.expect), "{}: {ids:?}", e.id);
                    }
                    AnalysisReport::SignIns(s) => {
                        let codes: Vec<&str> = s.log.patterns.iter().map(|p| p.code).collect();
                        assert!(codes.contains(&e.expect), "{}: {codes:?}", e.id);
                        // The run pasted with it is joined, and its top finding names the policy.
                        let top = s.run.as_ref().and_then(|r| r.findings.first());
                        let top = top.map(|f| f.explanation.as_str()).unwrap_or_default();
                        assert!(top.contains("Require MFA for all cloud apps"), "{top}");
                    }
                    AnalysisReport::Diagnosis(r) => {
                        let codes: Vec<&str> = r.findings.iter().map(|f| f.code).collect();
                        assert!(codes.contains(&e.expect), "{}: {codes:?}", e.id);
                    }
                    AnalysisReport::Audit(r) => {
                        let codes: Vec<&str> = r.findings.iter().map(|f| f.code).collect();
                        assert!(codes.contains(&e.expect), "{}: {codes:?}", e.id);
                    }
                    AnalysisReport::Inventory(r) => {
                        let s: Vec<&str> = r.credentials.iter().map(|c| c.status_label).collect();
                        assert!(s.contains(&e.expect), "{}: {s:?}", e.id);
                    }
                },
                View::Token => {
                    let mut ctx = TokenContext::new(Some(NOW));
                    ctx.url = Some(e.token_url.clone()).filter(|u| !u.is_empty());
                    let r = inspect(&e.token, &ctx);
                    let c = r
                        .check(e.expect)
                        .unwrap_or_else(|| panic!("{}: no check", e.id));
                    assert_eq!(c.status, CheckStatus::Fail, "{}", e.id);
                }
                View::Compare => {
                    let r = compare(&e.left, &e.right, &CompareOptions::default());
                    let first = r.differences.first().expect("a difference");
                    assert_eq!(first.part, e.expect, "{}", e.id);
                }
                View::Rules => panic!("{}: the Rules view takes no example", e.id),
            }
        }
    }

    #[test]
    fn examples_carry_no_real_signature() {
        for e in gallery(NOW) {
            for text in [&e.diagnose, &e.token, &e.left, &e.right] {
                assert!(
                    !text.contains("eyJ")
                        || text.contains(&crate::b64::encode(&SIGNATURE.as_bytes()[..48]))
                );
            }
        }
    }
}
