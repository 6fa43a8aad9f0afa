package io.emabridge.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.emabridge.sandbox.archive.ArchiveSandbox;
import io.emabridge.sandbox.archive.ArchiveSandboxOptions;
import io.emabridge.sandbox.whmcs.WhmcsSandbox;
import io.emabridge.sandbox.whmcs.WhmcsSandboxOptions;

/**
 * Start-up time, peak heap and peak RSS of every service JVM the other benchmarks ran
 * under their load, the usage worker's at rest, and the time the whole local stack takes
 * from {@code java -jar} to its banner. Runs last.
 */
final class Footprint implements Benchmark {

	@Override
	public String name() {
		return "footprint";
	}

	@Override
	public String title() {
		return "6. Footprint";
	}

	@Override
	public void run(Context context) throws Exception {
		if (context.hasJar("usage-sync-worker") && !context.footprints.all().containsKey("usage-sync-worker")) {
			idleUsageWorker(context);
		}
		else if (!context.hasJar("usage-sync-worker")) {
			context.results.missing("usage-sync-worker footprint", "no executable jar of usage-sync-worker");
		}
		context.footprints.all().forEach((service, samples) -> {
			List<Double> starts = new ArrayList<>();
			List<Double> heaps = new ArrayList<>();
			List<Double> rss = new ArrayList<>();
			samples.forEach((sample) -> {
				starts.add(sample[0]);
				heaps.add(sample[1]);
				rss.add(sample[2]);
			});
			String load = " under load";
			context.results.add(Figure.alone(title(), service + " start-up to healthy", "s", Stats.of(starts)));
			context.results.add(Figure.alone(title(), service + " peak heap used" + load, "MiB", Stats.of(heaps)));
			context.results.add(Figure.alone(title(), service + " peak RSS" + load, "MiB", Stats.of(rss)));
		});
		Path launcher = context.checkout.resolve("deploy/local-stack/target/local-stack.jar");
		if (!Files.exists(launcher)) {
			context.results.missing("local stack start-up", "no deploy/local-stack/target/local-stack.jar");
			return;
		}
		List<Double> stack = new ArrayList<>();
		for (int rep = 0; rep < Math.min(2, context.reps); rep++) {
			context.log("footprint: local stack start-up, run %d of %d", rep + 1, Math.min(2, context.reps));
			stack.add(localStackStart(context, launcher));
			context.results.loadAverage(Machine.loadAverage());
		}
		context.results
			.add(Figure.alone(title(), "local stack start-up (java -jar ... up, to its banner)", "s", Stats.of(stack)));
		context.results.note(title(), "services run with " + String.join(" ", context.serviceJvm)
				+ " (the local stack adds -XX:TieredStopAtLevel=1); start-up counts from launching the JVM to the first healthy answer of /actuator/health; peak heap "
				+ "(used, after the last GC or not) and RSS are the largest of one-second samples while each service ran "
				+ "its benchmark's load (at rest for a service whose benchmark was not run)");
	}

	private static void idleUsageWorker(Context context) {
		try (ArchiveSandbox archive = ArchiveSandbox
			.start(ArchiveSandboxOptions.defaults().withApiKeys(Context.ARCHIVE_API_KEY));
				WhmcsSandbox whmcs = WhmcsSandbox.start(WhmcsSandboxOptions.defaults()
					.withCredentials(Context.WHMCS_IDENTIFIER, Context.WHMCS_SECRET))) {
			String topic = context.infra.name("bench-usage");
			ServiceJvm usage = ServiceJvm.start("usage-sync-worker", context.jar("usage-sync-worker"),
					context.serviceJvm,
					List.of("--spring.kafka.bootstrap-servers=" + context.infra.bootstrapServers(),
							"--spring.datasource.url=" + context.infra.newDatabase(),
							"--spring.datasource.username=postgres", "--spring.datasource.password=",
							"--ema.usage.topic=" + topic, "--ema.usage.dlt-topic=" + topic + "-dlt",
							"--ema.usage.tenant-state-topic=" + topic + "-state",
							"--ema.archive.base-url=" + archive.baseUrl(),
							"--ema.archive.api-key=" + Context.ARCHIVE_API_KEY, "--ema.whmcs.url=" + whmcs.baseUrl(),
							"--ema.whmcs.identifier=" + Context.WHMCS_IDENTIFIER,
							"--ema.whmcs.secret=" + Context.WHMCS_SECRET,
							"--ema.usage.api.secrets=" + Context.GATEWAY_SECRET, "--logging.level.root=WARN"),
					context.logs(), context.footprints);
			usage.close();
		}
		catch (RuntimeException ex) {
			context.results.missing("usage-sync-worker footprint", "it did not start: " + ex.getMessage());
		}
	}

	/** Seconds from launching the local stack to its banner; then stops it. */
	private static double localStackStart(Context context, Path launcher) throws Exception {
		Path data = Files.createTempDirectory(context.infra.home(), "local-stack");
		int offset = freeOffset();
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
				launcher.toString(), "up", "--data-dir", data.toString(), "--port-offset", Integer.toString(offset));
		long start = System.nanoTime();
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		try {
			CompletableFuture<Double> up = CompletableFuture.supplyAsync(() -> {
				BufferedReader lines = new BufferedReader(
						new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
				try {
					String line;
					StringBuilder said = new StringBuilder();
					while ((line = lines.readLine()) != null) {
						if (said.length() < 4000) {
							said.append(line).append('\n');
						}
						if (line.contains("local stack is up")) {
							double seconds = (System.nanoTime() - start) / 1e9;
							drain(lines);
							return seconds;
						}
					}
					throw new IllegalStateException("the local stack stopped before its banner; it said: " + said);
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			});
			return up.get(5, TimeUnit.MINUTES);
		}
		finally {
			process.destroy();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	private static void drain(BufferedReader lines) {
		Thread drainer = new Thread(() -> {
			try {
				while (lines.readLine() != null) {
					// the stack's output after its banner is not needed, but its pipe
					// must not fill up
				}
			}
			catch (IOException ex) {
				// the stack stopped
			}
		}, "bench-local-stack-output");
		drainer.setDaemon(true);
		drainer.start();
	}

	/**
	 * A port offset under which every fixed port of the local stack is free, below the
	 * ephemeral port range.
	 */
	private static int freeOffset() {
		int[] bases = { 9092, 15432, 8090, 8091, 8080, 8081, 8082 };
		for (int attempt = 0; attempt < 100; attempt++) {
			int offset = 1_000 + ThreadLocalRandom.current().nextInt(14_000);
			boolean free = true;
			for (int base : bases) {
				try (ServerSocket socket = new ServerSocket(base + offset, 1, InetAddress.getLoopbackAddress())) {
					socket.setReuseAddress(true);
				}
				catch (IOException ex) {
					free = false;
					break;
				}
			}
			if (free) {
				return offset;
			}
		}
		throw new IllegalStateException("no port offset with all of the local stack's ports free");
	}

}
