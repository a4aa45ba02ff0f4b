//! Demo data: a made-up district whose published exchange has the seed exchange's shape (1,137
//! participants in the seed's group mix, 1,000 thoughts, 32,824 star ratings, eight themes), and a
//! small exchange left open for a newcomer to try.
//!
//! The activity is simulated, not sampled from anywhere: each participant has a view of school
//! resource officers drawn from their group's leaning, thoughts are composed from fragments along the
//! seed's eight themes and carry a hidden quality, and raters star what exists when they come by,
//! least-seen first as accord's allocation would offer it, with their own noise. A seed makes every
//! run the same.

use accord_domain::exchange::{ExchangeState, Group, Transition};
use accord_store::{
    Activity, BulkParticipant, BulkRating, BulkThought, District, Exchange, ExchangeEdit, Store,
};
use anyhow::{Context, bail};
use indicatif::ProgressBar;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap, HashSet};

const MINUTE: i64 = 60;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;
/// The seed exchange ran for about three weeks.
const DURATION: i64 = 21 * DAY;

/// The seed's participants per group, in [`Group::ALL`] order.
const SEED_GROUPS: [usize; 8] = [256, 583, 49, 3, 41, 1, 87, 37];

/// How big an exchange to simulate. The group mix is always the seed's, scaled to those who gave a
/// group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    pub participants: usize,
    /// Participants who gave no group.
    pub no_group: usize,
    pub thoughts: usize,
    /// Star ratings, exactly; skips come on top.
    pub ratings: usize,
}

impl Scale {
    /// The seed exchange.
    pub const SEED: Scale = Scale {
        participants: 1_137,
        no_group: 80,
        thoughts: 1_000,
        ratings: 32_824,
    };

    /// The seed exchange `k` times over, for load tests (30 gives about a million ratings).
    pub fn times(k: usize) -> Scale {
        let seed = Scale::SEED;
        Scale {
            participants: seed.participants * k,
            no_group: seed.no_group * k,
            thoughts: seed.thoughts * k,
            ratings: seed.ratings * k,
        }
    }

    /// Participants per group, in [`Group::ALL`] order: the seed's mix over those who gave a group,
    /// rounded by largest remainder so that the sizes add up.
    pub fn group_sizes(&self) -> [usize; 8] {
        let grouped = self.participants.saturating_sub(self.no_group);
        let seed_total: usize = SEED_GROUPS.iter().sum();
        let mut sizes = SEED_GROUPS.map(|n| n * grouped / seed_total);
        let mut by_remainder: Vec<usize> = (0..sizes.len()).collect();
        by_remainder.sort_by_key(|&i| (Reverse(SEED_GROUPS[i] * grouped % seed_total), i));
        let short = grouped - sizes.iter().sum::<usize>();
        for &i in by_remainder.iter().take(short) {
            sizes[i] += 1;
        }
        sizes
    }
}

/// One of the seed's eight themes: how to write about it and how views of SROs move its stars.
struct Theme {
    /// How often authors pick it, before their own view tilts the choice.
    weight: f64,
    /// How a rater's view of SROs (-1 against, +1 for) moves their stars for it.
    stance: f64,
    /// Main sentences, each a complete thought on its own.
    cores: &'static [&'static str],
    /// Reasons and specifics that may follow a core; they make a thought better.
    details: &'static [&'static str],
    /// Low-effort thoughts: short, no reason given.
    blunt: &'static [&'static str],
    closers: &'static [&'static str],
    spanish: &'static [&'static str],
    spanish_details: &'static [&'static str],
}

