package io.emabridge.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one run of the harness found: figures, notes on where the time goes, and
 * what was not measured.
 */
public final class Results {

	private final List<Figure> figures = new ArrayList<>();

	private final Map<String, List<String>> notes = new LinkedHashMap<>();

	private final Map<String, String> missing = new LinkedHashMap<>();

	private final List<Double> loadAverages = new ArrayList<>();

	public synchronized void add(Figure figure) {
		this.figures.add(figure);
	}

	public synchronized void note(String benchmark, String text) {
		this.notes.computeIfAbsent(benchmark, (key) -> new ArrayList<>()).add(text);
	}

	public synchronized void missing(String what, String why) {
		this.missing.put(what, why);
	}

	public synchronized void loadAverage(double load) {
		if (load >= 0) {
			this.loadAverages.add(load);
		}
	}

	public synchronized List<Figure> figures() {
		return List.copyOf(this.figures);
	}

	public synchronized Map<String, List<String>> notes() {
		return new LinkedHashMap<>(this.notes);
	}

	public synchronized Map<String, String> missing() {
		return new LinkedHashMap<>(this.missing);
	}

	public synchronized List<Double> loadAverages() {
		return List.copyOf(this.loadAverages);
	}

}
