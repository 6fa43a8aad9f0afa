package io.emabridge.bench;

import java.util.Arrays;
import java.util.List;

/** Median and spread of repeated measurements, and percentiles of latency samples. */
public record Stats(double median, double min, double max, int runs) {

	public static Stats of(List<Double> values) {
		if (values.isEmpty()) {
			throw new IllegalArgumentException("no measurements");
		}
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		int n = sorted.length;
		double median = (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
		return new Stats(median, sorted[0], sorted[n - 1], n);
	}

	public static Stats of(double... values) {
		return of(Arrays.stream(values).boxed().toList());
	}

	/** The nearest-rank percentile ({@code quantile} in 0..1) of unsorted samples. */
	public static double percentile(double[] samples, double quantile) {
		if (samples.length == 0) {
			return Double.NaN;
		}
		double[] sorted = samples.clone();
		Arrays.sort(sorted);
		int rank = (int) Math.ceil(quantile * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}
}