const THEMES: [Theme; 8] = [
    // Do not support SROs or police working with schools
    Theme {
        weight: 0.16,
        stance: -1.0,
        cores: &[
            "Police do not belong in our schools.",
            "I do not support having SROs in any of our buildings.",
            "Please end the SRO contract instead of renewing it.",
            "Our schools should not be an extension of the police department.",
            "Having armed officers in the hallways does not make students feel safe.",
            "The district should not sign this agreement at all.",
            "I want the SRO program removed, not revised.",
            "Students should be able to go to school without a police presence.",
            "Renewing this contract sends the wrong message to our students of color.",
            "Bringing police into everyday school life does real harm.",
            "There is no version of this agreement I could support.",
            "SROs make many students anxious every single day.",
        ],
        details: &[
            "Black and Latino students are referred to police at much higher rates, and this draft does nothing to change that.",
            "I have not seen evidence that SROs prevent school shootings.",
            "Students with disabilities are the ones most often restrained or arrested.",
            "One interaction with an officer can become a record that follows a kid for years.",
            "A school is supposed to be a place to learn, not a place to be watched.",
            "Students told the board last spring that officers on campus make them feel like suspects.",
            "The money would do far more good almost anywhere else in the budget.",
            "Normal teenage behavior should not be treated as a crime.",
            "Other districts in our region ended their contracts and did not see more incidents.",
            "My son was questioned by an officer and nobody called us until afterwards.",
        ],
        blunt: &[
            "No cops in schools.",
            "Just end the contract.",
            "Police out of schools!",
            "No SROs. Period.",
        ],
        closers: &[
            "Please vote no.",
            "Please listen to the students.",
            "We can do better than this.",
        ],
        spanish: &[
            "No queremos policías en nuestras escuelas.",
            "No apoyo el programa de oficiales en las escuelas.",
        ],
        spanish_details: &[
            "Nuestros hijos se sienten vigilados, no protegidos.",
            "Los estudiantes de color son arrestados con más frecuencia.",
        ],
    },
    // No SROs, more counselors, social workers and support
    Theme {
        weight: 0.15,
        stance: -0.8,
        cores: &[
            "Use the SRO money to hire more counselors and social workers.",
            "Every school needs a full-time counselor before it needs a police officer.",
            "Replace the SRO positions with mental health professionals and family liaisons.",
            "Hire more school psychologists instead of renewing this contract.",
            "Put the money toward social workers who can actually help kids in crisis.",
            "Our counselors have caseloads of over 400 students; fix that first.",
            "Invest in trained intervention specialists rather than officers.",
            "Fund restorative justice coordinators in place of SROs.",
            "A trusted adult who knows the students would prevent more problems than an officer.",
            "Our middle schools need counselors far more than they need police.",
        ],
        details: &[
            "One officer's salary and benefits could pay for more than one counselor.",
            "Counselors can get at the reasons behind a fight instead of just responding to it.",
            "Kids open up to counselors; very few will open up to someone with a badge and a gun.",
            "When my daughter struggled last year, it took weeks to see the only counselor at her school.",
            "Prevention is cheaper and kinder than punishment.",
            "Students in crisis need care, not handcuffs.",
            "Social workers can connect families to housing, food and health services.",
            "The need for support has only grown since the pandemic.",
        ],
        blunt: &[
            "Counselors, not cops.",
            "More counselors please.",
            "Social workers instead!",
        ],
        closers: &[
            "Put students first.",
            "Thank you for asking.",
            "Please reconsider.",
        ],
        spanish: &[
            "Usen ese dinero para contratar más consejeros y trabajadores sociales.",
            "Cada escuela necesita un consejero de tiempo completo.",
        ],
        spanish_details: &[
            "Los niños necesitan apoyo, no castigo.",
            "Los consejeros conocen a nuestros hijos.",
        ],
    },
    // Parent engagement in school
    Theme {
        weight: 0.09,
        stance: 0.0,
        cores: &[
            "Parents should be notified right away whenever an officer talks with their child.",
            "Please hold community meetings in the evening so working parents can attend.",
            "Include parents on the committee that reviews this agreement every year.",
            "Share the agreement and the data with families in more languages.",
            "Parents need a clear way to raise concerns about an officer's conduct.",
            "Create a family advisory group for school safety.",
            "Families should have a real say in how SROs are placed and evaluated.",
            "Send regular updates to parents on what SROs actually do in each school.",
            "Invite parents to meet the officer assigned to their child's school.",
            "The district should explain this contract in plain language for families.",
        ],
        details: &[
            "Many of us only learned about this draft a few days before the exchange.",
            "Not every family reads English or checks email.",
            "We want to partner with the school, not hear about decisions afterwards.",
            "A survey once a year is not the same as a conversation.",
            "Interpreters at meetings would bring many more families into this.",
            "Trust grows when parents can see what happens and ask questions.",
            "Parents of students with IEPs especially need to be part of this.",
            "Meetings during the workday leave out the families most affected.",
        ],
        blunt: &[
            "Tell parents more.",
            "Ask the parents!",
            "Keep families informed.",
        ],
        closers: &[
            "Thank you for asking.",
            "We want to help.",
            "Please keep us informed.",
        ],
        spanish: &[
            "Por favor, compartan la información con las familias en español.",
            "Los padres debemos saber cuando un oficial habla con nuestros hijos.",
        ],
        spanish_details: &[
            "Muchas familias no leen inglés.",
            "Las reuniones deben ser en la tarde para los padres que trabajan.",
        ],
    },
    // Fund additional mental health supports
    Theme {
        weight: 0.12,
        stance: -0.2,
        cores: &[
            "Fund more mental health support in every school.",
            "Students need access to therapists at school, not just referrals.",
            "Add quiet spaces where students can reset when they are overwhelmed.",
            "Partner with local clinics to offer counseling on campus.",
            "Train all staff to recognize anxiety, depression and suicide risk.",
            "Expand suicide prevention and crisis response programs.",
            "Make sure every student knows how to reach help at any hour.",
            "Mental health should be treated as seriously as physical safety.",
            "Put a licensed mental health professional in each building.",
            "Offer support groups for students dealing with grief and stress.",
        ],
        details: &[
            "So many students came back from remote learning struggling.",
            "A crisis is a health emergency, and it needs a health response.",
            "Waiting lists for outside therapists are months long.",
            "Teachers are not trained to be counselors, and they should not have to be.",
            "Early support keeps small problems from becoming emergencies.",
            "Students keep telling us that stress and anxiety are their biggest safety concern.",
            "Families without insurance have nowhere else to turn.",
        ],
        blunt: &[
            "More mental health help please.",
            "Mental health first.",
            "Kids need therapists.",
        ],
        closers: &[
            "Thank you.",
            "This matters more than anything else in the contract.",
            "Please make this a priority.",
        ],
        spanish: &["Necesitamos más apoyo de salud mental para los estudiantes."],
        spanish_details: &[
            "Después de la pandemia, muchos jóvenes sufren de ansiedad.",
            "No todas las familias pueden pagar un terapeuta.",
        ],
    },
    // School discipline needs to change, including SROs
    Theme {
        weight: 0.11,
        stance: -0.45,
        cores: &[
            "SROs should never be involved in routine school discipline.",
            "The agreement should say clearly that officers do not enforce school rules.",
            "Discipline should stay with educators, and officers should only respond to real crimes.",
            "Move away from suspensions and toward restorative practices.",
            "Stop arresting students for vaping, scuffles and talking back.",
            "Publish discipline and arrest data broken down by race, disability and school.",
            "Students should not be ticketed for behavior at school that calls for support.",
            "Define exactly when staff may call an officer, and when they may not.",
            "Discipline policies need to be applied the same way for every student.",
            "Officers should not question students without a parent or advocate present.",
        ],
        details: &[
            "Right now the line between a school matter and a police matter is not clear.",
            "Past data shows students of color are disciplined more harshly for the same behavior.",
            "A referral to police can change a teenager's life over a single bad day.",
            "Restorative circles have worked at other schools in our region.",
            "Clear rules protect students and officers alike.",
            "Teachers need training and support so they are not calling an officer out of frustration.",
            "State law already expects the district to keep officers out of school discipline.",
        ],
        blunt: &[
            "Stop arresting kids.",
            "Discipline is not a police job.",
            "Restorative justice now.",
        ],
        closers: &[
            "Write it into the contract.",
            "Please fix this before the board votes.",
            "Thank you.",
        ],
        spanish: &["La disciplina debe quedar en manos de los maestros, no de la policía."],
        spanish_details: &["Un error de un adolescente no debe terminar en un arresto."],
    },
    // Support SROs with ongoing training
    Theme {
        weight: 0.16,
        stance: 1.0,
        cores: &[
            "I support keeping SROs in our schools.",
            "Our SRO knows the students by name and has helped many of them.",
            "Keep the SRO program and require ongoing training every year.",
            "SROs keep our schools safe and can respond fast in an emergency.",
            "Please do not remove the officers; train them better instead.",
            "Having an officer on site gives me peace of mind.",
            "Keep SROs, with de-escalation and implicit bias training.",
            "The SRO at our high school is a positive role model.",
            "Our officers should be trained in adolescent development and working with students with disabilities.",
            "I want SROs to stay, with clear expectations and yearly evaluations.",
        ],
        details: &[
            "In an emergency minutes matter, and the nearest patrol car can be far away.",
            "Officers who know the building respond more calmly than strangers would.",
            "A good SRO prevents trouble by building relationships.",
            "Crisis intervention and de-escalation training should come before anyone is placed.",
            "Staff have told me they feel safer knowing someone is there.",
            "The state already requires the training; the district should check that it is done.",
            "Without an SRO, every call brings officers who have never been in the building.",
            "There have been threats at nearby schools this year.",
        ],
        blunt: &[
            "Keep our SROs!",
            "Support our officers.",
            "Keep the SROs, they help.",
        ],
        closers: &[
            "Thank you to our officers.",
            "Safety comes first.",
            "Please keep this program.",
        ],
        spanish: &[
            "Apoyo a los oficiales, pero con más capacitación.",
            "El oficial de nuestra escuela conoce a los estudiantes y les ayuda.",
        ],
        spanish_details: &["En una emergencia, cada minuto cuenta."],
    },
    // Fund academic and student supports
    Theme {
        weight: 0.08,
        stance: 0.0,
        cores: &[
            "Spend the money on tutoring, smaller classes and after-school programs.",
            "Fund more para-educators and support staff in classrooms.",
            "Invest in clubs, sports and activities that keep students connected.",
            "Our libraries need more staff and longer hours.",
            "Add mentoring programs that pair students with adults from the community.",
            "Expand support for English learners and students with IEPs.",
            "Bring back the activity buses so every student can stay for programs.",
            "Students need more help catching up academically after the pandemic.",
            "Pay for more family liaisons and attendance specialists.",
            "Keep class sizes small enough that teachers know every student.",
        ],
        details: &[
            "Students who feel connected to school are less likely to get in trouble.",
            "Engaged students are safer students.",
            "Many students lost a year of learning and need real help to catch up.",
            "After-school programs keep kids busy and supervised.",
            "Every dollar should go where it helps students learn.",
            "Support staff notice problems long before they turn into emergencies.",
        ],
        blunt: &["More tutoring.", "Fund the classrooms.", "Smaller classes!"],
        closers: &["Thank you.", "Invest in students.", "That is real safety."],
        spanish: &["Inviertan en tutorías y programas después de clases."],
        spanish_details: &["Los estudiantes ocupados y apoyados están más seguros."],
    },
    // Contract feedback and questions
    Theme {
        weight: 0.13,
        stance: 0.1,
        cores: &[
            "How much does this contract cost the district each year?",
            "Who evaluates the SROs, and will the evaluations be public?",
            "What data will the police department share with the district?",
            "How are SROs selected, and does the district have a say in who is placed?",
            "Will SROs wear body cameras on campus?",
            "Can an SRO question a student without a parent present?",
            "What happens when a student or parent files a complaint about an SRO?",
            "The agreement should state exactly what SROs may and may not do.",
            "The draft is vague about when officers may search students.",
            "Does the contract require the training to be completed before an officer is placed?",
            "How will the district know whether the program is working?",
            "Will officers carry firearms and tasers inside school buildings?",
            "Who pays for the officers during the summer months?",
            "Can the district end the agreement early if there are problems?",
        ],
        details: &[
            "The draft does not say.",
            "This should be answered before the board votes.",
            "Families deserve to see this in writing.",
            "Please post the answer on the SRO information page.",
            "I could not find it anywhere in the draft.",
            "Other districts publish these numbers every year.",
            "Clear answers would help the community trust the process.",
            "Please add a yearly public report to the agreement.",
        ],
        blunt: &[
            "What does this cost?",
            "Who decides?",
            "Why is this being renewed?",
        ],
        closers: &[
            "Thank you for answering.",
            "Looking forward to the answers.",
            "Thanks.",
        ],
        spanish: &[
            "¿Cuánto cuesta este contrato al distrito?",
            "¿Quién evalúa a los oficiales y cómo se presenta una queja?",
        ],
        spanish_details: &["Las familias merecen respuestas claras."],
    },
];

