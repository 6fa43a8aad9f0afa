package io.emabridge.deadletters.admin;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The dead letters a service serves on its admin endpoints and measures,
 * {@code ema.dead-letters.*}. The cluster is Boot's {@code spring.kafka.*}.
 *
 * @param topics the dead-letter topics; the first is the default of every request
 * @param memoryTopic the compacted topic that remembers replays (shared with the dlt
 * command)
 * @param memoryReplicationFactor replicas of the memory topic when it is created
 * @param timeout how long Kafka may take to answer
 * @param depthRefresh how often the dead-letter depth gauges are recomputed (each time
 * reads the topics)
 * @param ledgerView whether GET /admin/dead-letters/{eventId} adds the provisioning
 * ledger's view (needs the worker's {@link LedgerViews} bean)
 */
@ConfigurationProperties("ema.dead-letters")
@Validated
public record DeadLettersProperties(@DefaultValue("ema.lifecycle.v1-dlt") @NotEmpty List<@NotBlank String> topics,
		@DefaultValue("ema.dead-letters.replayed") @NotBlank String memoryTopic,
		@DefaultValue("1") @Min(1) @Max(Short.MAX_VALUE) int memoryReplicationFactor,
		@DefaultValue("30s") @NotNull Duration timeout, @DefaultValue("60s") @NotNull Duration depthRefresh,
		@DefaultValue("false") boolean ledgerView) {

	public String defaultTopic() {
		return this.topics.get(0);
	}
}
