package io.emabridge.usage.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import io.emabridge.model.topic.Topics;

/**
 * Everything the worker reads from {@code ema.usage.*}. Kafka connection and consumer
 * settings stay with Boot's {@code spring.kafka.*}, the database with
 * {@code spring.datasource.*}.
 *
 * @param topic the compacted usage snapshot topic (key = tenant slug)
 * @param dltTopic where snapshots that cannot be written into WHMCS go, with the reason
 * in headers
 * @param tenantStateTopic the provisioning worker's compacted tenant state topic (key =
 * service id)
 * @param partitions partitions of the usage topic when the worker creates it
 * @param dltPartitions partitions of the dead-letter topic when the worker creates it
 * @param replicationFactor replicas of every topic the worker creates
 * @param createTopics whether to create the usage and dead-letter topics at start-up when
 * they do not exist (the tenant state topic belongs to the provisioning worker)
 * @param publishTimeout how long a snapshot or dead letter may wait for Kafka's
 * acknowledgement
 * @param instanceId names this instance in the collection runs; empty picks host name
 * plus a random suffix
 * @param collector when and how usage is collected
 * @param writer how snapshots are written into WHMCS
 * @param api the read-only usage endpoint of the WHMCS module
 */
@ConfigurationProperties("ema.usage")
@Validated
public record UsageProperties(@DefaultValue(Topics.USAGE) @NotBlank String topic,
		@DefaultValue(Topics.USAGE_DLT) @NotBlank String dltTopic,
		@DefaultValue(Topics.TENANT_STATE) @NotBlank String tenantStateTopic, @DefaultValue("6") @Min(1) int partitions,
		@DefaultValue("1") @Min(1) int dltPartitions,
		@DefaultValue("1") @Min(1) @Max(Short.MAX_VALUE) int replicationFactor,
		@DefaultValue("true") boolean createTopics, @DefaultValue("10s") @NotNull Duration publishTimeout,
		@DefaultValue("") String instanceId, @DefaultValue @Valid @NotNull Collector collector,
		@DefaultValue @Valid @NotNull Writer writer, @DefaultValue @Valid @NotNull Api api) {

	/**
	 * When and how usage is collected from the archive.
	 *
	 * @param enabled whether the cron schedule runs (the admin trigger works either way)
	 * @param cron Spring cron expression (second minute hour day month weekday); default
	 * daily at 02:00
	 * @param zone the time zone of the cron expression
	 * @param storagePerLicense the storage one license includes, from the reseller
	 * contract: licenses = max(active users, ceil(storage / storagePerLicense)); binary
	 * units (10GB = 10 GiB)
	 * @param pageAttempts how many times one page of the tenant list is requested before
	 * the run fails
	 * @param pageRetryInitial wait before the second attempt of a page; doubled per
	 * attempt, at least a Retry-After
	 * @param pageRetryMax longest wait between attempts of a page
	 * @param readAhead how many pages are requested ahead of the one being compared
	 * @param lockKey the PostgreSQL advisory lock key that elects the collector;
	 * instances sharing a database and this key never collect at once
	 * @param lockUrl the JDBC URL of the connection that holds that lock, a session-level
	 * lock: it must reach PostgreSQL itself or a PgBouncer in session mode, never one in
	 * transaction mode; empty: {@code spring.datasource.url}
	 */
	public record Collector(@DefaultValue("true") boolean enabled, @DefaultValue("0 0 2 * * *") @NotBlank String cron,
			@DefaultValue("UTC") @NotNull ZoneId zone, @DefaultValue("10GB") @NotNull DataSize storagePerLicense,
			@DefaultValue("5") @Min(1) int pageAttempts, @DefaultValue("1s") @NotNull Duration pageRetryInitial,
			@DefaultValue("30s") @NotNull Duration pageRetryMax, @DefaultValue("4") @Min(0) @Max(32) int readAhead,
			@DefaultValue("7414212") long lockKey, @DefaultValue("") @NotNull @Pattern(regexp = "(jdbc:postgresql:.*)?",
					message = "must be a jdbc:postgresql: URL, or empty for spring.datasource.url") String lockUrl) {

		public Collector {
			if (storagePerLicense != null && storagePerLicense.toBytes() <= 0) {
				throw new IllegalArgumentException("ema.usage.collector.storage-per-license must be positive");
			}
		}
	}

	/**
	 * How snapshots are written into WHMCS.
	 *
	 * @param autoStartup whether the writer consumes from the start; false makes a
	 * collect-only instance (its listener can be started later through Spring Kafka's
	 * listener registry, id usage-writer)
	 * @param rateLimit most WHMCS API calls per second from this instance
	 * @param retry back-off of WHMCS writes that failed transiently
	 */
	public record Writer(@DefaultValue("true") boolean autoStartup,
			@DefaultValue("20") @DecimalMin("0.1") double rateLimit, @DefaultValue @Valid @NotNull Retry retry) {
	}

	/**
	 * Exponential back-off of a WHMCS write that failed transiently; the partition waits
	 * meanwhile, so nothing overtakes. After {@code giveUpAfter} the snapshot goes to the
	 * dead-letter topic, from which it can be replayed.
	 *
	 * @param initial first wait
	 * @param multiplier growth per attempt
	 * @param max longest wait (keep it well below the consumer's max.poll.interval.ms)
	 * @param giveUpAfter how long one snapshot is retried
	 */
	public record Retry(@DefaultValue("1s") @NotNull Duration initial,
			@DefaultValue("2") @DecimalMin("1.0") double multiplier, @DefaultValue("60s") @NotNull Duration max,
			@DefaultValue("1h") @NotNull Duration giveUpAfter) {
	}

	/**
	 * The read-only usage endpoint that the WHMCS module calls.
	 *
	 * @param secrets shared secrets the WHMCS module signs its requests with (its
	 * server's Access Hash, the same as the gateway's); several while rotating. Empty:
	 * the usage endpoint refuses every request
	 * @param timestampTolerance how far a signature's timestamp may be from this worker's
	 * clock
	 * @param maxServiceIds most service ids in one request
	 */
	public record Api(@DefaultValue List<String> secrets, @DefaultValue("300s") @NotNull Duration timestampTolerance,
			@DefaultValue("1000") @Min(1) int maxServiceIds) {

		/** Never prints the secrets. */
		@Override
		public String toString() {
			return "Api[secrets=(" + this.secrets.size() + " hidden), timestampTolerance=" + this.timestampTolerance
					+ ", maxServiceIds=" + this.maxServiceIds + "]";
		}
	}
}