/// Openers a participant of a group may start with (a group's own, then anyone's).
fn openers(group: Option<Group>) -> &'static [&'static str] {
    match group {
        Some(Group::Student) => &[
            "I'm a student. ",
            "Junior at the high school here. ",
            "Speaking for a lot of students: ",
        ],
        Some(Group::Parent) => &[
            "I'm a parent. ",
            "Parent of two here. ",
            "My son has an IEP. ",
            "Mom of a middle schooler here. ",
            "Dad of three. ",
            "As a parent: ",
        ],
        Some(Group::Teacher) => &[
            "I teach at the middle school. ",
            "Teacher here. ",
            "After fifteen years of teaching: ",
        ],
        Some(Group::Administrator) => &[
            "I'm a building administrator. ",
            "From the principal's office: ",
        ],
        Some(Group::Staff) => &[
            "I work in the front office. ",
            "I'm a para-educator. ",
            "From the counseling office: ",
        ],
        Some(Group::BoardMember) => &["Speaking for myself, not the board: "],
        Some(Group::Community) => &[
            "I live near the high school. ",
            "Longtime resident here. ",
            "No kids in school, but I pay for them: ",
        ],
        Some(Group::NonDistrictCommunity) => &[
            "I live outside the district but work with youth here. ",
            "I'm a youth advocate in the area. ",
        ],
        None => &[],
    }
}

const ANYONE_OPENERS: &[&str] = &[
    "Honestly, ",
    "To be clear, ",
    "Simply put, ",
    "I read the whole draft. ",
    "One more thing: ",
];
const SPANISH_OPENERS: &[&str] = &["Gracias por preguntar. ", "Leí el borrador. "];
const SPANISH_PARENT_OPENERS: &[&str] = &[
    "Soy madre de familia. ",
    "Soy padre de dos estudiantes. ",
    "Como madre, ",
];

// The simulation's group leanings, so that the demo and `accord simulate` tell one story: per-theme
// interests (in [`THEMES`] order, last row no group), each group's view of SROs from -1 (remove them)
// to +1 (keep them), and how strongly that view moves stars and the choice of what to write about.
use accord_domain::simulation::{AFFINITY, VIEW_WEIGHT as STANCE_WEIGHT, VIEWS as STANCE};

fn group_row(group: Option<Group>) -> usize {
    group.map_or(8, |g| g as usize)
}

/// A standard normal draw (Box-Muller), to keep to the dependencies the binary already has.
fn normal(rng: &mut StdRng) -> f64 {
    let u1: f64 = 1.0 - rng.random::<f64>();
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

fn pick<'a>(rng: &mut StdRng, items: &[&'a str]) -> &'a str {
    items[rng.random_range(0..items.len())]
}

struct Person {
    group: Option<Group>,
    stance: f64,
    /// Some people star generously, some sparingly.
    generosity: f64,
    joined: i64,
}

struct Written {
    author: usize,
    theme: usize,
    quality: f64,
    body: String,
    at: i64,
}

/// Lower-cases the first letter of `text` to follow an opener, unless it starts a name or "I".
fn continue_sentence(opener: &str, text: &str) -> String {
    let first_word = text
        .trim_start_matches('¿')
        .split_whitespace()
        .next()
        .unwrap_or_default();
    let keep = opener.ends_with(": ")
        || opener.ends_with(". ")
        || first_word == "I"
        || first_word.starts_with("I'")
        || first_word.chars().nth(1).is_some_and(char::is_uppercase)
        || matches!(first_word, "Black" | "SRO" | "SROs");
    let mut out = String::with_capacity(opener.len() + text.len());
    out.push_str(opener);
    let mut lowered = false;
    for c in text.chars() {
        if !keep && !lowered && c.is_alphabetic() {
            out.extend(c.to_lowercase());
            lowered = true;
        } else {
            out.push(c);
        }
    }
    out
}

