//! The demo district's complaints: thirty over the last five months, in every status, worked by the
//! demo investigator with findings and written responses; the oldest still unanswered are overdue, so
//! the overdue view has something to show. A few are anonymous, a few in Spanish, some sent on to the
//! officer's agency.
//!
//! Tracking codes come from a fixed seed, so every run of the demo prints the same code to try (a
//! real district's codes are drawn from the operating system's randomness).

use accord_domain::complaints::{Category, Finding, Status, Step, new_tracking_code, take_step};
use accord_domain::roles::Role;
use accord_store::{Actor, Contact, District, NewComplaint, NewUser, Store};
use accord_web::complaints::{code_hash, due_dates};
use rand::SeedableRng;
use rand::rngs::StdRng;
use time::{Date, Duration};

/// The seed of the demo's tracking codes.
const SEED: u64 = 6;
const COMPLAINTS: usize = 30;
/// The account that works the demo's complaints (its password is set by `accord demo`).
pub const INVESTIGATOR: &str = "investigator@cedar-valley.example";

/// The status each complaint is worked to, in turn.
const TARGETS: [Status; 8] = [
    Status::Received,
    Status::Acknowledged,
    Status::Investigating,
    Status::Findings,
    Status::ResponseSent,
    Status::Closed,
    Status::Closed,
    Status::ResponseSent,
];

const ACCOUNTS: [(&str, &str, &str); 6] = [
    (
        "en",
        "The officer grabbed my son's arm in the hallway when he would not hand over his phone.",
        "Raised hands on a student over a phone",
    ),
    (
        "en",
        "The security guard stood in the classroom during a math test and questioned a student about a fight.",
        "Took part in school discipline",
    ),
    (
        "es",
        "El oficial le habló a mi hija con insultos delante de sus compañeros en la cafetería.",
        "Insultó a una estudiante",
    ),
    (
        "en",
        "The officer was not at the front entrance at dismissal, and a stranger walked into the building.",
        "Was not at the assigned post",
    ),
    (
        "en",
        "A student was handcuffed in the office for a dress-code argument.",
        "Restrained a student without an emergency",
    ),
    (
        "es",
        "El guardia no dejó entrar a una madre a la reunión de padres y le pidió sus papeles.",
        "Pidió documentos a una madre",
    ),
];

const RESPONSES: [&str; 2] = [
    "Thank you for telling us. We interviewed the officer, two students and the assistant principal, \
     and reviewed the hallway video. We found that the officer did not follow the district's agreement. \
     The agency has retrained the officer, and the principal will meet with you if you wish.",
    "Thank you for your complaint. We interviewed the staff involved and the witnesses you named. We \
     could not confirm what happened, so the allegation is not sustained. We have reminded all staff of \
     the agreement's limits, and you may appeal this response within 30 days.",
];

