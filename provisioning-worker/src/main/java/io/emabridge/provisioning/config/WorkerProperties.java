package io.emabridge.provisioning.config;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import io.emabridge.model.topic.Topics;

/**
 * Everything the worker reads from {@code ema.worker.*}. Kafka connection and consumer
 * settings stay with Boot's {@code spring.kafka.*}, the database with
 * {@code spring.datasource.*}.
 *
 * @param topic the lifecycle topic the worker consumes
 * @param dltTopic where events that cannot be applied go, with the reason in headers
 * @param tenantStateTopic the compacted topic of each service's tenant (key = service id)
 * @param partitions partitions of the lifecycle topic when the worker creates it
 * @param dltPartitions partitions of the dead-letter topic when the worker creates it
 * (dead letters are published with no partition, so any count works)
 * @param tenantStatePartitions partitions of the tenant state topic when the worker
 * creates it
 * @param replicationFactor replicas of every topic the worker creates
 * @param createTopics whether to create the three topics at start-up when they do not
 * exist
 * @param concurrency how many services the applier drives at once (each is one archive
 * call in flight at most)
 * @param pollInterval how often the applier looks in the ledger for due work besides
 * being woken by the listener: this is what picks up retries coming due and work recorded
 * by another instance
 * @param lease how long a claimed service stays with this instance; renewed at every
 * step, so it only needs to outlast one archive call. A crashed instance's services are
 * taken over once their lease ran out
 * @param waitForCreate how often a service whose create event has not arrived yet is
 * looked at again (its create event wakes it at once anyway)
 * @param missingCreateAfter how long a service with events but no create event (and no
 * tenant of its own) waits before it is reported as drift waiting_for_create, counted and
 * noticed in WHMCS; it keeps its events, and its newest intent applies once it is adopted
 * or its create arrives
 * @param ownershipClockSkew how far the archive's clock (and its timestamps' precision)
 * may lag behind the worker's when a tenant found after a lost create answer is checked
 * for having been created by that request
 * @param maxSlugAlternatives how many slugs are tried for one service before it is
 * dead-lettered as slug_exhausted
 * @param publishTimeout how long a tenant state or dead-letter record may wait for
 * Kafka's acknowledgement
 * @param instanceId names this instance in the ledger's claims; empty picks host name
 * plus a random suffix
 * @param listenerBackOff back-off of the listener when the ledger cannot be written (it
 * retries without end: nothing can progress without the ledger, and no event may be
 * skipped)
 * @param retry back-off of archive calls that failed transiently
 */
@ConfigurationProperties("ema.worker")
@Validated
public record WorkerProperties(@DefaultValue(Topics.LIFECYCLE) @NotBlank String topic,
		@DefaultValue(Topics.LIFECYCLE_DLT) @NotBlank String dltTopic,
		@DefaultValue(Topics.TENANT_STATE) @NotBlank String tenantStateTopic, @DefaultValue("6") @Min(1) int partitions,
		@DefaultValue("1") @Min(1) int dltPartitions, @DefaultValue("6") @Min(1) int tenantStatePartitions,
		@DefaultValue("1") @Min(1) @Max(Short.MAX_VALUE) int replicationFactor,
		@DefaultValue("true") boolean createTopics,
		@DefaultValue("64") @Min(value = 16,
				message = "must be at least 16: the applier must not stall behind a few slow services") int concurrency,
		@DefaultValue("500ms") @NotNull Duration pollInterval, @DefaultValue("60s") @NotNull Duration lease,
		@DefaultValue("5m") @NotNull Duration waitForCreate, @DefaultValue("15m") @NotNull Duration missingCreateAfter,
		@DefaultValue("5s") @NotNull Duration ownershipClockSkew, @DefaultValue("20") @Min(1) int maxSlugAlternatives,
		@DefaultValue("10s") @NotNull Duration publishTimeout, @DefaultValue("") String instanceId,
		@DefaultValue @Valid @NotNull BackOffProperties listenerBackOff,
		@DefaultValue @Valid @NotNull RetryProperties retry) {

	/**
	 * Exponential back-off of the listener when it cannot write the ledger.
	 *
	 * @param initial first wait
	 * @param max longest wait
	 */
	public record BackOffProperties(@DefaultValue("1s") @NotNull Duration initial,
			@DefaultValue("30s") @NotNull Duration max) {
	}

	/**
	 * Exponential back-off with full jitter: the n-th retry waits a random time between
	 * zero and {@code min(max, initial * multiplier^(n-1))}, and at least what a
	 * {@code Retry-After} asked for.
	 *
	 * @param initial the ceiling of the first wait
	 * @param multiplier how much the ceiling grows per attempt
	 * @param max the largest ceiling
	 * @param giveUpAfter how long after the first failure a service is dead-lettered as
	 * retries_exhausted
	 */
	public record RetryProperties(@DefaultValue("1s") @NotNull Duration initial,
			@DefaultValue("2") @DecimalMin("1.0") double multiplier, @DefaultValue("5m") @NotNull Duration max,
			@DefaultValue("24h") @NotNull Duration giveUpAfter) {
	}
}
