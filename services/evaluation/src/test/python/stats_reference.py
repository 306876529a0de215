"""Reference vectors for PairedBootstrap and Spearman from SciPy (run here: python3 stats_reference.py OUT.json).

Bootstrap: for each data set, scipy.stats.bootstrap((baseline, candidate), mean(candidate - baseline),
paired=True, method='percentile', n_resamples=10000, confidence_level=0.95) is run with RUNS different seeds; the
mean and the standard deviation of each interval end over those runs are the reference and its Monte Carlo error.
Spearman: scipy.stats.spearmanr(x, y).statistic on samples with and without ties.
"""
import json
import sys

import numpy as np
import scipy
from scipy import stats

SEED = 20260517
RUNS = 30
RESAMPLES = 10_000


def bootstrap_cases(rng):
    base = rng.normal(20.0, 1.0, 200)
    yield "pick-like-n200-small-effect", base, base + rng.normal(0.08, 0.35, 200)
    base = rng.normal(17.5, 2.0, 50)
    yield "skewed-n50", base, base - rng.exponential(0.6, 50) + 0.3
    base = rng.integers(0, 2, 30).astype(float)
    yield "exact-match-n30-discrete", base, np.where(rng.random(30) < 0.2, 1 - base, base)
    base = rng.normal(0.3, 0.1, 300)
    yield "lpips-like-n300-null", base, base + rng.normal(0.0, 0.05, 300)


def spearman_cases(rng):
    x = rng.normal(size=50)
    yield "continuous-n50", x, 0.6 * x + rng.normal(size=50)
    yield "ties-n40", rng.integers(0, 6, 40).astype(float), rng.integers(0, 4, 40).astype(float)
    x = rng.normal(size=211)
    yield "layers-n211-negative", x, -np.exp(x) + rng.normal(scale=0.5, size=211)
    yield "n3", np.array([1.0, 2.0, 3.0]), np.array([3.0, 1.0, 2.0])
    x = rng.integers(0, 10, 500).astype(float)
    yield "heavy-ties-n500", x, x + rng.integers(0, 3, 500)


def mean_delta(a, b, axis=-1):
    return np.mean(b - a, axis=axis)


def main(out):
    rng = np.random.default_rng(SEED)
    boots = []
    for name, base, cand in bootstrap_cases(rng):
        lows, highs = [], []
        for run in range(RUNS):
            res = stats.bootstrap((base, cand), mean_delta, paired=True, vectorized=True, n_resamples=RESAMPLES,
                                  confidence_level=0.95, method="percentile", rng=np.random.default_rng(run))
            lows.append(res.confidence_interval.low)
            highs.append(res.confidence_interval.high)
        boots.append({"name": name, "baseline": base.tolist(), "candidate": cand.tolist(),
                      "meanDelta": float(np.mean(cand - base)), "medianDelta": float(np.median(cand - base)),
                      "lowMean": float(np.mean(lows)), "lowSd": float(np.std(lows, ddof=1)),
                      "highMean": float(np.mean(highs)), "highSd": float(np.std(highs, ddof=1))})
    spear = [{"name": name, "x": x.tolist(), "y": y.tolist(), "rho": float(stats.spearmanr(x, y).statistic)}
             for name, x, y in spearman_cases(rng)]
    with open(out, "w") as f:
        json.dump({"generator": f"scipy {scipy.__version__}, numpy {np.__version__}", "runs": RUNS,
                   "resamples": RESAMPLES, "confidence": 0.95, "bootstrap": boots, "spearman": spear}, f)
        f.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
