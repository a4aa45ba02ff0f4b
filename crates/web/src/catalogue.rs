//! Changing the district's training catalogue (issue 4: "a catalogue that a district can change"),
//! shared by the page and the API: what a requirement as typed must be, and who may change it.

use crate::auth::Staff;
use crate::error::AppError;
use crate::i18n::Msg;
use crate::program::{
    NAME_MAX_CHARS, conflict_as_message, invalid, require_manager, required_text, scope_of,
    text_or_number,
};
use accord_domain::training::{Requirement, RequirementKind, StaffType};
use accord_store::{Actor, RequirementRecord, Store};
use serde::{Deserialize, Deserializer};

/// The most units a requirement may ask for, and the longest deadline, in months.
const MAX_UNITS: u32 = 100;
const MAX_DEADLINE_MONTHS: u32 = 60;

/// A requirement as typed. The code is set when it is added and never changes.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct RequirementInput {
    /// Short and stable, lower-case letters, digits and _ (a, ojt, first_aid); ignored on edits.
    #[serde(default)]
    pub code: String,
    pub title: String,
    /// classroom, on_the_job or check_in
    pub kind: String,
    #[serde(deserialize_with = "text_or_number")]
    pub required_units: String,
    /// Months from the first day on site with students.
    #[serde(deserialize_with = "text_or_number")]
    pub deadline_months: String,
    /// The staff types it applies to: school_resource_officer, security_officer, contracted_security.
    #[serde(default)]
    pub staff_types: Vec<String>,
    /// A retired requirement leaves the series (its records stay).
    #[serde(default, deserialize_with = "checkbox")]
    pub retired: bool,
}

/// A form's checkbox ("on") or a JSON boolean.
fn checkbox<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Either {
        Flag(bool),
        Text(String),
    }
    Ok(match Either::deserialize(d)? {
        Either::Flag(flag) => flag,
        Either::Text(text) => matches!(text.trim(), "on" | "true" | "1" | "yes"),
    })
}

fn number_in(value: &str, field: &'static str, max: u32) -> Result<u32, Msg> {
    value
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=max).contains(n))
        .ok_or_else(|| {
            Msg::new("catalogue-invalid-number")
                .arg("field", field)
                .arg("value", value.trim())
                .arg("max", max)
                .field(field)
        })
}

impl RequirementInput {
    /// The input of a stored requirement, for its edit form.
    pub fn of(record: &RequirementRecord) -> RequirementInput {
        RequirementInput {
            code: record.code.clone(),
            title: record.title.clone(),
            kind: record.kind.clone(),
            required_units: record.required_units.to_string(),
            deadline_months: record.deadline_months.to_string(),
            staff_types: record.staff_types.split(',').map(str::to_owned).collect(),
            retired: record.retired != 0,
        }
    }

    pub fn applies_to(&self, staff_type: &str) -> bool {
        self.staff_types.iter().any(|t| t == staff_type)
    }

    pub fn validate(&self) -> Result<Requirement, Msg> {
        let code = self.code.trim().to_lowercase();
        let code_ok = (1..=24).contains(&code.len())
            && code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !code_ok {
            return Err(invalid("catalogue-invalid-code", "code"));
        }
        let title = required_text(&self.title, "title", NAME_MAX_CHARS)?;
        let kind: RequirementKind = self
            .kind
            .parse()
            .map_err(|_| invalid("catalogue-invalid-kind", "kind"))?;
        let required_units = number_in(&self.required_units, "required_units", MAX_UNITS)?;
        let deadline_months = number_in(
            &self.deadline_months,
            "deadline_months",
            MAX_DEADLINE_MONTHS,
        )?;
        let staff_types = StaffType::ALL
            .iter()
            .copied()
            .filter(|t| self.applies_to(t.key()))
            .collect::<Vec<_>>();
        if staff_types.is_empty() || staff_types.len() != self.staff_types.len() {
            return Err(invalid("catalogue-invalid-staff-types", "staff_types"));
        }
        Ok(Requirement {
            code,
            title,
            kind,
            required_units,
            deadline_months,
            staff_types,
        })
    }
}

