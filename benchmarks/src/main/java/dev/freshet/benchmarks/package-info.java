/**
 * Freshet's benchmark harness: one run measures Freshet and its baselines on the same generated events and writes the
 * results, as ratios, to {@code docs/benchmarks.md}. See {@code benchmarks/README.md}.
 */
package dev.freshet.benchmarks;
