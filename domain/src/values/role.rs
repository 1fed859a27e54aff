//! The roles an account may hold (S1).

use serde::{Deserialize, Serialize};

use crate::values::invalid_value::InvalidValue;

/// A role granting a set of rights (S1). Roles are additive: an account may hold several.
///
/// Serialised as `DEVELOPER`, `REVIEWER`, `ADMIN`, `AUDITOR`, the same names the GraphQL enum
/// uses, so stored events and the API read alike. `Ord` gives sets of roles a stable order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Role {
    /// Owns a vendor profile and the vendor's apps.
    Developer,
    /// Reads all apps and decides on submissions.
    Reviewer,
    /// A reviewer who also manages users, roles, terms and partitions.
    Admin,
    /// Reads every read model and the whole event history; issues no command.
    Auditor,
}

impl Role {
    /// Every role, in declaration order.
    pub const ALL: [Role; 4] = [Role::Developer, Role::Reviewer, Role::Admin, Role::Auditor];

    /// Reads a role name such as `REVIEWER`, ignoring case and surrounding spaces.
    pub fn parse(input: &str) -> Result<Self, InvalidValue> {
        let name = input.trim();
        Self::ALL
            .into_iter()
            .find(|role| role.as_str().eq_ignore_ascii_case(name))
            .ok_or_else(|| InvalidValue::new("must be one of DEVELOPER, REVIEWER, ADMIN, AUDITOR"))
    }

    /// The stored and displayed name, e.g. `REVIEWER`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Developer => "DEVELOPER",
            Role::Reviewer => "REVIEWER",
            Role::Admin => "ADMIN",
            Role::Auditor => "AUDITOR",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_role_in_any_case() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Ok(role));
            assert_eq!(
                Role::parse(&format!(" {} ", role.as_str().to_lowercase())),
                Ok(role)
            );
        }
    }

    #[test]
    fn refuses_an_unknown_role() {
        assert_eq!(
            Role::parse("superuser"),
            Err(InvalidValue::new(
                "must be one of DEVELOPER, REVIEWER, ADMIN, AUDITOR"
            ))
        );
    }

    #[test]
    fn serialises_in_screaming_snake_case() {
        for role in Role::ALL {
            let json = serde_json::to_string(&role).expect("serialises");
            assert_eq!(json, format!("\"{}\"", role.as_str()));
            assert_eq!(
                serde_json::from_str::<Role>(&json).expect("deserialises"),
                role
            );
        }
        assert!(serde_json::from_str::<Role>("\"developer\"").is_err());
    }

    #[test]
    fn orders_roles_by_declaration() {
        assert!(Role::Developer < Role::Reviewer);
        assert!(Role::Admin < Role::Auditor);
    }
}
