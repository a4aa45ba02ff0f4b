//! Results people can explore, over HTTP on both databases: themes with their scores on the public
//! page, charts each with a table, filters by group and theme without JavaScript, the printable
//! report, and CSV and JSON exports that carry no participant identifier.

mod common;

use accord_domain::exchange::{ExchangeState, Group};
use accord_domain::roles::Role;
use accord_store::{ExchangeEdit, NewThought, RatingWrite};
use accord_web::auth::{hash_token, new_participant_token};
use common::TestApp;
use reqwest::{Client, StatusCode};
use serde_json::Value;

on_both_backends!(
    published_results_show_themes_charts_and_filters,
    exports_carry_themes_and_no_participant_identifier,
    four_stars_from_harsh_raters_outrank_four_stars_from_generous_ones,
);

const COMMENTS: [&str; 12] = [
    "We need more counselors in every school",
    "Counselors and mental health support for students",
    "Hire school counselors instead of officers",
    "More mental health counselors please",
    "Fix the broken doors and locks",
    "Every classroom door should lock from inside",
    "Repair the locks on the side doors",
    "Doors that lock and a single entrance",
    "Officers should not arrest students for small things",
    "No arrests of students by police officers at school",
    "Police officers arresting kids is wrong",
    "Limit arrests by officers in schools",
];

/// A published exchange: the comments shared by a teacher, starred by six students and six parents
/// (students love the thoughts on arrests, parents do not), closed through the API so that its themes
/// are computed. Returns the exchange id and every participant token.
async fn published_exchange(app: &TestApp) -> (i64, Vec<String>) {
    let store = &app.store;
    let exchange = store
        .create_exchange(
            app.district.id,
            None,
            &ExchangeEdit {
                title: "Safety next year".into(),
                question: "What would make school safer?".into(),
                context: String::new(),
                groups: Group::ALL.to_vec(),
                invitation_code: None,
                results_public: true,
            },
        )
        .await
        .expect("create");
    let id = exchange.id;
    store
        .transition_exchange(id, ExchangeState::Draft, ExchangeState::Open)
        .await
        .expect("open");
    let mut tokens = Vec::new();
    let mut join = async |group: Group| {
        let token = new_participant_token();
        let participant = store
            .add_participant(id, Some(group), &hash_token(&token))
            .await
            .expect("join");
        tokens.push(token);
        participant
    };
    let author = join(Group::Teacher).await;
    let mut thoughts = Vec::new();
    for body in COMMENTS {
        let thought = store
            .add_thought(NewThought {
                exchange_id: id,
                participant_id: Some(author.id),
                body,
            })
            .await
            .expect("share");
        thoughts.push(thought.id);
    }
    for group in [Group::Student, Group::Parent] {
        for _ in 0..6 {
            let rater = join(group).await;
            for (i, &thought) in thoughts.iter().enumerate() {
                let stars = match (i / 4, group) {
                    (2, Group::Student) => 5,
                    (2, _) => 1,
                    (0, _) => 4,
                    _ => 3,
                };
                let skip = i == 7;
                store
                    .record_rating(RatingWrite {
                        participant: &rater,
                        thought_id: thought,
                        stars: (!skip).then_some(stars),
                    })
                    .await
                    .expect("rate");
            }
        }
    }
    let facilitator = app.staff_token(Role::Facilitator).await;
    let api = Client::new();
    for action in ["close", "publish"] {
        let response = api
            .post(app.url(&format!("/api/v1/exchanges/{id}/{action}")))
            .bearer_auth(&facilitator)
            .json(&serde_json::json!({}))
            .send()
            .await
            .expect(action);
        assert!(response.status().is_success(), "{action}");
    }
    (id, tokens)
}

async fn get(url: &str) -> (StatusCode, String) {
    let response = Client::new().get(url).send().await.expect("get");
    (response.status(), response.text().await.expect("body"))
}

/// Every `<svg>` chart has a title and a description, and a table with a caption follows it.
fn assert_charts_with_tables(html: &str) -> usize {
    let charts: Vec<&str> = html.split("<svg role=\"img\"").skip(1).collect();
    for chart in &charts {
        let (svg, after) = chart.split_once("</svg>").expect("closed svg");
        assert!(
            svg.contains("<title id=") && svg.contains("<desc id="),
            "{svg}"
        );
        let table = after.split("<svg").next().expect("after");
        assert!(
            table.contains("<table>") && table.contains("<caption"),
            "a table beside: {table}"
        );
        assert!(table.contains("<th scope=\"row\">"), "rows are named");
    }
    charts.len()
}

