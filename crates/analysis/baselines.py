#!/usr/bin/env python3
"""scikit-learn baselines on the labelled corpus, for BENCHMARKS.md beside accord's own figure.

TF-IDF + k-means and TF-IDF + NMF with K = the true number of themes, NMI against the labels,
mean over 5 seeds. Needs scikit-learn (`pip install scikit-learn`).

    python3 crates/analysis/baselines.py [crates/analysis/corpus/school-safety.csv]
"""

import csv
import statistics
import sys
from pathlib import Path

from sklearn.cluster import KMeans
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import normalized_mutual_info_score

SEEDS = range(5)


def load(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [r["text"] for r in rows], [r["theme"] for r in rows]


def tfidf(texts):
    # The usual defaults a district analyst would reach for: English stop words, sublinear tf.
    return TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=2).fit_transform(texts)


def kmeans_nmi(x, labels, k, seed):
    predicted = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(x)
    return normalized_mutual_info_score(labels, predicted)


def nmf_nmi(x, labels, k, seed):
    weights = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=500).fit_transform(x)
    return normalized_mutual_info_score(labels, weights.argmax(axis=1))


def main():
    default = Path(__file__).parent / "corpus" / "school-safety.csv"
    texts, labels = load(sys.argv[1] if len(sys.argv) > 1 else default)
    k = len(set(labels))
    x = tfidf(texts)
    print(f"corpus: {len(texts)} comments, {k} themes")
    for name, run in [("TF-IDF + k-means", kmeans_nmi), ("TF-IDF + NMF", nmf_nmi)]:
        scores = [run(x, labels, k, seed) for seed in SEEDS]
        print(f"{name}: NMI {statistics.mean(scores):.3f} (min {min(scores):.3f}, max {max(scores):.3f}, {len(scores)} seeds)")


if __name__ == "__main__":
    main()