/// Files and works the demo's complaints, once; returns a tracking code to try either way.
pub async fn seed(store: &Store, district: &District, today: Date) -> anyhow::Result<String> {
    let mut rng = StdRng::seed_from_u64(SEED);
    let codes: Vec<String> = (0..COMPLAINTS)
        .map(|_| new_tracking_code(&mut rng))
        .collect();
    // The code to try: a complaint answered in writing.
    let to_try = codes[TARGETS
        .iter()
        .position(|t| *t == Status::ResponseSent)
        .unwrap_or(0)]
    .clone();
    if !store.complaint_years(district.id).await?.is_empty() {
        return Ok(to_try);
    }
    let investigator = investigator(store, district).await?;
    let actor = Actor::user(&investigator);
    let schools = store.schools(district.id).await?;
    let staff = store.staff(district.id, None).await?;
    let settings = store.complaint_settings(district.id).await?;
    for (i, code) in codes.iter().enumerate() {
        let received = today - Duration::days(3 + 5 * i as i64);
        let (language, account, allegation) = ACCOUNTS[i % ACCOUNTS.len()];
        let due = due_dates(&settings, received);
        // Most complaints are about the high schools' officers, as most calls are.
        let name = crate::demo::SCHOOLS[[0, 1, 0, 3, 1, 4][i % 6]];
        let school = schools
            .iter()
            .find(|s| s.name == name)
            .or(schools.first())
            .ok_or_else(|| anyhow::anyhow!("the demo district has no schools"))?;
        let member = staff.get(i % staff.len().max(1));
        let anonymous = i % 5 == 4;
        let new = NewComplaint {
            school_year: accord_domain::documents::SchoolYear::containing(received)
                .map_or(received.year(), |y| y.starts_on.year()),
            school_id: school.id,
            staff_id: member.filter(|_| i % 4 != 3).map(|m| m.id),
            staff_description: if i % 4 == 3 {
                "A tall officer by the gym doors".into()
            } else {
                String::new()
            },
            category: Category::ALL[i % Category::ALL.len()],
            what_happened: account.into(),
            occurred_on: (received - Duration::days(2)).to_string(),
            witnesses: if i % 3 == 0 {
                "Two classmates".into()
            } else {
                String::new()
            },
            contact: if anonymous {
                Contact::default()
            } else {
                Contact {
                    name: format!("Parent {}", i + 1),
                    email: format!("parent{}@example.org", i + 1),
                    phone: String::new(),
                }
            },
            language: language.into(),
            send_to_agency: i % 2 == 0,
            received_on: received.to_string(),
            acknowledge_by: due.acknowledge_by.to_string(),
            respond_by: due.respond_by.to_string(),
            attachments: Vec::new(),
        };
        let id = store
            .file_complaint(district.id, &code_hash(code), &new)
            .await?;
        let target = TARGETS[i % TARGETS.len()];
        work(store, district.id, id, &actor, investigator.id, (target, i)).await?;
        if target == Status::Investigating || target == Status::Findings {
            store
                .add_complaint_note(
                    district.id,
                    id,
                    &actor,
                    &format!("Interviewed: {allegation}."),
                )
                .await?;
        }
    }
    Ok(to_try)
}

/// The demo investigator's account, created without a usable password if it is missing.
async fn investigator(store: &Store, district: &District) -> anyhow::Result<accord_store::User> {
    if let Some(user) = store.user_by_email(INVESTIGATOR).await? {
        return Ok(user);
    }
    Ok(store
        .add_user(NewUser {
            district_id: district.id,
            email: INVESTIGATOR,
            name: "Demo Investigator",
            role: Role::Investigator,
            password_hash: "!",
        })
        .await?)
}

/// Takes the complaint through the steps up to `target`, as an investigator would.
async fn work(
    store: &Store,
    district_id: i64,
    id: i64,
    actor: &Actor,
    investigator_id: i64,
    (target, i): (Status, usize),
) -> anyhow::Result<()> {
    if target == Status::Received {
        return Ok(());
    }
    store
        .assign_investigator(district_id, id, actor, Some(investigator_id))
        .await?;
    let (_, _, allegation) = ACCOUNTS[i % ACCOUNTS.len()];
    let mut status = Status::Received;
    for step in [
        Step::Acknowledge,
        Step::Investigate,
        Step::RecordFindings,
        Step::SendResponse,
        Step::Close,
    ] {
        if status == target {
            break;
        }
        match step {
            Step::RecordFindings => {
                let added = store
                    .add_allegation(district_id, id, actor, allegation)
                    .await?;
                let finding = Finding::ALL[i % Finding::ALL.len()];
                store
                    .record_finding(district_id, id, added.id, actor, finding)
                    .await?;
            }
            Step::SendResponse => {
                store
                    .save_response_draft(district_id, id, actor, RESPONSES[i % RESPONSES.len()])
                    .await?;
            }
            _ => {}
        }
        let facts = accord_domain::complaints::Facts {
            investigator_assigned: true,
            allegations_without_finding: 0,
            allegations: 1,
            response_written: true,
        };
        let next = take_step(status, step, &facts)?;
        store
            .take_complaint_step(district_id, id, actor, step, (status, next), None)
            .await?;
        status = next;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_is_a_target() {
        for status in Status::ALL {
            assert!(TARGETS.contains(status), "{status:?}");
        }
    }
}
