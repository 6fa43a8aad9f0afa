package io.emabridge.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.emabridge.embedded.ServiceJars;

/**
 * What every benchmark gets: the infrastructure, the services' jars, the size of the run,
 * and where footprints are recorded. Services are started with a small heap and the JIT
 * compilers as deployed (the local stack's -XX:TieredStopAtLevel=1 starts faster and runs
 * slower: not what production runs), or the options --service-jvm gives.
 */
final class Context {

	static final String DEFAULT_SERVICE_JVM_TEXT = "-Xmx256m -XX:+UseSerialGC";

	static final List<String> DEFAULT_SERVICE_JVM = List.of(DEFAULT_SERVICE_JVM_TEXT.split(" "));

	static final String GATEWAY_SECRET = "bench-gateway-secret";

	static final String ARCHIVE_API_KEY = "bench-archive-key";

	static final String WHMCS_IDENTIFIER = "bench";

	static final String WHMCS_SECRET = "bench-whmcs-secret";

	final Infra infra;

	final Path checkout;

	final boolean quick;

	final int reps;

	/** Events in the large ledger of the ledger benchmark. */
	final long ledgerRows;

	final Footprints footprints = new Footprints();

	final Results results;

	/** The services' JVM options. */
	final List<String> serviceJvm;

	private final ServiceJars jars;

	Context(Infra infra, Path checkout, boolean quick, int reps, long ledgerRows, Results results,
			List<String> serviceJvm) {
		this.serviceJvm = List.copyOf(serviceJvm);
		this.infra = infra;
		this.ledgerRows = ledgerRows;
		this.checkout = checkout;
		this.quick = quick;
		this.reps = reps;
		this.results = results;
		this.jars = new ServiceJars(checkout);
	}

	/** {@code full} normally, {@code quick} with --quick. */
	int size(int full, int quick) {
		return this.quick ? quick : full;
	}

	Path jar(String module) {
		return this.jars.find(module)
			.orElseThrow(() -> new IllegalStateException("no executable jar of " + module + " under " + this.checkout
					+ ": build it first (./mvnw -B -DskipTests package)"));
	}

	boolean hasJar(String module) {
		return this.jars.find(module).isPresent();
	}

	Path logs() {
		return this.infra.home().resolve("logs");
	}

	/** The event gateway, publishing to {@code topic} (which the caller created). */
	ServiceJvm gateway(String topic) {
		return ServiceJvm.start("whmcs-publisher", jar("whmcs-publisher"), this.serviceJvm,
				List.of("--spring.kafka.bootstrap-servers=" + this.infra.bootstrapServers(),
						"--ema.gateway.secrets=" + GATEWAY_SECRET, "--ema.gateway.topic=" + topic,
						"--ema.gateway.create-topics=false", "--logging.level.root=WARN"),
				logs(), this.footprints);
	}

	/**
	 * A provisioning worker on {@code topic}; instances with the same group share its
	 * partitions.
	 */
	ServiceJvm worker(String topic, String group, String jdbcUrl, String archiveUrl, String whmcsUrl,
			List<String> extra) {
		// the bridge's own throughput is measured: the archive quota's limiter is off
		return worker(topic, group, jdbcUrl, archiveUrl, whmcsUrl, 0, extra);
	}

	/**
	 * A provisioning worker whose archive calls are limited to {@code archiveRate} per
	 * second (0 = off); given twice on the command line, a property would bind as a list.
	 */
	ServiceJvm worker(String topic, String group, String jdbcUrl, String archiveUrl, String whmcsUrl, int archiveRate,
			List<String> extra) {
		List<String> properties = new ArrayList<>(List.of(
				"--spring.kafka.bootstrap-servers=" + this.infra.bootstrapServers(),
				"--spring.kafka.consumer.group-id=" + group, "--spring.datasource.url=" + jdbcUrl,
				"--spring.datasource.username=postgres", "--spring.datasource.password=", "--ema.worker.topic=" + topic,
				"--ema.worker.dlt-topic=" + topic + "-dlt", "--ema.worker.tenant-state-topic=" + topic + "-state",
				"--ema.worker.instance-id=" + this.infra.name("worker"), "--ema.archive.base-url=" + archiveUrl,
				"--ema.archive.api-key=" + ARCHIVE_API_KEY,
				"--ema.archive.rate-limit.requests-per-second=" + archiveRate, "--ema.whmcs.url=" + whmcsUrl,
				"--ema.whmcs.identifier=" + WHMCS_IDENTIFIER, "--ema.whmcs.secret=" + WHMCS_SECRET,
				"--logging.level.io.emabridge=WARN"));
		properties.addAll(extra);
		return ServiceJvm.start("provisioning-worker", jar("provisioning-worker"), this.serviceJvm, properties, logs(),
				this.footprints);
	}

	void log(String format, Object... args) {
		System.out.printf("[bench %tT] %s%n", System.currentTimeMillis(),
				String.format(java.util.Locale.ROOT, format, args));
	}

}
