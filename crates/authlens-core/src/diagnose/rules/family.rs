//! Rule families: each owns a folder of `rules/` and a block of a hundred codes. This is the one
//! place the mapping is written; the registry test holds every rule to it, and
//! `./x new-rule` reads the next free code of a family from the rules in its folder.

/// A family of rules: where they read their evidence from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// Microsoft Entra token endpoint errors: AADSTS codes and OAuth `error` values (AL1xx).
    Entra,
    /// HTTP statuses, challenges, .NET token-validation codes and network signals (AL2xx).
    Http,
    /// Azure Resource Manager, Graph, SharePoint, Dataverse, Storage, Key Vault bodies (AL3xx).
    Azure,
    /// Power Automate and Logic Apps connections and policies (AL4xx).
    PowerPlatform,
    /// Power BI refresh and REST errors (AL5xx).
    PowerBi,
    /// A bearer token or request found in the paste, decoded locally (AL6xx).
    Bearer,
    /// The last-resort reading of the paste's words, when nothing specific is recognised
    /// (AL7xx).
    Wording,
}

impl Family {
    pub const ALL: [Family; 7] = [
        Family::Entra,
        Family::Http,
        Family::Azure,
        Family::PowerPlatform,
        Family::PowerBi,
        Family::Bearer,
        Family::Wording,
    ];

    /// The hundreds digit of the family's codes: `AL{hundreds}01`…`AL{hundreds}99`.
    pub const fn hundreds(self) -> u16 {
        match self {
            Family::Entra => 1,
            Family::Http => 2,
            Family::Azure => 3,
            Family::PowerPlatform => 4,
            Family::PowerBi => 5,
            Family::Bearer => 6,
            Family::Wording => 7,
        }
    }

    /// The folder under `src/diagnose/rules/` (and the module) holding the family's rules.
    pub const fn folder(self) -> &'static str {
        match self {
            Family::Entra => "entra",
            Family::Http => "http",
            Family::Azure => "azure",
            Family::PowerPlatform => "power_platform",
            Family::PowerBi => "power_bi",
            Family::Bearer => "bearer",
            Family::Wording => "wording",
        }
    }

    /// The family a rule code (`AL104`) belongs to.
    pub fn of_code(code: &str) -> Option<Family> {
        let n: u16 = code.strip_prefix("AL")?.parse().ok()?;
        Family::ALL.into_iter().find(|f| n / 100 == f.hundreds())
    }

    /// The family whose folder is `folder`.
    pub fn of_folder(folder: &str) -> Option<Family> {
        Family::ALL.into_iter().find(|f| f.folder() == folder)
    }
}
