//! SMART on FHIR scopes (S4 step 6), as defined by SMART App Launch v1 and v2.

use serde::{Deserialize, Serialize};

use super::invalid_value::InvalidValue;

/// Scopes that are not resource scopes: identity, launch context and refresh tokens.
const LITERAL_SCOPES: [&str; 8] = [
    "openid",
    "fhirUser",
    "profile",
    "launch",
    "launch/patient",
    "launch/encounter",
    "offline_access",
    "online_access",
];

/// One valid SMART scope, kept exactly as written (scopes are case-sensitive).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SmartScope(String);

impl SmartScope {
    /// Checks one scope.
    ///
    /// Accepted: the literal scopes `openid fhirUser profile launch launch/patient
    /// launch/encounter offline_access online_access`; v1 resource scopes
    /// `(patient|user|system)/(Type|*).(read|write|*)`; v2 resource scopes
    /// `(patient|user|system)/(Type|*).<cruds>` where `<cruds>` is a non-empty subset of
    /// `c r u d s` in that order, optionally followed by `?param=value(&param=value)*`.
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        if LITERAL_SCOPES.contains(&input) || is_resource_scope(input) {
            Ok(Self(input.to_owned()))
        } else {
            Err(InvalidValue::new(format!(
                "`{input}` is not a valid SMART scope"
            )))
        }
    }

    /// Whether this is a `system/` scope, which only confidential apps may request (S4).
    pub fn is_system(&self) -> bool {
        self.0.starts_with("system/")
    }

    /// The scope as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Whether `scope` is a v1 or v2 resource scope.
fn is_resource_scope(scope: &str) -> bool {
    let Some((context, rest)) = scope.split_once('/') else {
        return false;
    };
    if !matches!(context, "patient" | "user" | "system") {
        return false;
    }
    let (resource_and_permissions, query) = match rest.split_once('?') {
        Some((head, query)) => (head, Some(query)),
        None => (rest, None),
    };
    let Some((resource, permissions)) = resource_and_permissions.split_once('.') else {
        return false;
    };
    if !is_resource_type(resource) {
        return false;
    }
    match query {
        // v1 has no query part, so a query makes this a v2 scope.
        Some(query) => is_v2_permissions(permissions) && is_query(query),
        None => matches!(permissions, "read" | "write" | "*") || is_v2_permissions(permissions),
    }
}

/// `*` or a FHIR resource type name: an upper-case ASCII letter followed by ASCII letters and
/// digits (FHIR type names are ASCII by definition).
fn is_resource_type(resource: &str) -> bool {
    if resource == "*" {
        return true;
    }
    let mut chars = resource.chars();
    chars.next().is_some_and(|first| first.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_alphanumeric())
}

/// A non-empty subset of `cruds`, each letter at most once and in that order.
fn is_v2_permissions(permissions: &str) -> bool {
    // Walking `cruds` once and consuming letters in order rejects repeats and reorderings.
    let mut rest = permissions;
    for letter in "cruds".chars() {
        if let Some(after) = rest.strip_prefix(letter) {
            rest = after;
        }
    }
    !permissions.is_empty() && rest.is_empty()
}

/// `param=value(&param=value)*` with non-empty names and values and no white space.
fn is_query(query: &str) -> bool {
    query.split('&').all(|pair| {
        pair.split_once('=').is_some_and(|(name, value)| {
            !name.is_empty()
                && !value.is_empty()
                && !pair.chars().any(|c| c.is_whitespace() || c.is_control())
        })
    })
}

impl std::fmt::Display for SmartScope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for SmartScope {
    type Error = InvalidValue;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<SmartScope> for String {
    fn from(value: SmartScope) -> Self {
        value.0
    }
}

/// The scopes an app requests: at least one, all valid, no duplicates, in the order entered.
///
/// Serialised as the space-separated string OAuth uses.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Scopes(Vec<SmartScope>);

impl Scopes {
    /// Reads a space-separated list of scopes.
    ///
    /// Repeated scopes are dropped, keeping the first. Every invalid scope is named in the one
    /// message, separated by `; `, so the user can fix them all at once.
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let mut words: Vec<&str> = Vec::new();
        for word in input.split_ascii_whitespace() {
            if !words.contains(&word) {
                words.push(word);
            }
        }
        if words.is_empty() {
            return Err(InvalidValue::new("at least one scope is required"));
        }
        let mut scopes = Vec::with_capacity(words.len());
        let mut problems = Vec::new();
        for word in words {
            match SmartScope::parse(word) {
                Ok(scope) => scopes.push(scope),
                Err(problem) => problems.push(problem.0),
            }
        }
        if problems.is_empty() {
            Ok(Self(scopes))
        } else {
            Err(InvalidValue::new(problems.join("; ")))
        }
    }

    /// The scopes in the order entered.
    pub fn iter(&self) -> std::slice::Iter<'_, SmartScope> {
        self.0.iter()
    }

    /// Whether any scope is a `system/` scope, which only confidential apps may request.
    pub fn has_system_scope(&self) -> bool {
        self.0.iter().any(SmartScope::is_system)
    }
}

impl<'a> IntoIterator for &'a Scopes {
    type Item = &'a SmartScope;
    type IntoIter = std::slice::Iter<'a, SmartScope>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl std::fmt::Display for Scopes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let words: Vec<&str> = self.0.iter().map(SmartScope::as_str).collect();
        f.write_str(&words.join(" "))
    }
}

