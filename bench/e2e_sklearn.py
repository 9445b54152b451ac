"""pandas + scikit-learn side of bench/e2e.mjs: the same job as `segmint fit` end to end.

Usage:
  e2e_sklearn.py fit IN.csv OUT.csv --features a,b,c [--k 16] [--algorithm lloyd|elkan|default] [--seed 0]
      pandas.read_csv, the feature columns, StandardScaler, KMeans(n_clusters=k, n_init=1,
      random_state=seed[, algorithm]).fit_predict, df['segment'] = labels + 1,
      df.to_csv(OUT, index=False). Threads are whatever the environment says
      (bench/e2e.mjs sets or unsets OMP_NUM_THREADS and friends).
  e2e_sklearn.py score IN.csv --features a,b,c LABELS.csv [LABELS.csv ...]
      For each labelled file (a `segment` column, as segmint and `fit` above write it), the
      inertia of its labels on the same standardized features: the sum of squared distances
      of every row to the mean of its segment. Also the adjusted Rand index between the first
      two files. Not timed by the benchmark.
  e2e_sklearn.py info
      Versions, KMeans' default algorithm and the thread pools.

Each mode prints one line on stdout: a marker, then JSON.
"""

import json
import resource
import sys
import time

T0 = time.perf_counter()

MARKER = "@@segmint-e2e-sklearn "


def emit(report):
    sys.stdout.write(f"\n{MARKER}{json.dumps(report)}\n")
    sys.stdout.flush()


def option(args, name, default=None):
    if name in args:
        i = args.index(name)
        value = args[i + 1]
        del args[i : i + 2]
        return value
    return default


def fit(args):
    features = option(args, "--features").split(",")
    k = int(option(args, "--k", "16"))
    algorithm = option(args, "--algorithm", "lloyd")
    seed = int(option(args, "--seed", "0"))
    source, target = args

    phases = {}
    start = time.perf_counter()
    import pandas as pd
    import sklearn
    from sklearn.cluster import KMeans
    from sklearn.preprocessing import StandardScaler

    phases["import"] = time.perf_counter() - start

    start = time.perf_counter()
    df = pd.read_csv(source)
    phases["read"] = time.perf_counter() - start

    start = time.perf_counter()
    X = StandardScaler().fit_transform(df[features])
    phases["scale"] = time.perf_counter() - start

    start = time.perf_counter()
    extra = {} if algorithm == "default" else {"algorithm": algorithm}
    model = KMeans(n_clusters=k, n_init=1, random_state=seed, **extra)
    labels = model.fit_predict(X)
    phases["fit"] = time.perf_counter() - start

    start = time.perf_counter()
    df["segment"] = labels + 1  # 1-based like segmint (segmint also numbers by size; not needed here)
    df.to_csv(target, index=False)
    phases["write"] = time.perf_counter() - start

    emit(
        {
            "rows": int(df.shape[0]),
            "features": features,
            "algorithm": model.algorithm,
            "iterations": int(model.n_iter_),
            "inertia": float(model.inertia_),
            "phasesS": phases,
            "inProcessS": time.perf_counter() - T0,
            "maxRssKiB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,  # KiB on Linux
            "versions": {"sklearn": sklearn.__version__, "pandas": pd.__version__},
        }
    )


def score(args):
    import numpy as np
    import pandas as pd
    from sklearn.metrics import adjusted_rand_score
    from sklearn.preprocessing import StandardScaler

    features = option(args, "--features").split(",")
    source, *label_files = args
    X = StandardScaler().fit_transform(pd.read_csv(source, usecols=features)[features])
    results = []
    all_labels = []
    for name in label_files:
        segment = pd.read_csv(name, usecols=["segment"])["segment"]
        labelled = segment.notna().to_numpy()
        labels = segment.fillna(0).to_numpy().astype(np.int64)
        _, labels = np.unique(labels, return_inverse=True)
        Xl = X[labelled]
        ll = labels[labelled]
        k = int(ll.max()) + 1
        counts = np.bincount(ll, minlength=k).astype(np.float64)
        sums = np.stack([np.bincount(ll, weights=Xl[:, j], minlength=k) for j in range(X.shape[1])], axis=1)
        means = sums / np.maximum(counts, 1)[:, None]
        inertia = float(((Xl - means[ll]) ** 2).sum())
        results.append(
            {
                "file": name,
                "rows": int(segment.shape[0]),
                "labelledRows": int(labelled.sum()),
                "segments": k,
                "sizes": sorted((int(c) for c in counts), reverse=True),
                "inertia": inertia,
            }
        )
        all_labels.append(labels)
    ari = float(adjusted_rand_score(all_labels[0], all_labels[1])) if len(all_labels) >= 2 else None
    emit({"rows": int(X.shape[0]), "features": features, "results": results, "adjustedRandIndex": ari})


def info(_args):
    import numpy as np
    import pandas as pd
    import sklearn
    from sklearn.cluster import KMeans

    try:
        from threadpoolctl import threadpool_info

        pools = [{k: p.get(k) for k in ("user_api", "internal_api", "num_threads", "version")} for p in threadpool_info()]
    except Exception:  # noqa: BLE001 - informational only
        pools = None
    emit(
        {
            "python": sys.version.split()[0],
            "sklearn": sklearn.__version__,
            "pandas": pd.__version__,
            "numpy": np.__version__,
            "defaultAlgorithm": KMeans().algorithm,
            "threadpools": pools,
        }
    )


if __name__ == "__main__":
    mode, *rest = sys.argv[1:]
    {"fit": fit, "score": score, "info": info}[mode](rest)