/// The district's whole catalogue, retired requirements included (everyone who sees the program).
pub async fn records(store: &Store, staff: &Staff) -> Result<Vec<RequirementRecord>, AppError> {
    let scope = scope_of(store, staff).await?;
    Ok(store.catalogue_records(scope.district_id).await?)
}

/// Adds a requirement (program admins); Ok(Err) is the user's mistake, a taken code among them.
pub async fn add(
    store: &Store,
    staff: &Staff,
    input: &RequirementInput,
) -> Result<Result<RequirementRecord, Msg>, AppError> {
    require_manager(staff)?;
    let requirement = match input.validate() {
        Ok(r) => r,
        Err(msg) => return Ok(Err(msg)),
    };
    let added = store
        .add_requirement(staff.0.district_id, &Actor::user(&staff.0), &requirement)
        .await;
    conflict_as_message(added, "code")
}

/// Changes a requirement of the admin's district; its code stays.
pub async fn update(
    store: &Store,
    staff: &Staff,
    id: i64,
    input: &RequirementInput,
) -> Result<Result<RequirementRecord, Msg>, AppError> {
    require_manager(staff)?;
    let district_id = staff.0.district_id;
    let current = store
        .catalogue_records(district_id)
        .await?
        .into_iter()
        .find(|r| r.id == id)
        .ok_or(AppError::NotFound)?;
    let with_code = RequirementInput {
        code: current.code,
        ..input.clone()
    };
    let requirement = match with_code.validate() {
        Ok(r) => r,
        Err(msg) => return Ok(Err(msg)),
    };
    let actor = Actor::user(&staff.0);
    Ok(Ok(store
        .update_requirement(district_id, &actor, id, &requirement, input.retired)
        .await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> RequirementInput {
        RequirementInput {
            code: "First_Aid".into(),
            title: "First aid".into(),
            kind: "classroom".into(),
            required_units: "1".into(),
            deadline_months: "6".into(),
            staff_types: vec!["security_officer".into()],
            retired: false,
        }
    }

    #[test]
    fn a_requirement_as_typed_becomes_the_rule() {
        let r = input().validate().expect("valid");
        assert_eq!(r.code, "first_aid");
        assert_eq!(r.staff_types, vec![StaffType::SecurityOfficer]);
    }

    #[test]
    fn each_mistake_names_its_field() {
        let field = |change: fn(&mut RequirementInput)| {
            let mut i = input();
            change(&mut i);
            i.validate().expect_err("refused").field
        };
        assert_eq!(field(|i| i.code = "first aid".into()), Some("code"));
        assert_eq!(field(|i| i.code = String::new()), Some("code"));
        assert_eq!(field(|i| i.title = " ".into()), Some("title"));
        assert_eq!(field(|i| i.kind = "online".into()), Some("kind"));
        assert_eq!(
            field(|i| i.required_units = "0".into()),
            Some("required_units")
        );
        assert_eq!(
            field(|i| i.required_units = "101".into()),
            Some("required_units")
        );
        assert_eq!(
            field(|i| i.deadline_months = "61".into()),
            Some("deadline_months")
        );
        assert_eq!(field(|i| i.staff_types.clear()), Some("staff_types"));
        assert_eq!(
            field(|i| i.staff_types.push("janitor".into())),
            Some("staff_types")
        );
    }

    #[test]
    fn checkboxes_and_booleans_both_retire() {
        let form: RequirementInput = serde_html_form::from_str(
            "title=T&kind=classroom&required_units=1&deadline_months=6&staff_types=security_officer&staff_types=contracted_security&retired=on",
        )
        .expect("form");
        assert!(form.retired);
        assert_eq!(form.staff_types.len(), 2);
        let json: RequirementInput = serde_json::from_str(
            r#"{"title":"T","kind":"classroom","required_units":1,"deadline_months":6,"staff_types":["security_officer"],"retired":true}"#,
        )
        .expect("json");
        assert!(json.retired);
    }
}
