//! From a transformer's token vectors to one sentence vector, as sentence-transformers does for
//! all-MiniLM-L6-v2: the mean of the vectors of the real tokens (padding left out), scaled to unit length
//! so that a dot product is the cosine.

/// The mean of the rows of `tokens` (one row of `dim` numbers per token) whose `mask` is not 0, scaled to
/// unit length; zeros when no token counts.
pub(crate) fn sentence_vector(tokens: &[f32], dim: usize, mask: &[u32]) -> Vec<f32> {
    let mut sum = vec![0.0f32; dim];
    let mut counted = 0usize;
    for (row, _) in tokens.chunks_exact(dim).zip(mask).filter(|(_, m)| **m != 0) {
        sum.iter_mut().zip(row).for_each(|(s, x)| *s += x);
        counted += 1;
    }
    if counted > 0 {
        sum.iter_mut().for_each(|s| *s /= counted as f32);
    }
    unit_length(&mut sum);
    sum
}

/// Scales a dense vector to unit length; the zero vector stays zero.
pub(crate) fn unit_length(vector: &mut [f32]) {
    let norm = vector.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        vector.iter_mut().for_each(|x| *x /= norm);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn averages_only_the_real_tokens() {
        // three tokens of two numbers; the third is padding
        let tokens = [1.0, 0.0, 3.0, 4.0, 100.0, 100.0];
        let v = sentence_vector(&tokens, 2, &[1, 1, 0]);
        // mean (2, 2), unit length (0.707, 0.707)
        assert!((v[0] - v[1]).abs() < 1e-6);
        assert!((v[0] - std::f32::consts::FRAC_1_SQRT_2).abs() < 1e-6);
    }

    #[test]
    fn sentence_vectors_have_unit_length() {
        let tokens = [3.0, -4.0, 6.0, -8.0];
        let v = sentence_vector(&tokens, 2, &[1, 1]);
        assert!(
            (v[0] - 0.6).abs() < 1e-6 && (v[1] + 0.8).abs() < 1e-6,
            "{v:?}"
        );
    }

    #[test]
    fn all_padding_gives_zeros_not_nan() {
        assert_eq!(sentence_vector(&[1.0, 2.0], 2, &[0]), [0.0, 0.0]);
        let mut zero = [0.0f32; 3];
        unit_length(&mut zero);
        assert_eq!(zero, [0.0; 3]);
    }
}