/// One thought on `theme` by `author`, and its hidden quality: specific reasons make it better,
/// a blunt line or a careless style worse, and the rest is the luck of the wording.
fn compose(rng: &mut StdRng, theme: usize, author: &Person) -> (String, f64) {
    let t = &THEMES[theme];
    let spanish_share = if author.group == Some(Group::Parent) {
        0.06
    } else {
        0.02
    };
    let mut quality = 0.35 * normal(rng);
    let mut body = if rng.random_bool(spanish_share) {
        let core = pick(rng, t.spanish);
        let openers = if author.group == Some(Group::Parent) {
            SPANISH_PARENT_OPENERS
        } else {
            SPANISH_OPENERS
        };
        let mut body = if rng.random_bool(0.3) {
            continue_sentence(pick(rng, openers), core)
        } else {
            core.to_owned()
        };
        if rng.random_bool(0.6) {
            body.push(' ');
            body.push_str(pick(rng, t.spanish_details));
            quality += 0.3;
        }
        body
    } else if rng.random_bool(0.1) {
        quality -= 0.7;
        pick(rng, t.blunt).to_owned()
    } else {
        let core_index = rng.random_range(0..t.cores.len());
        // Some points simply land better than others, whoever makes them.
        quality += ((theme * 7 + core_index * 13) % 9) as f64 / 9.0 - 0.45;
        let core = t.cores[core_index];
        let own = openers(author.group);
        let mut body = match rng.random_range(0..10) {
            0..=2 if !own.is_empty() => continue_sentence(pick(rng, own), core),
            3 => continue_sentence(pick(rng, ANYONE_OPENERS), core),
            _ => core.to_owned(),
        };
        let details = match rng.random_range(0..10) {
            0..=2 => 0,
            3..=7 => 1,
            _ => 2,
        };
        let first = rng.random_range(0..t.details.len());
        for k in 0..details {
            body.push(' ');
            body.push_str(t.details[(first + k * (1 + first % 3)) % t.details.len()]);
            quality += if k == 0 { 0.35 } else { 0.15 };
        }
        if rng.random_bool(0.3) {
            body.push(' ');
            body.push_str(pick(rng, t.closers));
        }
        body
    };
    let careless = if author.group == Some(Group::Student) {
        0.12
    } else {
        0.04
    };
    if rng.random_bool(careless) {
        body = body.to_lowercase();
        quality -= 0.15;
    } else if t.stance.abs() > 0.5 && rng.random_bool(0.05) && body.ends_with('.') {
        body.pop();
        body.push('!');
    }
    (body, quality)
}

/// Participants, sorted by when they joined: most in the first days after the announcement, a
/// second wave after the reminder halfway through.
fn people(scale: &Scale, rng: &mut StdRng) -> Vec<Person> {
    let mut groups: Vec<Option<Group>> = Vec::with_capacity(scale.participants);
    for (group, size) in Group::ALL.into_iter().zip(scale.group_sizes()) {
        groups.extend(std::iter::repeat_n(Some(group), size));
    }
    groups.resize(scale.participants, None);
    groups.shuffle(rng);
    let mut people: Vec<Person> = groups
        .into_iter()
        .map(|group| {
            let (mean, spread) = STANCE[group_row(group)];
            let wave = if rng.random_bool(0.7) {
                (0, 2.5)
            } else {
                (10 * DAY, 2.0)
            };
            let joined = wave.0 + (-(1.0 - rng.random::<f64>()).ln() * wave.1 * DAY as f64) as i64;
            Person {
                group,
                stance: (mean + spread * normal(rng)).clamp(-1.0, 1.0),
                generosity: 0.45 * normal(rng),
                joined: joined.min(DURATION - 6 * HOUR),
            }
        })
        .collect();
    people.sort_by_key(|p| p.joined);
    people
}

/// `count` thoughts, sorted by time, from three writers for every five thoughts: most write one, a
/// few several. Authors lean toward the themes that match their view and their group's interests.
fn thoughts(count: usize, people: &[Person], rng: &mut StdRng) -> Vec<Written> {
    if people.is_empty() || count == 0 {
        return Vec::new();
    }
    let writers = (count * 3 / 5).clamp(1, people.len());
    let mut authors: Vec<usize> = rand::seq::index::sample(rng, people.len(), writers).into_vec();
    while authors.len() < count {
        // Half the extra thoughts go to writers in proportion to what they already wrote, so a few
        // write many.
        let author = if rng.random_bool(0.5) {
            authors[rng.random_range(0..authors.len())]
        } else {
            authors[rng.random_range(0..writers)]
        };
        authors.push(author);
    }
    let mut last_written = vec![None::<i64>; people.len()];
    let mut seen = HashSet::with_capacity(count);
    let mut written: Vec<Written> = authors
        .into_iter()
        .map(|author| {
            let person = &people[author];
            let at = match last_written[author] {
                None => person.joined + rng.random_range(2 * MINUTE..15 * MINUTE),
                Some(previous) => previous + rng.random_range(10 * MINUTE..3 * DAY),
            }
            .min(DURATION - 2 * HOUR)
            .max(person.joined + MINUTE);
            last_written[author] = Some(at);
            let row = group_row(person.group);
            let weights: Vec<f64> = THEMES
                .iter()
                .zip(AFFINITY[row])
                .map(|(theme, affinity)| {
                    theme.weight
                        * (STANCE_WEIGHT * theme.stance * person.stance + 2.0 * affinity).exp()
                })
                .collect();
            let mut roll = rng.random::<f64>() * weights.iter().sum::<f64>();
            let theme = weights.iter().position(|w| {
                roll -= w;
                roll < 0.0
            });
            let theme = theme.unwrap_or(THEMES.len() - 1);
            // Different people rarely write the very same words: compose again on a repeat.
            let (mut body, mut quality) = compose(rng, theme, person);
            for _ in 0..12 {
                if seen.insert(body.clone()) {
                    break;
                }
                (body, quality) = compose(rng, theme, person);
            }
            Written {
                author,
                theme,
                quality,
                body,
                at,
            }
        })
        .collect();
    written.sort_by_key(|w| w.at);
    written
}

/// How many stars `person` gives a thought: its quality, their view and interests, their
/// generosity, and the noise of the moment.
fn star_rating(rng: &mut StdRng, person: &Person, thought: &Written) -> u8 {
    let theme = &THEMES[thought.theme];
    let lean = STANCE_WEIGHT * theme.stance * person.stance
        + AFFINITY[group_row(person.group)][thought.theme];
    let x = 3.05 + thought.quality + lean + person.generosity + 0.75 * normal(rng);
    x.round().clamp(1.0, 5.0) as u8
}

