package io.emabridge.bench;

/**
 * One line of the results: our figure beside its baseline measured in the same run.
 *
 * @param benchmark which benchmark measured it
 * @param metric what was measured, with its conditions
 * @param unit e.g. {@code s}, {@code events/s}, {@code ms}
 * @param ours the design we ship
 * @param baseline what it is compared with, or null when there is nothing to compare
 * (footprint)
 * @param baselineName what the baseline is
 * @param higherIsBetter whether a larger value is the better one; the ratio is always
 * "times better" (or worse when below 1)
 * @param target the target from the feature issue, as text, or empty
 * @param targetRatio the ratio the target asks for, or 0 when the target is not a ratio
 */
public record Figure(String benchmark, String metric, String unit, Stats ours, Stats baseline, String baselineName,
		boolean higherIsBetter, String target, double targetRatio) {

	public static Figure compared(String benchmark, String metric, String unit, Stats ours, Stats baseline,
			String baselineName, boolean higherIsBetter) {
		return new Figure(benchmark, metric, unit, ours, baseline, baselineName, higherIsBetter, "", 0);
	}

	public static Figure alone(String benchmark, String metric, String unit, Stats ours) {
		return new Figure(benchmark, metric, unit, ours, null, "", true, "", 0);
	}

	public Figure withTarget(String text, double ratio) {
		return new Figure(this.benchmark, this.metric, this.unit, this.ours, this.baseline, this.baselineName,
				this.higherIsBetter, text, ratio);
	}

	public Figure withTarget(String text) {
		return withTarget(text, 0);
	}

	/**
	 * How many times better ours is than the baseline (medians), NaN without a baseline.
	 */
	public double ratio() {
		if (this.baseline == null || this.baseline.median() == 0 || this.ours.median() == 0) {
			return Double.NaN;
		}
		return this.higherIsBetter ? this.ours.median() / this.baseline.median()
				: this.baseline.median() / this.ours.median();
	}

	/**
	 * "met", "NOT met" for a ratio target, the target text otherwise, empty without a
	 * target.
	 */
	public String verdict() {
		if (this.targetRatio > 0 && !Double.isNaN(ratio())) {
			return (ratio() >= this.targetRatio) ? "met" : "NOT met";
		}
		return "";
	}
}
