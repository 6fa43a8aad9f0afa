package io.emabridge.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark harness: runs every benchmark (or those named) on one embedded broker and
 * database server, prints the table, and writes it as JSON and as the documentation page.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
		description = "Run the benchmarks against the services' executable jars; print, and write JSON and Markdown.")
public final class Bench implements Callable<Integer> {

	@Option(names = "--quick",
			description = "tiny sizes and one run each: checks that everything works, measures nothing")
	boolean quick;

	@Option(names = "--only", split = ",",
			description = "run only these: whmcs, gateway, provisioning, quota, e2e, replay, usage, import, ledger, footprint")
	Set<String> only = Set.of();

	@Option(names = "--reps", description = "runs of each measurement (default: 3, or 1 with --quick)")
	Integer reps;

	@Option(names = "--ledger-rows",
			description = "events in the large ledger of the ledger benchmark (default: 10,000,000, or 20,000 with --quick)")
	Long ledgerRows;

	@Option(names = "--service-jvm", split = " ",
			description = "JVM options of the services (default: " + Context.DEFAULT_SERVICE_JVM_TEXT
					+ ": the JIT compilers as deployed; the local stack adds -XX:TieredStopAtLevel=1 for a fast start)")
	List<String> serviceJvm;

	@Option(names = "--json", defaultValue = "deploy/bench/target/bench-results.json",
			description = "where the JSON goes, from the checkout (default: ${DEFAULT-VALUE})")
	Path json;

	@Option(names = "--markdown", defaultValue = "docs/benchmarks.md",
			description = "the page to regenerate, from the checkout; \"-\" for none (default: ${DEFAULT-VALUE})")
	String markdown;

	public static void main(String[] args) {
		System.exit(new CommandLine(new Bench()).execute(args));
	}

	@Override
	public Integer call() throws Exception {
		Path checkout = checkout();
		List<Benchmark> all = List.of(new WhmcsSideCost(), new GatewayIngest(), new ProvisioningThroughput(),
				new SharedQuota(), new EndToEndLatency(), new ReplayRate(), new UsageCollection(),
				new InstallationImport(), new LedgerAtScale(), new Footprint());
		List<String> names = all.stream().map(Benchmark::name).toList();
		List<String> unknown = this.only.stream().filter((name) -> !names.contains(name)).sorted().toList();
		if (!unknown.isEmpty()) {
			System.err.println("No benchmark is called " + String.join(", ", unknown) + "; choose from "
					+ String.join(", ", names));
			return 2;
		}
		List<Benchmark> chosen = all.stream()
			.filter((b) -> this.only.isEmpty() || this.only.contains(b.name()))
			.toList();
		int runs = (this.reps != null) ? this.reps : (this.quick ? 1 : 3);
		Machine machine = Machine.current();
		Results results = new Results();
		long start = System.nanoTime();
		List<String> failed = new ArrayList<>();
		try (Infra infra = Infra.start()) {
			Thread cleanUp = new Thread(() -> {
				ServiceJvm.killAll();
				infra.close();
			}, "bench-interrupted");
			Runtime.getRuntime().addShutdownHook(cleanUp);
			long rows = (this.ledgerRows != null) ? this.ledgerRows : (this.quick ? 20_000 : 10_000_000);
			List<String> jvm = (this.serviceJvm != null && !this.serviceJvm.isEmpty()) ? List.copyOf(this.serviceJvm)
					: Context.DEFAULT_SERVICE_JVM;
			Context context = new Context(infra, checkout, this.quick, runs, rows, results, jvm);
			context.log("machine: %s; load average %.1f", machine.describe(), Machine.loadAverage());
			for (Benchmark benchmark : chosen) {
				context.log("%s", benchmark.title());
				try {
					benchmark.run(context);
				}
				catch (Exception ex) {
					ex.printStackTrace();
					failed.add(benchmark.title());
					results.missing(benchmark.title(), "failed in this run: " + ex);
				}
			}
			Runtime.getRuntime().removeShutdownHook(cleanUp);
		}
		Report report = new Report(machine, command(), Duration.ofNanos(System.nanoTime() - start), results);
		System.out.println();
		System.out.print(report.table());
		Path jsonFile = checkout.resolve(this.json);
		Files.createDirectories(jsonFile.toAbsolutePath().getParent());
		Files.writeString(jsonFile, report.json(), StandardCharsets.UTF_8);
		System.out.println("JSON: " + jsonFile);
		if (!this.markdown.equals("-")) {
			Path page = checkout.resolve(this.markdown);
			Files.createDirectories(page.toAbsolutePath().getParent());
			// a run of some benchmarks keeps the others' figures from the page
			EarlierPage earlier = (!this.only.isEmpty() && Files.exists(page))
					? EarlierPage.parse(Files.readString(page, StandardCharsets.UTF_8)) : EarlierPage.none();
			Set<String> ran = new HashSet<>();
			chosen.forEach((benchmark) -> ran.add(benchmark.title()));
			Files.writeString(page, report.markdown(earlier, all.stream().map(Benchmark::title).toList(), ran),
					StandardCharsets.UTF_8);
			System.out.println("Markdown: " + page);
		}
		return failed.isEmpty() ? 0 : 1;
	}

	private String command() {
		StringBuilder command = new StringBuilder("java -jar deploy/bench/target/bench.jar");
		if (this.quick) {
			command.append(" --quick");
		}
		if (!this.only.isEmpty()) {
			command.append(" --only ").append(String.join(",", this.only));
		}
		if (this.reps != null) {
			command.append(" --reps ").append(this.reps);
		}
		if (this.ledgerRows != null) {
			command.append(" --ledger-rows ").append(this.ledgerRows);
		}
		if (this.serviceJvm != null && !this.serviceJvm.isEmpty()) {
			command.append(" --service-jvm '").append(String.join(" ", this.serviceJvm)).append('\'');
		}
		return command.toString();
	}

	/**
	 * The checkout the harness jar was built in (deploy/bench/target/bench.jar), or
	 * -Dema.checkout.
	 */
	private static Path checkout() {
		String given = System.getProperty("ema.checkout");
		if (given != null) {
			return Path.of(given).toAbsolutePath().normalize();
		}
		String first = System.getProperty("java.class.path").split(java.io.File.pathSeparator)[0];
		Path launcher = Path.of(first).toAbsolutePath().normalize();
		return launcher.getParent().getParent().getParent().getParent();
	}

}
