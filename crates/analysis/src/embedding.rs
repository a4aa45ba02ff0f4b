//! Sentence embeddings with all-MiniLM-L6-v2 read from a local directory (model.safetensors,
//! tokenizer.json, config.json, as `scripts/fetch-embedding-model` installs them): a BERT encoder run
//! by candle on the CPU, then the mean of the token vectors scaled to unit length (`pooling`), as
//! sentence-transformers computes them. Nothing is ever downloaded.

use std::path::Path;

use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use tokenizers::{PaddingParams, PaddingStrategy, Tokenizer, TruncationParams};

use crate::pooling::sentence_vector;
use crate::{Stage, ThemeError};

/// Longer comments are cut here, as sentence-transformers does for this model (`max_seq_length`).
const MAX_TOKENS: usize = 256;
/// Comments encoded together; batches hold comments of similar length, so little of a batch is padding.
const BATCH: usize = 32;

/// The encoder and its tokenizer.
pub(crate) struct SentenceModel {
    model: BertModel,
    tokenizer: Tokenizer,
}

impl SentenceModel {
    pub fn load(dir: &Path) -> Result<Self, ThemeError> {
        let failed = |message: String| ThemeError::Model {
            path: dir.display().to_string(),
            message,
        };
        let read = |name: &str| {
            std::fs::read(dir.join(name)).map_err(|e| failed(format!("cannot read {name}: {e}")))
        };
        let config: Config = serde_json::from_slice(&read("config.json")?)
            .map_err(|e| failed(format!("config.json: {e}")))?;
        let weights = VarBuilder::from_buffered_safetensors(
            read("model.safetensors")?,
            DType::F32,
            &Device::Cpu,
        )
        .map_err(|e| failed(format!("model.safetensors: {e}")))?;
        let model =
            BertModel::load(weights, &config).map_err(|e| failed(format!("the weights: {e}")))?;
        let mut tokenizer = Tokenizer::from_bytes(read("tokenizer.json")?)
            .map_err(|e| failed(format!("tokenizer.json: {e}")))?;
        tokenizer
            .with_padding(Some(PaddingParams {
                strategy: PaddingStrategy::BatchLongest,
                ..PaddingParams::default()
            }))
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..TruncationParams::default()
            }))
            .map_err(|e| failed(format!("tokenizer.json: {e}")))?;
        Ok(Self { model, tokenizer })
    }

    /// One unit vector per text, in order.
    pub fn embed(
        &self,
        texts: &[&str],
        progress: &dyn Fn(Stage, u64, u64),
    ) -> Result<Vec<Vec<f32>>, ThemeError> {
        let failed = |e: &dyn std::fmt::Display| ThemeError::Embedding(e.to_string());
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| texts[i].len());
        let mut vectors = vec![Vec::new(); texts.len()];
        let total = texts.len() as u64;
        for (done, batch) in order.chunks(BATCH).enumerate() {
            let inputs: Vec<&str> = batch.iter().map(|&i| texts[i]).collect();
            let encodings = self
                .tokenizer
                .encode_batch(inputs, true)
                .map_err(|e| failed(&e))?;
            let column = |pick: fn(&tokenizers::Encoding) -> &[u32]| {
                let rows: Vec<Tensor> = encodings
                    .iter()
                    .map(|e| Tensor::new(pick(e), &Device::Cpu))
                    .collect::<Result<_, _>>()?;
                Tensor::stack(&rows, 0)
            };
            let ids = column(tokenizers::Encoding::get_ids).map_err(|e| failed(&e))?;
            let types = column(tokenizers::Encoding::get_type_ids).map_err(|e| failed(&e))?;
            let mask = column(tokenizers::Encoding::get_attention_mask).map_err(|e| failed(&e))?;
            let hidden: Vec<Vec<Vec<f32>>> = self
                .model
                .forward(&ids, &types, Some(&mask))
                .and_then(|h| h.to_vec3())
                .map_err(|e| failed(&e))?;
            for ((&i, tokens), encoding) in batch.iter().zip(hidden).zip(&encodings) {
                let dim = tokens.first().map_or(0, Vec::len);
                vectors[i] = sentence_vector(&tokens.concat(), dim, encoding.get_attention_mask());
            }
            progress(
                Stage::Embedding,
                ((done + 1) * BATCH).min(texts.len()) as u64,
                total,
            );
        }
        Ok(vectors)
    }
}
