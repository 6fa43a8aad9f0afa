package io.emabridge.support.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Kafka's part of {@code /actuator/health}: whether the cluster answers a describe
 * request within a short timeout. A result is reused for a while so that frequent probes
 * (load balancers, Kubernetes, the WHMCS module's ping) do not each cost a round trip to
 * the broker.
 */
public class KafkaHealth implements HealthIndicator, AutoCloseable {

	private final Supplier<Health> probe;

	/**
	 * The admin client this check made for itself and closes with it; null when the
	 * caller's.
	 */
	private Admin ownAdmin;

	private final long cacheNanos;

	private final LongSupplier nanoTime;

	private Health last;

	private long lastAt;

	KafkaHealth(Supplier<Health> probe, Duration cacheTime, LongSupplier nanoTime) {
		this.probe = probe;
		this.cacheNanos = cacheTime.toNanos();
		this.nanoTime = nanoTime;
	}

	public static KafkaHealth describingCluster(Admin admin, Duration timeout, Duration cacheTime) {
		return new KafkaHealth(() -> describe(admin, timeout), cacheTime, System::nanoTime);
	}

	/**
	 * A check with an admin client of its own, made from the application's Kafka settings
	 * (Boot's {@code KafkaAdmin.getConfigurationProperties()}, so TLS and SASL apply)
	 * with short timeouts.
	 */
	public static KafkaHealth withOwnAdmin(Map<String, Object> kafkaSettings, String clientId, Duration timeout,
			Duration cacheTime) {
		Map<String, Object> config = new HashMap<>(kafkaSettings);
		config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
		Admin admin = Admin.create(config);
		KafkaHealth health = describingCluster(admin, timeout, cacheTime);
		health.ownAdmin = admin;
		return health;
	}

	@Override
	public void close() {
		if (this.ownAdmin != null) {
			this.ownAdmin.close(Duration.ofSeconds(1));
		}
	}

	@Override
	public synchronized Health health() {
		long now = this.nanoTime.getAsLong();
		if (this.last == null || now - this.lastAt >= this.cacheNanos) {
			this.last = this.probe.get();
			this.lastAt = this.nanoTime.getAsLong();
		}
		return this.last;
	}

	public boolean isUp() {
		return Status.UP.equals(health().getStatus());
	}

	private static Health describe(Admin admin, Duration timeout) {
		long millis = timeout.toMillis();
		DescribeClusterResult cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) millis));
		try {
			String clusterId = cluster.clusterId().get(millis, TimeUnit.MILLISECONDS);
			int nodes = cluster.nodes().get(millis, TimeUnit.MILLISECONDS).size();
			return Health.up().withDetail("clusterId", clusterId).withDetail("nodes", nodes).build();
		}
		catch (ExecutionException ex) {
			return Health.down().withDetail("error", String.valueOf(ex.getCause())).build();
		}
		catch (TimeoutException ex) {
			return Health.down().withDetail("error", "no answer within " + millis + " ms").build();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Health.down().withDetail("error", "interrupted").build();
		}
	}

}
