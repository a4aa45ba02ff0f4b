//! Staff roles and what each may do (PRODUCT.md, "People and roles").

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A staff member's role. Participants and the public have no account and so no role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Facilitator,
    RecordsClerk,
    Investigator,
    AgencyLiaison,
    ProgramAdmin,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Facilitator,
        Role::RecordsClerk,
        Role::Investigator,
        Role::AgencyLiaison,
        Role::ProgramAdmin,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Role::Facilitator => "facilitator",
            Role::RecordsClerk => "records_clerk",
            Role::Investigator => "investigator",
            Role::AgencyLiaison => "agency_liaison",
            Role::ProgramAdmin => "program_admin",
        }
    }

    /// Creating, running, moderating and publishing exchanges: facilitators, and the program admin who
    /// may do everything in their district.
    pub fn may_run_exchanges(self) -> bool {
        matches!(self, Role::Facilitator | Role::ProgramAdmin)
    }

    /// Seeing the program's staff and training: admins and records clerks see the whole district,
    /// an agency liaison only their own agency's people (the edge scopes the records).
    pub fn may_view_program(self) -> bool {
        matches!(
            self,
            Role::ProgramAdmin | Role::RecordsClerk | Role::AgencyLiaison
        )
    }

    /// Entering and importing staff and training records (not verifying them).
    pub fn may_record_training(self) -> bool {
        self.may_view_program()
    }

    /// Agencies, assignments, verification, waivers, plans and the audit trail: the district decides.
    pub fn may_manage_program(self) -> bool {
        self == Role::ProgramAdmin
    }

    /// Calls for service with each student's part, and the internal (unsuppressed) yearly report:
    /// student records under FERPA, for the records clerks who keep them and the program admin only.
    pub fn may_record_calls(self) -> bool {
        matches!(self, Role::ProgramAdmin | Role::RecordsClerk)
    }

    /// Handling complaints: the complainant's identity, the investigation, findings and the written
    /// response. Investigators and the program admin.
    pub fn may_handle_complaints(self) -> bool {
        matches!(self, Role::Investigator | Role::ProgramAdmin)
    }

    /// Reading the complaints routed to one's own agency, without the complainant's contact unless
    /// the district shares it: agency liaisons (R1: "with the school and the agency").
    pub fn may_read_routed_complaints(self) -> bool {
        self == Role::AgencyLiaison
    }

    /// Whether the role sees only its own agency's people.
    pub fn is_scoped_to_agency(self) -> bool {
        self == Role::AgencyLiaison
    }

    /// Managing accounts and roles is the program admin's alone.
    pub fn may_manage_users(self) -> bool {
        self == Role::ProgramAdmin
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown role {0:?}; expected one of facilitator, records_clerk, investigator, agency_liaison, program_admin"
)]
pub struct UnknownRole(pub String);

impl FromStr for Role {
    type Err = UnknownRole;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.key() == s)
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for role in Role::ALL {
            assert_eq!(role.key().parse::<Role>(), Ok(role));
        }
        assert!("admin".parse::<Role>().is_err());
    }

    #[test]
    fn the_program_is_seen_by_admins_clerks_and_liaisons_and_run_by_admins() {
        let viewers: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| r.may_view_program())
            .collect();
        assert_eq!(
            viewers,
            vec![Role::RecordsClerk, Role::AgencyLiaison, Role::ProgramAdmin]
        );
        let managers: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| r.may_manage_program())
            .collect();
        assert_eq!(managers, vec![Role::ProgramAdmin]);
        assert!(Role::AgencyLiaison.is_scoped_to_agency());
    }

    #[test]
    fn complaints_are_handled_by_investigators_and_admins_and_read_by_liaisons() {
        let handlers: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| r.may_handle_complaints())
            .collect();
        assert_eq!(handlers, vec![Role::Investigator, Role::ProgramAdmin]);
        let readers: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| r.may_read_routed_complaints())
            .collect();
        assert_eq!(readers, vec![Role::AgencyLiaison]);
    }

    #[test]
    fn only_facilitators_and_admins_run_exchanges() {
        let runners: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| r.may_run_exchanges())
            .collect();
        assert_eq!(runners, vec![Role::Facilitator, Role::ProgramAdmin]);
    }
}
