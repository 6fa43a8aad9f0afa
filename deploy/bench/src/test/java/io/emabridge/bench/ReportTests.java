package io.emabridge.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTests {

	private static final Machine MACHINE = new Machine(2, 4L << 30, "OpenJDK 17", "Linux amd64", "Test CPU",
			Instant.parse("2026-11-27T02:10:00Z"));

	@Test
	void ratioReadsTimesBetterWhicheverWayIsBetter() {
		Figure faster = Figure.compared("b", "run time", "s", Stats.of(2, 3, 4), Stats.of(58, 62), "sync", false);
		Figure moreThroughput = Figure.compared("b", "rate", "events/s", Stats.of(900), Stats.of(100), "plain", true);
		Figure worse = Figure.compared("b", "latency", "ms", Stats.of(80), Stats.of(40), "sync", false);

		assertThat(faster.ratio()).isEqualTo(20.0);
		assertThat(moreThroughput.ratio()).isEqualTo(9.0);
		assertThat(worse.ratio()).isEqualTo(0.5);
		assertThat(Figure.alone("b", "heap", "MiB", Stats.of(80)).ratio()).isNaN();
	}

	@Test
	void aRatioTargetIsJudgedOnTheMedians() {
		Figure figure = Figure.compared("b", "run time", "s", Stats.of(3, 4, 9), Stats.of(80), "sync", false);

		assertThat(figure.withTarget(">= 20x", 20).verdict()).isEqualTo("met");
		assertThat(figure.withTarget(">= 25x", 25).verdict()).isEqualTo("NOT met");
		assertThat(figure.withTarget("<= 60 s: met").verdict()).isEmpty();
	}

	@Test
	void tableAndPageShowMedianSpreadRatioTargetNotesAndGaps() {
		Results results = results();
		Report report = new Report(MACHINE, "java -jar bench.jar", Duration.ofSeconds(754), results);

		assertThat(report.table()).contains("cron run time", "4.00 (3.00-9.00)", "80.0 (1 run)", "20.00x",
				">= 20x: met", "where the time goes", "usage collection: no jar", "12 min 34 s", "load average");
		assertThat(report.markdown()).contains(
				"| b | cron run time | s | 4.00 (3.00-9.00) | 80.0 (1 run)<br>sync | " + "20.00x | >= 20x: met |",
				"2 cores (Test CPU), 4.0 GiB memory", "`java -jar bench.jar`", "## Where the time goes",
				"## Not measured by this run");
	}

	@Test
	void aRunOfSomeBenchmarksKeepsTheOthersFiguresWithTheRunTheyComeFrom() {
		Results before = new Results();
		before.add(Figure.compared("1. whmcs", "cron run time", "s", Stats.of(4), Stats.of(200), "sync", false));
		before.add(Figure.alone("2. usage", "first cycle", "s", Stats.of(14.5)));
		before.note("2. usage", "CPU of the usage worker");
		before.add(Figure.alone("3. import", "old figure", "s", Stats.of(99)));
		String full = new Report(MACHINE, "java -jar deploy/bench/target/bench.jar", Duration.ofSeconds(600), before)
			.markdown();
		List<String> order = List.of("1. whmcs", "2. usage", "3. import");
		Results now = new Results();
		now.add(Figure.alone("3. import", "reconcile --fix", "s", Stats.of(42)));
		now.note("3. import", "CPU of the import");
		Machine later = new Machine(2, 4L << 30, "OpenJDK 17", "Linux amd64", "Test CPU",
				Instant.parse("2026-12-05T10:00:00Z"));

		String page = new Report(later, "java -jar deploy/bench/target/bench.jar --only import", Duration.ofSeconds(60),
				now)
			.markdown(EarlierPage.parse(full), order, Set.of("3. import"));

		assertThat(page)
			.contains("| 1. whmcs | cron run time | s | 4.00 (1 run) |", "| 2. usage | first cycle |",
					"| 3. import | reconcile --fix | s | 42.0 (1 run) |", "### 2. usage", "- CPU of the usage worker",
					"- CPU of the import", "kept from the runs that measured them", EarlierPage.KEPT_HEADING,
					"- 1. whmcs: from the run of 2026-11-27T02:10:00Z, `java -jar deploy/bench/target/bench.jar`")
			.doesNotContain("old figure");
		assertThat(page.indexOf("| 1. whmcs")).isLessThan(page.indexOf("| 2. usage"));
		assertThat(page.indexOf("| 2. usage")).isLessThan(page.indexOf("| 3. import"));

		// kept again by the next partial run: still from the run that measured them
		Results again = new Results();
		again.add(Figure.alone("2. usage", "first cycle", "s", Stats.of(13)));
		String next = new Report(later, "java -jar deploy/bench/target/bench.jar --only usage", Duration.ofSeconds(60),
				again)
			.markdown(EarlierPage.parse(page), order, Set.of("2. usage"));
		assertThat(next)
			.contains("- 1. whmcs: from the run of 2026-11-27T02:10:00Z",
					"- 3. import: from the run of 2026-12-05T10:00:00Z, `java -jar deploy/bench/target/bench.jar --only"
							+ " import`",
					"| 2. usage | first cycle | s | 13.0 (1 run) |")
			.doesNotContain("CPU of the usage worker");
	}

	@Test
	void aQuickRunKeepsNothingAndNothingIsKeptFromOne() {
		Results quick = new Results();
		quick.add(Figure.alone("1. whmcs", "cron run time", "s", Stats.of(1)));
		String quickPage = new Report(MACHINE, "java -jar bench.jar --quick", Duration.ofSeconds(60), quick).markdown();
		Results now = new Results();
		now.add(Figure.alone("2. usage", "first cycle", "s", Stats.of(13)));

		String page = new Report(MACHINE, "java -jar bench.jar --only usage", Duration.ofSeconds(60), now)
			.markdown(EarlierPage.parse(quickPage), List.of("1. whmcs", "2. usage"), Set.of("2. usage"));

		assertThat(page).doesNotContain("1. whmcs", EarlierPage.KEPT_HEADING);
		assertThat(EarlierPage.parse(null).benchmarks()).isEmpty();
	}

	@Test
	void jsonCarriesEveryFigureWithItsRuns() {
		JsonNode json = JsonMapper.builder()
			.build()
			.readTree(new Report(MACHINE, "java -jar bench.jar", Duration.ofSeconds(754), results()).json());

		assertThat(json.get("machine").get("cores").asInt()).isEqualTo(2);
		JsonNode figure = json.get("figures").get(0);
		assertThat(figure.get("ours").get("median").asDouble()).isEqualTo(4.0);
		assertThat(figure.get("ours").get("runs").asInt()).isEqualTo(3);
		assertThat(figure.get("baseline").get("name").asString()).isEqualTo("sync");
		assertThat(figure.get("ratio").asDouble()).isEqualTo(20.0);
		assertThat(figure.get("verdict").asString()).isEqualTo("met");
		assertThat(json.get("notMeasured").get("usage collection").asString()).isEqualTo("no jar");
		assertThat(json.get("loadAverages").size()).isEqualTo(2);
	}

	@Test
	void numbersKeepThreeSignificantFiguresAtMost() {
		assertThat(Report.number(12345.6)).isEqualTo("12346");
		assertThat(Report.number(45.67)).isEqualTo("45.7");
		assertThat(Report.number(0.4321)).isEqualTo("0.43");
		assertThat(Report.number(Double.NaN)).isEqualTo("n/a");
	}

	private static Results results() {
		Results results = new Results();
		results.add(Figure.compared("b", "cron run time", "s", Stats.of(3, 4, 9), Stats.of(80), "sync", false)
			.withTarget(">= 20x", 20));
		results.note("b", "where the time goes");
		results.missing("usage collection", "no jar");
		results.loadAverage(1.5);
		results.loadAverage(2.5);
		return results;
	}

}