/// How many thoughts each person stars, adding up to `target` exactly (or to everything there is
/// to rate, if less): some none, most a typical share (20 to 40 at the seed's scale), a few many more.
fn quotas(
    target: usize,
    people: &[Person],
    own: &[usize],
    thoughts: usize,
    rng: &mut StdRng,
) -> Vec<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum Kind {
        None,
        Typical,
        Heavy,
    }
    let mean = target as f64 / people.len().max(1) as f64;
    let low = ((0.7 * mean).round() as usize).max(1);
    let high = ((1.4 * mean).round() as usize).max(low);
    let heavy_low = ((1.5 * mean).round() as usize).max(high + 1);
    let heavy_high = ((6.0 * mean).round() as usize).max(heavy_low);
    let most: Vec<usize> = own.iter().map(|&o| thoughts - o).collect();
    let mut kinds = Vec::with_capacity(people.len());
    let mut quotas: Vec<usize> = most
        .iter()
        .map(|&most| {
            let (kind, quota) = match rng.random::<f64>() {
                x if x < 0.15 => (Kind::None, 0),
                x if x < 0.96 => (Kind::Typical, rng.random_range(low..=high)),
                _ => (Kind::Heavy, rng.random_range(heavy_low..=heavy_high)),
            };
            kinds.push(kind);
            quota.min(most)
        })
        .collect();
    let target = target.min(most.iter().sum());
    let mut sum: usize = quotas.iter().sum();
    // Settle the difference on the heavy raters first, then the typical within their range, then
    // anyone as far as they can go.
    let passes: [(Kind, usize, usize); 5] = [
        (Kind::Heavy, heavy_low, usize::MAX),
        (Kind::Typical, low, high),
        (Kind::Heavy, 1, usize::MAX),
        (Kind::Typical, 1, usize::MAX),
        (Kind::None, 0, usize::MAX),
    ];
    for (kind, floor, ceiling) in passes {
        let mut members: Vec<usize> = (0..people.len()).filter(|&i| kinds[i] == kind).collect();
        while sum != target && !members.is_empty() {
            let slot = rng.random_range(0..members.len());
            let i = members[slot];
            if sum < target && quotas[i] < ceiling.min(most[i]) {
                quotas[i] += 1;
                sum += 1;
            } else if sum > target && quotas[i] > floor {
                quotas[i] -= 1;
                sum -= 1;
            } else {
                members.swap_remove(slot);
            }
        }
    }
    quotas
}

/// The star ratings and skips, simulated in time order: each rater comes in one or more sittings, is
/// offered the least-seen of the thoughts that exist by then (not their own, not seen before), and
/// now and then skips one.
fn ratings(
    target: usize,
    people: &[Person],
    written: &[Written],
    rng: &mut StdRng,
) -> Vec<BulkRating> {
    let mut own: Vec<Vec<usize>> = vec![Vec::new(); people.len()];
    for (i, w) in written.iter().enumerate() {
        own[w.author].push(i);
    }
    let own_counts: Vec<usize> = own.iter().map(Vec::len).collect();
    let quota = quotas(target, people, &own_counts, written.len(), rng);
    let times: Vec<i64> = written.iter().map(|w| w.at).collect();

    // Each rater's sittings: how many stars in each, and when they meant to come.
    let typical_most = (1.4 * target as f64 / people.len().max(1) as f64).round() as usize;
    let sittings: Vec<Vec<(usize, i64)>> = people
        .iter()
        .enumerate()
        .map(|(i, person)| {
            if quota[i] == 0 {
                return Vec::new();
            }
            let count = if quota[i] > typical_most {
                rng.random_range(2..=5)
            } else if rng.random_bool(0.2) {
                2
            } else {
                1
            };
            let count = count.min(quota[i]);
            let first = own[i].first().map_or(person.joined, |&t| times[t])
                + rng.random_range(MINUTE..10 * MINUTE);
            let mut at = first;
            (0..count)
                .map(|k| {
                    if k > 0 {
                        at = (at + rng.random_range(8 * HOUR..5 * DAY))
                            .min(DURATION - 3 * HOUR)
                            .max(at);
                    }
                    (quota[i] / count + usize::from(k < quota[i] % count), at)
                })
                .collect()
        })
        .collect();

    // Least-seen first, as accord offers thoughts: the thoughts that exist so far by views, random
    // among equals.
    let mut views = vec![0_u32; written.len()];
    let mut tie_breaks = vec![0_u32; written.len()];
    let mut least_seen: BTreeSet<(u32, u32, usize)> = BTreeSet::new();
    let mut arrived = 0;
    // Which sitting last marked a thought as not to be offered (one's own or already seen).
    let mut marked = vec![0_usize; written.len()];
    let mut sittings_run = 0;
    let mut seen: Vec<Vec<usize>> = vec![Vec::new(); people.len()];
    let mut left: Vec<usize> = quota.clone();
    let mut queue: BinaryHeap<Reverse<(i64, usize, usize)>> = sittings
        .iter()
        .enumerate()
        .filter_map(|(i, s)| s.first().map(|&(_, at)| Reverse((at, i, 0))))
        .collect();
    let mut out = Vec::with_capacity(target + target / 20);
    while let Some(Reverse((start, person, sitting))) = queue.pop() {
        let want = sittings[person][sitting].0;
        // Come back once enough thoughts exist (counting one's own, to be safe).
        let needed = (seen[person].len() + want + own_counts[person]).min(written.len());
        if let Some(&last_needed) = times.get(needed.saturating_sub(1))
            && start <= last_needed
        {
            queue.push(Reverse((
                last_needed + rng.random_range(MINUTE..2 * HOUR),
                person,
                sitting,
            )));
            continue;
        }
        sittings_run += 1;
        for &t in own[person].iter().chain(&seen[person]) {
            marked[t] = sittings_run;
        }
        let mut at = start;
        let mut to_star = want;
        while to_star > 0 {
            at += rng.random_range(8..75);
            let available = times.partition_point(|&t| t < at);
            while arrived < available {
                tie_breaks[arrived] = rng.random();
                least_seen.insert((0, tie_breaks[arrived], arrived));
                arrived += 1;
            }
            // Sittings overlap a little, so a thought may have arrived for others but not yet here.
            let Some(&(_, _, thought)) = least_seen
                .iter()
                .find(|&&(_, _, t)| t < available && marked[t] != sittings_run)
            else {
                break;
            };
            let mine = own[person].iter().filter(|&&t| t < available).count();
            // A skip may not use up a thought this rater still needs for their stars.
            let spare_now = available - mine - seen[person].len() > to_star;
            let spare_overall =
                written.len() - own_counts[person] - seen[person].len() > left[person];
            let skip_chance = if written[thought].quality < -0.5 {
                0.1
            } else {
                0.035
            };
            let stars = if spare_now && spare_overall && rng.random_bool(skip_chance) {
                None
            } else {
                to_star -= 1;
                left[person] -= 1;
                Some(star_rating(rng, &people[person], &written[thought]))
            };
            least_seen.remove(&(views[thought], tie_breaks[thought], thought));
            views[thought] += 1;
            tie_breaks[thought] = rng.random();
            least_seen.insert((views[thought], tie_breaks[thought], thought));
            marked[thought] = sittings_run;
            seen[person].push(thought);
            out.push(BulkRating {
                participant: person,
                thought,
                stars,
                created_at: at,
            });
        }
        if let Some(&(_, planned)) = sittings[person].get(sitting + 1) {
            queue.push(Reverse((
                planned.max(at + 30 * MINUTE),
                person,
                sitting + 1,
            )));
        }
    }
    out.sort_by_key(|r| r.created_at);
    out
}