impl TryFrom<String> for Scopes {
    type Error = InvalidValue;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Scopes> for String {
    fn from(value: Scopes) -> Self {
        value.to_string()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn valid(scope: &str) -> bool {
        SmartScope::parse(scope).is_ok()
    }

    #[test]
    fn literal_scopes() {
        for scope in LITERAL_SCOPES {
            assert_eq!(SmartScope::parse(scope).unwrap().as_str(), scope);
        }
        assert!(!valid("fhiruser"));
        assert!(!valid("launch/practitioner"));
        assert!(!valid("OPENID"));
    }

    #[test]
    fn contexts() {
        assert!(valid("patient/*.read"));
        assert!(valid("user/*.read"));
        assert!(valid("system/*.read"));
        assert!(!valid("practitioner/*.read"));
        assert!(!valid("Patient/*.read"));
        assert!(!valid("/*.read"));
        assert!(!valid("patient*.read"));
    }

    #[test]
    fn resource_types() {
        assert!(valid("user/Observation.write"));
        assert!(valid("patient/MedicationRequest.rs"));
        assert!(valid("patient/Observation2.read"));
        assert!(!valid("patient/observation.read"));
        assert!(!valid("patient/Observ-ation.read"));
        assert!(!valid("patient/.read"));
        assert!(!valid("patient/Ob*.read"));
        assert!(!valid("patient/Öbservation.read"));
    }

    #[test]
    fn v1_permissions() {
        assert!(valid("patient/*.read"));
        assert!(valid("user/Observation.write"));
        assert!(valid("system/*.*"));
        assert!(!valid("patient/*.readwrite"));
        assert!(!valid("patient/*.Read"));
        assert!(!valid("patient/*"));
        assert!(!valid("patient/*."));
    }

    #[test]
    fn v2_permissions_are_an_ordered_subset_of_cruds() {
        for ok in ["c", "r", "rs", "cruds", "cud", "ds", "us"] {
            assert!(valid(&format!("patient/Observation.{ok}")), "{ok}");
        }
        for bad in ["sr", "rr", "dc", "x", "crudsx", "cruds*", "CRUDS"] {
            assert!(!valid(&format!("patient/Observation.{bad}")), "{bad}");
        }
    }

    #[test]
    fn v2_query() {
        assert!(valid("patient/Observation.rs?category=laboratory"));
        assert!(valid(
            "patient/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory"
        ));
        assert!(valid(
            "user/Observation.rs?category=vital-signs&status=final"
        ));
        assert!(!valid("patient/Observation.rs?"));
        assert!(!valid("patient/Observation.rs?category"));
        assert!(!valid("patient/Observation.rs?=laboratory"));
        assert!(!valid("patient/Observation.rs?category="));
        assert!(!valid("patient/Observation.rs?a=b&"));
        assert!(!valid("patient/Observation.rs?a=b c"));
        assert!(!valid("patient/Observation.rs?a=b\tc"));
        // v1 permissions take no query.
        assert!(!valid("patient/Observation.read?category=laboratory"));
        assert!(!valid("patient/*.*?category=laboratory"));
    }

    #[test]
    fn message_and_system_flag() {
        assert_eq!(
            SmartScope::parse("patient/Observation.sr").unwrap_err().0,
            "`patient/Observation.sr` is not a valid SMART scope"
        );
        assert!(SmartScope::parse("system/*.rs").unwrap().is_system());
        assert!(!SmartScope::parse("user/*.rs").unwrap().is_system());
        assert!(!SmartScope::parse("openid").unwrap().is_system());
    }

    #[test]
    fn scopes_split_and_deduplicate_in_order() {
        let scopes = Scopes::parse("  openid fhirUser\n\tpatient/*.read openid  launch ").unwrap();
        let words: Vec<&str> = scopes.iter().map(SmartScope::as_str).collect();
        assert_eq!(words, ["openid", "fhirUser", "patient/*.read", "launch"]);
        assert_eq!(scopes.to_string(), "openid fhirUser patient/*.read launch");
        assert_eq!((&scopes).into_iter().count(), 4);
    }

    #[test]
    fn scopes_need_at_least_one() {
        assert_eq!(
            Scopes::parse("").unwrap_err().0,
            "at least one scope is required"
        );
        assert_eq!(
            Scopes::parse(" \n\t ").unwrap_err().0,
            "at least one scope is required"
        );
        assert!(Scopes::parse("openid").is_ok());
    }

    #[test]
    fn scopes_report_every_bad_scope_once() {
        assert_eq!(
            Scopes::parse("openid patient/*.sr openid user/x.read patient/*.sr")
                .unwrap_err()
                .0,
            "`patient/*.sr` is not a valid SMART scope; `user/x.read` is not a valid SMART scope"
        );
    }

    #[test]
    fn scopes_detect_system_scopes() {
        assert!(Scopes::parse("openid system/*.rs")
            .unwrap()
            .has_system_scope());
        assert!(!Scopes::parse("openid user/*.rs")
            .unwrap()
            .has_system_scope());
    }

    #[test]
    fn serde_round_trips_through_parse() {
        let scope = SmartScope::parse("user/*.cruds").unwrap();
        assert_eq!(serde_json::to_string(&scope).unwrap(), "\"user/*.cruds\"");
        assert!(serde_json::from_str::<SmartScope>("\"user/*.sr\"").is_err());

        let scopes = Scopes::parse("openid  patient/*.read").unwrap();
        let json = serde_json::to_string(&scopes).unwrap();
        assert_eq!(json, "\"openid patient/*.read\"");
        assert_eq!(serde_json::from_str::<Scopes>(&json).unwrap(), scopes);
        assert!(serde_json::from_str::<Scopes>("\"\"").is_err());
    }
}
