"""scikit-learn's Lloyd iterations on data prepared by bench/run.mjs.

Usage: sklearn_lloyd.py X.f64 INIT.f64 N D K ITERATIONS REPEATS
Prints one JSON object on stdout. Single-threaded on purpose: the segmint and plain JS
numbers are single-threaded too, so one core against one core.
"""

import contextlib
import json
import os
import sys
import time

# Must be set before numpy/BLAS/OpenMP load; threadpool_limits below is the second guard.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_var] = "1"

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402

try:
    from threadpoolctl import threadpool_info, threadpool_limits
except ImportError:  # env vars above still hold
    threadpool_info = None
    threadpool_limits = None

try:
    # The per-iteration kernel that KMeans(algorithm='lloyd') loops over (private API).
    from sklearn.cluster._k_means_lloyd import lloyd_iter_chunked_dense
except ImportError:
    lloyd_iter_chunked_dense = None


def time_kernel_loop(X, init, iterations, repeats):
    """Exactly `iterations` assign+update steps, no convergence test, no final E-step."""
    # KMeans.fit centres X (and the initial centres) before iterating; do the same so the
    # arithmetic is the one KMeans performs, but outside the timing: it is a one-off per fit.
    mean = X.mean(axis=0)
    Xc = np.ascontiguousarray(X - mean)
    c0 = np.ascontiguousarray(init - mean)
    weights = np.ones(X.shape[0], dtype=np.float64)
    k = init.shape[0]

    def run():
        centers = c0.copy()
        centers_new = np.zeros_like(centers)
        weight_in_clusters = np.zeros(k, dtype=np.float64)
        labels = np.full(X.shape[0], -1, dtype=np.int32)
        center_shift = np.zeros(k, dtype=np.float64)
        start = time.perf_counter()
        for _ in range(iterations):
            lloyd_iter_chunked_dense(
                Xc, weights, centers, centers_new, weight_in_clusters, labels, center_shift, 1
            )
            centers, centers_new = centers_new, centers
        elapsed = time.perf_counter() - start
        return elapsed, centers + mean

    run()  # warm-up
    times = []
    centres = None
    for _ in range(repeats):
        elapsed, centres = run()
        times.append(elapsed * 1000 / iterations)
    return {"msPerIter": times, "iterations": iterations, "centroids": centres.ravel().tolist()}


def time_fit(X, init, iterations, repeats):
    """The public API. tol=0 still allows strict convergence (no label changes), so the time
    is divided by n_iter_; it also includes validation, the copy, centring and a final E-step."""

    def run():
        model = KMeans(
            n_clusters=init.shape[0], init=init, n_init=1, max_iter=iterations, tol=0, algorithm="lloyd"
        )
        start = time.perf_counter()
        model.fit(X)
        elapsed = time.perf_counter() - start
        return elapsed, model

    run()  # warm-up
    times = []
    model = None
    for _ in range(repeats):
        elapsed, model = run()
        times.append(elapsed * 1000 / model.n_iter_)
    return {
        "msPerIter": times,
        "iterations": int(model.n_iter_),
        "centroids": model.cluster_centers_.ravel().tolist(),
    }


def main():
    x_path, init_path, n, d, k, iterations, repeats = sys.argv[1:8]
    n, d, k, iterations, repeats = int(n), int(d), int(k), int(iterations), int(repeats)
    X = np.fromfile(x_path, dtype="<f8").reshape(n, d)
    init = np.fromfile(init_path, dtype="<f8").reshape(k, d)

    out = {"sklearn": sklearn.__version__, "numpy": np.__version__, "python": sys.version.split()[0]}
    with threadpool_limits(limits=1) if threadpool_limits else contextlib.nullcontext():
        if threadpool_info:
            out["threadpools"] = [
                f"{p.get('internal_api')} {p.get('version') or ''} ({p.get('num_threads')} thread)".replace("  ", " ")
                for p in threadpool_info()
            ]
        if lloyd_iter_chunked_dense is not None:
            out["loop"] = time_kernel_loop(X, init, iterations, repeats)
        out["fit"] = time_fit(X, init, iterations, repeats)
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