/// A believable exchange of `scale`, the same for the same `seed`, starting at `start` (Unix
/// seconds) and running about three weeks.
pub fn generate(scale: &Scale, seed: u64, start: i64) -> Activity {
    let mut rng = StdRng::seed_from_u64(seed);
    let people = people(scale, &mut rng);
    let written = thoughts(scale.thoughts, &people, &mut rng);
    let ratings = ratings(scale.ratings, &people, &written, &mut rng);
    Activity {
        participants: people
            .iter()
            .map(|p| BulkParticipant {
                // Nobody signs in as a simulated participant: a random hash no token matches.
                token_hash: (0..4)
                    .map(|_| format!("{:016x}", rng.random::<u64>()))
                    .collect(),
                group: p.group,
                created_at: start + p.joined,
            })
            .collect(),
        thoughts: written
            .into_iter()
            .map(|w| BulkThought {
                author: w.author,
                body: w.body,
                created_at: start + w.at,
            })
            .collect(),
        ratings: ratings
            .into_iter()
            .map(|r| BulkRating {
                created_at: start + r.created_at,
                ..r
            })
            .collect(),
    }
}

/// What the demo created.
#[derive(Debug, Clone)]
pub struct Demo {
    pub district: District,
    pub published: Exchange,
    pub open: Exchange,
    /// The tracking code of one of the demo's answered complaints.
    pub tracking_code: String,
}

const DISTRICT_SLUG: &str = "cedar-valley";
const DISTRICT_NAME: &str = "Cedar Valley School District";

pub(crate) const SCHOOLS: [&str; 12] = [
    "Cedar Valley High School",
    "Riverside High School",
    "Cedar Valley Online Academy",
    "Maple Ridge Middle School",
    "Fox Hollow Middle School",
    "Mill Creek Middle School",
    "Alder Grove Elementary",
    "Birch Hill Elementary",
    "Lakeview Elementary",
    "Pioneer Elementary",
    "Sunrise Elementary",
    "Willow Springs Elementary",
];

struct DemoExchange {
    title: &'static str,
    question: &'static str,
    context: &'static str,
    seed: u64,
    /// When its activity began, in days before now.
    days_ago: i64,
    state: ExchangeState,
}

const PUBLISHED: DemoExchange = DemoExchange {
    title: "Questions and concerns about the draft School Resource Officer agreement for the coming school year",
    question: "What are your questions or concerns about the draft School Resource Officer agreement?",
    context: "The district has posted the draft agreement with the Cedar Valley Police Department for \
              School Resource Officers (SROs) for the coming school year. An SRO is a commissioned \
              police officer assigned by the police department to work in schools. State law does not \
              require SROs, but a district that has them must review and adopt its agreement every year \
              through a process that involves parents, students and community members. The agreement \
              must set out a jointly determined hiring, placement and evaluation process, confirm that \
              the officers have completed the required training (or a plan to complete it), and be \
              submitted to the state and made public. Read the draft on the district's School Resource \
              Officer page, then share your questions and concerns and star the thoughts of others. \
              Staff will answer the top questions and hold community meetings before the board votes.",
    seed: 2021,
    days_ago: 45,
    state: ExchangeState::Published,
};

const OPEN: DemoExchange = DemoExchange {
    title: "How should our schools stay safe and welcoming next year?",
    question: "How should our schools stay safe and welcoming next year?",
    context: "Safety is more than locked doors: it is students who feel they belong and adults they \
              trust. The district is planning next year's safety work, from counselors and mental health \
              support to the School Resource Officer program. Share what would make your school safe and \
              welcoming, and star the ideas of others. Your answers are anonymous.",
    seed: 2022,
    days_ago: 22,
    state: ExchangeState::Open,
};

/// A few people, enough to show results, few enough that a newcomer's stars move them.
const OPEN_SCALE: Scale = Scale {
    participants: 25,
    no_group: 3,
    thoughts: 40,
    ratings: 300,
};

/// Creates the demo district, its schools and its two exchanges, or returns them if they exist: a
/// second run adds nothing, and a run cut short is completed.
pub async fn seed(store: &Store, progress: &ProgressBar) -> anyhow::Result<Demo> {
    seed_scaled(store, progress, 1).await
}

/// [`seed`] with the published exchange `k` times the seed exchange's size, for load tests (30 gives
/// about a million ratings). A demo that exists already is returned as it is, whatever its size.
pub async fn seed_scaled(store: &Store, progress: &ProgressBar, k: usize) -> anyhow::Result<Demo> {
    progress.set_message("district and schools");
    progress.set_length(SCHOOLS.len() as u64);
    progress.set_position(0);
    let district = store.ensure_district(DISTRICT_SLUG, DISTRICT_NAME).await?;
    let existing: HashSet<String> = store
        .schools(district.id)
        .await?
        .into_iter()
        .map(|s| s.name)
        .collect();
    for (i, name) in SCHOOLS.iter().enumerate() {
        if !existing.contains(*name) {
            store
                .add_school(district.id, name)
                .await
                .with_context(|| format!("adding {name}"))?;
        }
        progress.set_position(i as u64 + 1);
    }
    let published =
        ensure_exchange(store, &district, &PUBLISHED, &Scale::times(k), progress).await?;
    let open = ensure_exchange(store, &district, &OPEN, &OPEN_SCALE, progress).await?;
    progress.set_message("the program's staff and training");
    let today = time::OffsetDateTime::now_utc().date();
    crate::demo_program::seed(store, &district, today).await?;
    progress.set_message("listening sessions");
    crate::demo_listening::seed(store, &district, today).await?;
    progress.set_message("the agreements with the agencies");
    crate::demo_program::seed_agreements(store, &district, &[published.id, open.id], today).await?;
    progress.set_message("calls for service");
    crate::demo_calls::seed(store, &district, today).await?;
    progress.set_message("answers to the published exchange");
    crate::demo_closing::seed_answers(store, &district, &published).await?;
    progress.set_message("the board's policy");
    crate::demo_closing::seed_policy(store, &district, today).await?;
    progress.set_message("the yearly notice");
    crate::demo_closing::seed_notice(store, &district, today).await?;
    progress.set_message("complaints");
    let tracking_code = crate::demo_complaints::seed(store, &district, today).await?;
    progress.set_message("demo ready");
    Ok(Demo {
        tracking_code,
        district,
        published,
        open,
    })
}