async fn published_results_show_themes_charts_and_filters(app: TestApp) {
    let (id, _) = published_exchange(&app).await;
    let themes = app.store.themes(id).await.expect("themes");
    assert!(
        themes.len() >= 2,
        "themes were computed when the exchange closed"
    );

    let (status, html) = get(&app.url(&format!("/exchanges/{id}/results"))).await;
    assert_eq!(status, StatusCode::OK, "published results are public");
    assert!(html.contains("<h2 id=\"themes-heading\">Themes</h2>"));
    for theme in &themes {
        assert!(
            html.contains(&format!("<h3>{}</h3>", theme.label)),
            "{}",
            theme.label
        );
    }
    assert!(html.contains("Most representative thoughts") && html.contains("raters"));
    assert!(
        html.contains("90% range"),
        "scores come with their interval"
    );
    assert!(
        html.contains("Ranked by adjusted score") && html.contains("how generous the rater is"),
        "the ranking rule is stated"
    );
    assert!(html.contains("12 skips"), "skips are shown");
    let charts = assert_charts_with_tables(&html);
    assert!(
        charts >= 6,
        "participation, themes, differences, top, distribution, groups: {charts}"
    );
    for title in [
        "Themes by size, with their score",
        "Top thoughts with their 90% range",
        "How many thoughts score in each band",
        "score, side by side",
        "Differences: from the group",
    ] {
        assert!(html.contains(title), "{title}");
    }

    let arrests = themes
        .iter()
        .find(|t| t.label.contains("arrest") || t.label.contains("officer"))
        .unwrap_or(&themes[0]);
    let url = app.url(&format!(
        "/exchanges/{id}/results?view=student&theme={}",
        arrests.id
    ));
    let (status, filtered) = get(&url).await;
    assert_eq!(status, StatusCode::OK);
    assert!(filtered.contains("Showing only the thoughts of the theme"));
    assert!(filtered.contains(&format!("<option value=\"{}\" selected>", arrests.id)));
    assert!(filtered.contains("<option value=\"student\" selected>"));
    assert!(
        filtered.contains("Ranked by this group") && !filtered.contains("Ranked by adjusted"),
        "a group's view says it ranks by the group's own score"
    );
    let ranked = filtered
        .split("<ol class=\"ranked\"")
        .nth(1)
        .and_then(|s| s.split("</ol>").next())
        .expect("a ranking");
    let bodies = app.store.thought_tallies(id).await.expect("thoughts");
    for thought in &bodies {
        assert_eq!(
            ranked.contains(&format!("<p class=\"thought\">{}</p>", thought.body)),
            arrests.members.contains(&thought.id),
            "only the theme's thoughts are ranked: {}",
            thought.body
        );
    }

    let (status, html) = get(&app.url(&format!("/exchanges/{id}/results?theme=999999"))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("That theme does not exist"));
    let (status, _) = get(&app.url(&format!("/exchanges/{id}/results?theme=x"))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let (status, report) = get(&app.url(&format!("/exchanges/{id}/report"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(report.contains("made for printing"));
    assert!(
        !report.contains("<form method=\"get\""),
        "no filters on paper"
    );
    assert!(report.contains("<details open>"), "every detail is printed");
    assert!(assert_charts_with_tables(&report) >= 6);
}

/// Every key of a JSON value, at any depth.
fn keys(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                out.push(key.clone());
                keys(inner, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| keys(i, out)),
        _ => {}
    }
}

async fn exports_carry_themes_and_no_participant_identifier(app: TestApp) {
    let (id, tokens) = published_exchange(&app).await;
    let themes = app.store.themes(id).await.expect("themes");

    let (status, csv) = get(&app.url(&format!("/exchanges/{id}/export.csv"))).await;
    assert_eq!(status, StatusCode::OK);
    let header = csv.lines().next().expect("header");
    assert!(header.starts_with("rank,thought_id,text,theme_number,theme_label,score"));
    assert!(
        csv.contains(&themes[0].label),
        "each thought carries its theme's label"
    );
    let rows = csv.lines().count() - 1;
    assert_eq!(rows, COMMENTS.len());

    let (status, json) = get(&app.url(&format!("/exchanges/{id}/export.json"))).await;
    assert_eq!(status, StatusCode::OK);
    let export: Value = serde_json::from_str(&json).expect("json");
    assert_eq!(export["participation"]["participants"], 13);
    assert_eq!(
        export["thoughts"].as_array().expect("thoughts").len(),
        COMMENTS.len()
    );
    assert_eq!(
        export["themes"].as_array().expect("themes").len(),
        themes.len()
    );
    let first = &export["themes"][0];
    assert_eq!(first["label"], themes[0].label.as_str());
    assert!(first["score"]["low"].as_f64() <= first["score"]["score"].as_f64());
    assert!(first["raters"].as_i64().expect("raters") > 0);
    assert!(export["thoughts"][0]["theme"].as_u64().is_some());
    assert!(export["thoughts"][0]["by_group"][0]["group"].is_string());
    assert!(export["prior_weight"].as_f64().is_some());

    // No participant identifier of any kind: no token, no token hash, no field that names one.
    let mut names = Vec::new();
    keys(&export, &mut names);
    for name in &names {
        assert!(
            !name.contains("participant_id") && !name.contains("token"),
            "{name}"
        );
    }
    assert!(!header.contains("participant") && !header.contains("token"));
    for token in &tokens {
        for body in [&csv, &json] {
            assert!(!body.contains(token.as_str()) && !body.contains(&hash_token(token)));
        }
    }

    // Before publication the public gets neither export.
    let draft = app
        .store
        .create_exchange(
            app.district.id,
            None,
            &ExchangeEdit {
                title: "Open".into(),
                question: "Q?".into(),
                context: String::new(),
                groups: vec![],
                invitation_code: None,
                results_public: true,
            },
        )
        .await
        .expect("create")
        .id;
    app.store
        .transition_exchange(draft, ExchangeState::Draft, ExchangeState::Open)
        .await
        .expect("open");
    for export in ["export.csv", "export.json", "report"] {
        let (status, _) = get(&app.url(&format!("/exchanges/{draft}/{export}"))).await;
        assert_eq!(
            status,
            StatusCode::CONFLICT,
            "{export} waits for publication"
        );
    }
}

/// Where `needle` first appears in `haystack`, for comparing places in a ranking.
fn place(haystack: &str, needle: &str) -> usize {
    haystack
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} is ranked"))
}

/// Four generous raters star the same four thoughts 5 where four harsh raters star them 2; then
/// the generous alone star one thought 4 (less than they usually give) and the harsh alone another
/// 4 (more than they usually give). Both have four ratings averaging 4, the generous raters' thought
/// shared first; everyone's ranking, the API and the exports put the harsh raters' 4 above.
async fn four_stars_from_harsh_raters_outrank_four_stars_from_generous_ones(app: TestApp) {
    const GENEROUS: &str = "Starred four by generous raters";
    const HARSH: &str = "Starred four by harsh raters";
    let store = &app.store;
    let exchange = store
        .create_exchange(
            app.district.id,
            None,
            &ExchangeEdit {
                title: "Generosity".into(),
                question: "What would make school safer?".into(),
                context: String::new(),
                groups: Group::ALL.to_vec(),
                invitation_code: None,
                results_public: true,
            },
        )
        .await
        .expect("create");
    let id = exchange.id;
    store
        .transition_exchange(id, ExchangeState::Draft, ExchangeState::Open)
        .await
        .expect("open");
    let author = store
        .add_participant(
            id,
            Some(Group::Teacher),
            &hash_token(&new_participant_token()),
        )
        .await
        .expect("author");
    let mut thoughts = Vec::new();
    for body in [GENEROUS, HARSH, "Lights", "Doors", "Counselors", "Buses"] {
        let thought = store
            .add_thought(NewThought {
                exchange_id: id,
                participant_id: Some(author.id),
                body,
            })
            .await
            .expect("share");
        thoughts.push(thought.id);
    }
    for generous in [true, false] {
        for _ in 0..4 {
            let rater = store
                .add_participant(
                    id,
                    Some(Group::Parent),
                    &hash_token(&new_participant_token()),
                )
                .await
                .expect("join");
            let usual = if generous { 5 } else { 2 };
            let own = if generous { thoughts[0] } else { thoughts[1] };
            let rated = thoughts[2..].iter().map(|&t| (t, usual)).chain([(own, 4)]);
            for (thought_id, stars) in rated {
                store
                    .record_rating(RatingWrite {
                        participant: &rater,
                        thought_id,
                        stars: Some(stars),
                    })
                    .await
                    .expect("rate");
            }
        }
    }
    store
        .transition_exchange(id, ExchangeState::Open, ExchangeState::Closed)
        .await
        .expect("close");
    store
        .transition_exchange(id, ExchangeState::Closed, ExchangeState::Published)
        .await
        .expect("publish");

    let (status, html) = get(&app.url(&format!("/exchanges/{id}/results"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        place(&html, HARSH) < place(&html, GENEROUS),
        "the results page ranks the harsh raters' 4 first"
    );
    assert!(html.contains("plain average 4.00"));

    let (status, api) = get(&app.url(&format!("/api/v1/exchanges/{id}/results"))).await;
    assert_eq!(status, StatusCode::OK);
    let api: Value = serde_json::from_str(&api).expect("json");
    let ranked = api["thoughts"].as_array().expect("thoughts");
    let rank_of = |body: &str| {
        ranked
            .iter()
            .find(|t| t["text"] == body)
            .map(|t| (t["rank"].as_u64(), t["score"].as_f64(), t["mean"].as_f64()))
            .expect("ranked")
    };
    let (harsh, generous) = (rank_of(HARSH), rank_of(GENEROUS));
    assert!(harsh.0 < generous.0, "{harsh:?} vs {generous:?}");
    assert!(
        harsh.1 > generous.1,
        "the score says why: {harsh:?} vs {generous:?}"
    );
    assert_eq!((harsh.2, generous.2), (Some(4.0), Some(4.0)));
    assert!(
        api["ranking_rule"]
            .as_str()
            .is_some_and(|r| r.contains("generosity"))
    );

    let (status, csv) = get(&app.url(&format!("/exchanges/{id}/export.csv"))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(place(&csv, HARSH) < place(&csv, GENEROUS), "{csv}");
}
