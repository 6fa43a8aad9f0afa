package io.emabridge.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of the page a run regenerates, as that page had them: a run of some
 * benchmarks only ({@code --only}) keeps the other benchmarks' rows and notes, each with
 * the run it comes from, rather than leaving the page with its own few rows. A quick
 * run's page keeps nothing (its figures are not measurements), and a quick run keeps
 * nothing either.
 */
final class EarlierPage {

	private static final Pattern DATE = Pattern.compile("^- Date: (.+)$", Pattern.MULTILINE);

	private static final Pattern COMMAND = Pattern.compile("^- Command: .*?then `([^`]+)`", Pattern.MULTILINE);

	private static final Pattern KEPT = Pattern.compile("^- (.+?): from the run of (.+)$");

	static final String KEPT_HEADING = "## Figures kept from earlier runs";

	private static final EarlierPage NONE = new EarlierPage(Map.of(), Map.of(), Map.of());

	private final Map<String, List<String>> rows;

	private final Map<String, List<String>> notes;

	private final Map<String, String> runs;

	private EarlierPage(Map<String, List<String>> rows, Map<String, List<String>> notes, Map<String, String> runs) {
		this.rows = rows;
		this.notes = notes;
		this.runs = runs;
	}

	static EarlierPage none() {
		return NONE;
	}

	/** What a page holds, or nothing when it is absent or a quick run's. */
	static EarlierPage parse(String page) {
		if (page == null || page.contains("**A --quick run")) {
			return NONE;
		}
		Matcher date = DATE.matcher(page);
		Matcher command = COMMAND.matcher(page);
		String run = (date.find() ? date.group(1).strip() : "an unknown date")
				+ (command.find() ? ", `" + command.group(1) + "`" : "");
		Map<String, List<String>> rows = new LinkedHashMap<>();
		Map<String, List<String>> notes = new LinkedHashMap<>();
		Map<String, String> runs = new LinkedHashMap<>();
		String section = "";
		String benchmark = null;
		for (String line : page.split("\n")) {
			if (line.startsWith("## ")) {
				section = line;
				benchmark = null;
			}
			else if (line.startsWith("### ")) {
				benchmark = line.substring(4).strip();
			}
			else if (section.isEmpty() && line.startsWith("| ") && !line.startsWith("| benchmark |")) {
				String title = line.substring(2, line.indexOf(" | ", 1)).strip();
				rows.computeIfAbsent(title, (key) -> new ArrayList<>()).add(line);
				runs.putIfAbsent(title, run);
			}
			else if (section.equals("## Where the time goes") && benchmark != null && line.startsWith("- ")) {
				notes.computeIfAbsent(benchmark, (key) -> new ArrayList<>()).add(line.substring(2));
			}
			else if (section.equals(KEPT_HEADING)) {
				Matcher kept = KEPT.matcher(line);
				if (kept.matches()) {
					// kept before: from the run it came from, not from the page's
					runs.put(kept.group(1), kept.group(2));
				}
			}
		}
		return new EarlierPage(rows, notes, runs);
	}

	/** The benchmarks the page has rows of, in its order. */
	List<String> benchmarks() {
		return List.copyOf(this.rows.keySet());
	}

	/** The table rows of a benchmark, as Markdown. */
	List<String> rows(String benchmark) {
		return this.rows.getOrDefault(benchmark, List.of());
	}

	/** Where the time goes, for a benchmark. */
	List<String> notes(String benchmark) {
		return this.notes.getOrDefault(benchmark, List.of());
	}

	/** The run a benchmark's figures come from: its date and command. */
	String run(String benchmark) {
		return this.runs.getOrDefault(benchmark, "an unknown date");
	}

}