/// The exchange titled as `demo` in `district`, created, loaded and moved to its state as needed.
async fn ensure_exchange(
    store: &Store,
    district: &District,
    demo: &DemoExchange,
    scale: &Scale,
    progress: &ProgressBar,
) -> anyhow::Result<Exchange> {
    let found = store
        .exchanges(Some(district.id), true)
        .await?
        .into_iter()
        .find(|e| e.title == demo.title);
    let mut exchange = match found {
        Some(exchange) => exchange,
        None => {
            let edit = ExchangeEdit {
                title: demo.title.into(),
                question: demo.question.into(),
                context: demo.context.into(),
                groups: Group::ALL.to_vec(),
                invitation_code: None,
                results_public: true,
            };
            store.create_exchange(district.id, None, &edit).await?
        }
    };
    // The load is one transaction: a draft either has all of its activity or none.
    if exchange.state == ExchangeState::Draft && store.summary(exchange.id).await?.participants == 0
    {
        progress.set_message(format!("simulating {} thoughts", scale.thoughts));
        progress.set_length(0);
        let activity = generate(scale, demo.seed, accord_store::now() - demo.days_ago * DAY);
        progress.set_message(format!("loading {} ratings", activity.ratings.len()));
        progress.set_length(activity.rows());
        progress.set_position(0);
        store
            .load_activity(exchange.id, &activity, &|rows| progress.set_position(rows))
            .await
            .with_context(|| format!("loading the activity of {:?}", demo.title))?;
    }
    while exchange.state < demo.state {
        let transition = match exchange.state {
            ExchangeState::Draft => Transition::Open,
            ExchangeState::Open => Transition::Close,
            _ => Transition::Publish,
        };
        let from = exchange.state;
        let to = from.apply(transition)?;
        progress.set_message(format!("{} the exchange", to.key()));
        store.transition_exchange(exchange.id, from, to).await?;
        exchange = store
            .exchange(exchange.id)
            .await?
            .context("the demo exchange disappeared")?;
        if exchange.state == from {
            bail!(
                "the demo exchange {:?} would not move from {from} to {to}",
                demo.title
            );
        }
    }
    Ok(exchange)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const START: i64 = 1_623_196_800; // 9 June 2021

    fn seed_activity() -> Activity {
        generate(&Scale::SEED, 7, START)
    }

    /// The theme a body was composed on, found from its fragments.
    fn theme_of(body: &str) -> Option<usize> {
        let body = body.to_lowercase();
        THEMES.iter().position(|t| {
            t.cores
                .iter()
                .chain(t.blunt)
                .chain(t.spanish)
                .any(|fragment| {
                    let fragment = fragment.to_lowercase();
                    body.contains(fragment.trim_end_matches(['.', '!', '?']))
                })
        })
    }

    #[test]
    fn the_seed_scale_has_the_seed_counts() {
        assert_eq!(Scale::SEED.group_sizes(), SEED_GROUPS);
        let activity = seed_activity();
        assert_eq!(activity.participants.len(), 1_137);
        for (group, size) in Group::ALL.into_iter().zip(SEED_GROUPS) {
            let count = activity
                .participants
                .iter()
                .filter(|p| p.group == Some(group))
                .count();
            assert_eq!(count, size, "{group}");
        }
        assert_eq!(
            activity
                .participants
                .iter()
                .filter(|p| p.group.is_none())
                .count(),
            80
        );
        assert_eq!(activity.thoughts.len(), 1_000);
        let stars = activity
            .ratings
            .iter()
            .filter(|r| r.stars.is_some())
            .count();
        assert_eq!(stars, 32_824);
        let skips = activity.ratings.len() - stars;
        assert!(skips > 100 && skips < stars / 15, "{skips} skips");
    }

    #[test]
    fn scales_multiply_every_count() {
        let triple = Scale::times(3);
        assert_eq!(
            (
                triple.participants,
                triple.no_group,
                triple.thoughts,
                triple.ratings
            ),
            (3_411, 240, 3_000, 98_472)
        );
        assert_eq!(triple.group_sizes(), SEED_GROUPS.map(|n| 3 * n));
        let small = OPEN_SCALE.group_sizes();
        assert_eq!(small.iter().sum::<usize>(), 22, "{small:?}");
        let activity = generate(&triple, 3, START);
        assert_eq!(
            activity
                .ratings
                .iter()
                .filter(|r| r.stars.is_some())
                .count(),
            98_472
        );
        let open = generate(&OPEN_SCALE, OPEN.seed, START);
        assert_eq!(
            open.ratings.iter().filter(|r| r.stars.is_some()).count(),
            300
        );
        assert_eq!((open.participants.len(), open.thoughts.len()), (25, 40));
    }

    #[test]
    fn ratings_keep_the_exchange_rules() {
        let activity = seed_activity();
        let mut pairs = HashSet::new();
        for r in &activity.ratings {
            let thought = &activity.thoughts[r.thought];
            assert_ne!(
                thought.author, r.participant,
                "nobody rates their own thought"
            );
            assert!(
                pairs.insert((r.participant, r.thought)),
                "nobody rates a thought twice"
            );
            assert!(
                r.created_at > thought.created_at,
                "a thought is rated only once it exists"
            );
            assert!(r.created_at > activity.participants[r.participant].created_at);
            assert!(r.stars.is_none_or(|s| (1..=5).contains(&s)));
            assert!(r.created_at < START + DURATION + DAY);
        }
        for t in &activity.thoughts {
            assert!(t.created_at > activity.participants[t.author].created_at);
            assert_eq!(
                accord_domain::exchange::thought_text(&t.body).as_deref(),
                Ok(t.body.as_str())
            );
        }
        let tokens: HashSet<&str> = activity
            .participants
            .iter()
            .map(|p| p.token_hash.as_str())
            .collect();
        assert_eq!(tokens.len(), activity.participants.len());
    }

    #[test]
    fn most_raters_star_20_to_40_thoughts() {
        let activity = seed_activity();
        let mut given = vec![0_usize; activity.participants.len()];
        for r in activity.ratings.iter().filter(|r| r.stars.is_some()) {
            given[r.participant] += 1;
        }
        let raters: Vec<usize> = given.iter().copied().filter(|&n| n > 0).collect();
        let typical = raters.iter().filter(|&&n| (20..=40).contains(&n)).count();
        assert!(
            typical * 10 >= raters.len() * 8,
            "{typical} of {} raters star 20-40",
            raters.len()
        );
        assert!(
            given.iter().filter(|&&n| n == 0).count() > 50,
            "some only read or write"
        );
        assert!(
            given.iter().filter(|&&n| n > 80).count() > 10,
            "some star many more"
        );
    }

    #[test]
    fn groups_lean_differently_by_theme() {
        let activity = seed_activity();
        let themes: Vec<Option<usize>> = activity
            .thoughts
            .iter()
            .map(|t| theme_of(&t.body))
            .collect();
        let unknown = themes.iter().filter(|t| t.is_none()).count();
        assert_eq!(unknown, 0, "every thought is on one of the eight themes");
        let mut sums: HashMap<(Option<Group>, usize), (u32, u32)> = HashMap::new();
        for r in &activity.ratings {
            if let (Some(stars), Some(theme)) = (r.stars, themes[r.thought]) {
                let entry = sums
                    .entry((activity.participants[r.participant].group, theme))
                    .or_default();
                entry.0 += u32::from(stars);
                entry.1 += 1;
            }
        }
        let mean = |group, theme| {
            let (sum, count) = sums[&(Some(group), theme)];
            f64::from(sum) / f64::from(count)
        };
        let (no_police, support_sros) = (0, 5);
        let students = mean(Group::Student, no_police) - mean(Group::Student, support_sros);
        let parents = mean(Group::Parent, no_police) - mean(Group::Parent, support_sros);
        assert!(
            students > 0.5,
            "students prefer removing SROs to keeping them: {students:.2}"
        );
        assert!(
            students - parents > 0.6,
            "students {students:.2} vs parents {parents:.2}"
        );
        assert!(
            mean(Group::Parent, 2) > mean(Group::Student, 2) + 0.3,
            "parents care about parent engagement"
        );
    }

    #[test]
    fn the_same_seed_gives_the_same_exchange() {
        let scale = Scale {
            participants: 200,
            no_group: 20,
            thoughts: 150,
            ratings: 4_000,
        };
        assert_eq!(generate(&scale, 42, START), generate(&scale, 42, START));
        assert_ne!(generate(&scale, 42, START), generate(&scale, 43, START));
    }

    #[test]
    fn the_seed_exchange_has_a_believable_shape() {
        let activity = seed_activity();
        // Thoughts arrive over the three weeks, most in the first.
        let first_week = activity
            .thoughts
            .iter()
            .filter(|t| t.created_at < START + 7 * DAY)
            .count();
        let last_week = activity
            .thoughts
            .iter()
            .filter(|t| t.created_at >= START + 14 * DAY)
            .count();
        assert!(
            first_week > 500 && last_week > 20,
            "{first_week} in the first week, {last_week} in the last"
        );
        // Least-seen first: the spread stays narrow, and only the last arrivals get few stars.
        let mut stars_per_thought = vec![0_usize; activity.thoughts.len()];
        for r in activity.ratings.iter().filter(|r| r.stars.is_some()) {
            stars_per_thought[r.thought] += 1;
        }
        let settled = activity
            .thoughts
            .iter()
            .zip(&stars_per_thought)
            .filter(|(t, _)| t.created_at < START + 18 * DAY);
        let least_settled = settled.map(|(_, &n)| n).min();
        let mut sorted = stars_per_thought.clone();
        sorted.sort_unstable();
        let (median, most) = (sorted[500], sorted[999]);
        assert!(
            least_settled >= Some(15),
            "{least_settled:?} stars for a thought in the first 18 days"
        );
        assert!(
            (25..=40).contains(&median) && most < 80,
            "median {median}, most {most}"
        );
        // Thoughts read differently: few repeats, a few in Spanish, all within the limit.
        let bodies: HashSet<&str> = activity.thoughts.iter().map(|t| t.body.as_str()).collect();
        assert!(bodies.len() >= 990, "{} distinct bodies", bodies.len());
        let spanish = activity
            .thoughts
            .iter()
            .filter(|t| {
                let body = t.body.to_lowercase();
                THEMES
                    .iter()
                    .flat_map(|theme| theme.spanish)
                    .any(|s| body.contains(s.to_lowercase().trim_end_matches(['.', '!', '?'])))
            })
            .count();
        assert!((10..=80).contains(&spanish), "{spanish} in Spanish");
        // Every author is a participant; several wrote more than one.
        let mut by_author: HashMap<usize, usize> = HashMap::new();
        for t in &activity.thoughts {
            *by_author.entry(t.author).or_default() += 1;
        }
        assert!(
            by_author.len() > 500 && by_author.values().any(|&n| n >= 4),
            "{} authors",
            by_author.len()
        );
        // The stars use the whole scale, a little above the middle on average.
        let stars: Vec<u8> = activity.ratings.iter().filter_map(|r| r.stars).collect();
        let mean = stars.iter().map(|&s| f64::from(s)).sum::<f64>() / stars.len() as f64;
        assert!((2.7..3.6).contains(&mean), "mean {mean:.2}");
        assert!((1..=5).all(|s| stars.iter().filter(|&&x| x == s).count() > stars.len() / 30));
    }

    #[test]
    fn thirty_thousand_thoughts_are_mostly_distinct() {
        let mut rng = StdRng::seed_from_u64(9);
        let scale = Scale::times(30);
        let people = people(&scale, &mut rng);
        let written = thoughts(scale.thoughts, &people, &mut rng);
        let distinct: HashSet<&str> = written.iter().map(|w| w.body.as_str()).collect();
        assert_eq!(written.len(), 30_000);
        assert!(
            distinct.len() >= 28_500,
            "{} distinct of 30,000",
            distinct.len()
        );
    }

    #[test]
    fn openers_continue_the_sentence() {
        assert_eq!(
            continue_sentence("Honestly, ", "Police do not belong."),
            "Honestly, police do not belong."
        );
        assert_eq!(
            continue_sentence("Honestly, ", "I support SROs."),
            "Honestly, I support SROs."
        );
        assert_eq!(
            continue_sentence("Simply put, ", "SROs help."),
            "Simply put, SROs help."
        );
        assert_eq!(
            continue_sentence("As a parent: ", "Fund it."),
            "As a parent: Fund it."
        );
        assert_eq!(
            continue_sentence("Dad of three. ", "Fund it."),
            "Dad of three. Fund it."
        );
        assert_eq!(
            continue_sentence("Como madre, ", "¿Cuánto cuesta?"),
            "Como madre, ¿cuánto cuesta?"
        );
    }

    #[tokio::test]
    async fn seeding_twice_returns_the_same_demo() {
        let db = accord_store::testing::TestDatabase::sqlite().await;
        let first = seed(&db.store, &ProgressBar::hidden()).await.expect("seed");
        assert_eq!(first.published.state, ExchangeState::Published);
        assert_eq!(first.open.state, ExchangeState::Open);
        let summary = db.store.summary(first.published.id).await.expect("summary");
        assert_eq!(
            (summary.participants, summary.thoughts, summary.ratings),
            (1_137, 1_000, 32_824)
        );
        assert_eq!(summary.participants_by_group.get("parent"), Some(&583));
        assert_eq!(
            db.store
                .schools(first.district.id)
                .await
                .expect("schools")
                .len(),
            12
        );

        let again = seed(&db.store, &ProgressBar::hidden())
            .await
            .expect("seed again");
        assert_eq!(
            (again.published.id, again.open.id),
            (first.published.id, first.open.id)
        );
        assert_eq!(
            db.store
                .exchanges(Some(first.district.id), true)
                .await
                .expect("list")
                .len(),
            2
        );
        let summary = db.store.summary(first.open.id).await.expect("summary");
        assert_eq!(
            (summary.participants, summary.thoughts, summary.ratings),
            (25, 40, 300)
        );
        let sessions = db
            .store
            .listening_sessions(first.district.id)
            .await
            .expect("sessions");
        assert_eq!(sessions.len(), 4, "listening sessions are seeded once");
        let now = accord_store::now();
        let held: Vec<_> = sessions.iter().filter(|s| s.ends_at <= now).collect();
        assert_eq!(held.len(), 2);
        assert!(held.iter().all(|s| s.attended > 0 && !s.summary.is_empty()));
        assert!(sessions.iter().all(|s| s.seats_taken > 0));
        // Complaints are filed once, in every status, and the code to try finds an answered one.
        assert_eq!(again.tracking_code, first.tracking_code);
        let complaints = db
            .store
            .complaints(first.district.id, Default::default())
            .await
            .expect("complaints");
        assert_eq!(complaints.len(), 30);
        for status in accord_domain::complaints::Status::ALL {
            assert!(complaints.iter().any(|c| c.status == *status), "{status:?}");
        }
        let tracked =
            accord_web::complaints::track(&db.store, first.district.id, &first.tracking_code)
                .await
                .expect("track")
                .expect("found");
        assert_eq!(tracked.responses.len(), 1);
    }
}
