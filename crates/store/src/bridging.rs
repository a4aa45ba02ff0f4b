//! Every star rating of an exchange as `(rater, thought, stars)`, the input of the bridging score
//! (`accord_domain::bridging`), which unlike the running aggregates needs who rated what.

use crate::{Store, StoreResult};
use futures_util::TryStreamExt;
use std::collections::HashMap;

/// The star ratings of an exchange's visible thoughts with raters and thoughts numbered from 0, as
/// `accord_domain::bridging::bridging_scores` takes them. No participant identifier leaves the store:
/// raters are only counted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RatingMatrix {
    /// How many distinct raters.
    pub raters: usize,
    /// The thought ids, by their index in `ratings`.
    pub thoughts: Vec<i64>,
    /// `(rater index, thought index, stars)`.
    pub ratings: Vec<(u32, u32, f32)>,
}

/// Hands out dense indices to ids in the order they are first seen.
fn index_of(indices: &mut HashMap<i64, u32>, id: i64) -> u32 {
    let next = u32::try_from(indices.len()).unwrap_or(u32::MAX);
    *indices.entry(id).or_insert(next)
}

impl Store {
    /// Streams the exchange's star ratings (skips left out) into a [`RatingMatrix`]: one pass, with
    /// only the triples and the id maps held. Read through the participants of the exchange, so that
    /// the ratings' primary key serves the scan.
    pub async fn rating_matrix(&self, exchange_id: i64) -> StoreResult<RatingMatrix> {
        let mut raters = HashMap::new();
        let mut thoughts = HashMap::new();
        let mut thought_ids = Vec::new();
        let mut ratings = Vec::new();
        let mut rows = sqlx::query_as::<_, (i64, i64, i64)>(
            "SELECT r.participant_id, r.thought_id, r.stars FROM participants p \
             JOIN ratings r ON r.participant_id = p.id JOIN thoughts t ON t.id = r.thought_id \
             WHERE p.exchange_id = $1 AND t.status = 'visible' AND r.stars IS NOT NULL",
        )
        .bind(exchange_id)
        .fetch(&self.read);
        while let Some((participant, thought, stars)) = rows.try_next().await? {
            let rater = index_of(&mut raters, participant);
            let known = thoughts.len();
            let index = index_of(&mut thoughts, thought);
            if index as usize == known {
                thought_ids.push(thought);
            }
            // Stars are 1-5 by the table's check, exactly representable.
            ratings.push((rater, index, stars as f32));
        }
        Ok(RatingMatrix {
            raters: raters.len(),
            thoughts: thought_ids,
            ratings,
        })
    }
}
