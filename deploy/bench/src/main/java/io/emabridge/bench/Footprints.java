package io.emabridge.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Start-up time, peak heap and peak RSS of every service JVM the benchmarks ran, by kind
 * of service.
 */
final class Footprints {

	private final Map<String, List<double[]>> byService = new LinkedHashMap<>();

	synchronized void record(String service, double startSeconds, long maxHeapBytes, long maxRssBytes) {
		this.byService.computeIfAbsent(service, (key) -> new ArrayList<>())
			.add(new double[] { startSeconds, maxHeapBytes / 1_048_576.0, maxRssBytes / 1_048_576.0 });
	}

	synchronized Map<String, List<double[]>> all() {
		return new LinkedHashMap<>(this.byService);
	}

}
