package io.emabridge.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.emabridge.embedded.FreePorts;
import io.emabridge.embedded.ServiceProcess;

/**
 * One service run from its executable jar in a JVM of its own, as in production, launched
 * by embedded-infra's {@link ServiceProcess} like the local stack's and the system
 * tests'. Measures what the footprint benchmark reports: the time from launching the JVM
 * to a healthy answer, and, while it runs, the largest heap in use and the largest
 * resident set size.
 */
final class ServiceJvm implements AutoCloseable {

	private static final Pattern METER_VALUE = Pattern.compile("\"statistic\":\"VALUE\",\"value\":([-0-9.Ee+]+)");

	private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

	private final String name;

	private final ServiceProcess process;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final AtomicLong maxHeap = new AtomicLong();

	private final AtomicLong maxRss = new AtomicLong();

	private final Footprints footprints;

	private double startSeconds = Double.NaN;

	private volatile boolean sampling = true;

	/**
	 * Every service JVM still running, for the harness's shutdown hook: none outlives an
	 * interrupted run.
	 */
	private static final Set<ServiceProcess> RUNNING = ConcurrentHashMap.newKeySet();

	private ServiceJvm(String name, ServiceProcess process, Footprints footprints) {
		this.name = name;
		this.process = process;
		this.footprints = footprints;
	}

	/**
	 * Launches the jar with the JVM options the local stack uses and waits until it is
	 * healthy.
	 * @param kind the service, for the footprint table (several instances of one kind are
	 * reported together)
	 */
	static ServiceJvm start(String kind, Path jar, List<String> jvmOptions, List<String> properties, Path logDir,
			Footprints footprints) {
		int port = FreePorts.pick();
		List<String> arguments = new ArrayList<>(properties);
		arguments.add("--management.endpoints.web.exposure.include=health,prometheus,metrics");
		ServiceProcess process = ServiceProcess.start(kind + "-" + port, port, jar, jvmOptions, arguments, logDir);
		RUNNING.add(process);
		ServiceJvm service = new ServiceJvm(kind, process, footprints);
		try {
			// polled finely, since the start-up time is measured
			service.startSeconds = process.awaitHealthy(START_TIMEOUT, Duration.ofMillis(50)).toNanos() / 1e9;
		}
		catch (RuntimeException ex) {
			service.close();
			throw ex;
		}
		service.startSampler();
		return service;
	}

	String url() {
		return this.process.url();
	}

	long pid() {
		return this.process.pid();
	}

	double startSeconds() {
		return this.startSeconds;
	}

	/** CPU time the JVM used so far. */
	Duration cpu() {
		return this.process.cpu();
	}

	/**
	 * Samples heap and RSS every second while the service runs; one reading costs the
	 * service one small request.
	 */
	private void startSampler() {
		Thread sampler = new Thread(() -> {
			while (this.sampling && this.process.isAlive()) {
				sample();
				LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1)); // a sampling period,
																	// not a wait for a
																	// condition
			}
		}, "bench-footprint-" + this.name);
		sampler.setDaemon(true);
		sampler.start();
	}

	private void sample() {
		this.maxRss.accumulateAndGet(rssBytes(this.process.pid()), Math::max);
		try {
			HttpRequest request = HttpRequest
				.newBuilder(URI.create(url() + "/actuator/metrics/jvm.memory.used?tag=area:heap"))
				.timeout(Duration.ofSeconds(2))
				.build();
			Matcher value = METER_VALUE.matcher(this.http.send(request, HttpResponse.BodyHandlers.ofString()).body());
			if (value.find()) {
				this.maxHeap.accumulateAndGet((long) Double.parseDouble(value.group(1)), Math::max);
			}
		}
		catch (IOException | RuntimeException ex) {
			// a missed reading only lowers the maximum seen
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** VmRSS from /proc, 0 where there is none. */
	static long rssBytes(long pid) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not Linux, or the process is gone
		}
		return 0;
	}

	/** Kills every service JVM still running; for an interrupted run. */
	static void killAll() {
		RUNNING.forEach(ServiceProcess::kill);
	}

	@Override
	public void close() {
		RUNNING.remove(this.process);
		if (this.sampling && !Double.isNaN(this.startSeconds)) {
			sample();
			this.footprints.record(this.name, this.startSeconds, this.maxHeap.get(), this.maxRss.get());
		}
		this.sampling = false;
		this.process.close();
	}

}
