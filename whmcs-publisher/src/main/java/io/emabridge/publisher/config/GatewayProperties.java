package io.emabridge.publisher.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import io.emabridge.model.topic.Topics;

/**
 * Everything the gateway reads from {@code ema.gateway.*}. Kafka connection settings stay
 * with Boot's {@code spring.kafka.*}.
 *
 * @param secrets shared secrets the WHMCS module may sign with; more than one while a
 * secret is being rotated. Required: there is no default, and the application does not
 * start without one
 * @param timestampTolerance how far X-EMA-Timestamp may be from the gateway's clock,
 * either way
 * @param maxBodySize largest request body accepted; larger ones are refused with 413
 * before they are read in full
 * @param topic the lifecycle topic events are published to
 * @param partitions partitions of the topic when the gateway creates it
 * @param replicationFactor replicas of the topic when the gateway creates it
 * @param createTopics whether to create the topic at start-up when it does not exist
 * @param source the CloudEvents ce_source attribute of every record
 * @param publishTimeout how long a request waits for Kafka's acknowledgement before it is
 * answered with 503; also bounds the producer's delivery.timeout.ms and max.block.ms
 * @param retryAfter the Retry-After sent with a 503
 * @param healthTimeout how long a Kafka health check waits for the cluster to answer
 * @param healthCacheTime how long a Kafka health result is reused before the cluster is
 * asked again
 * @param replayCacheSize how many accepted requests are remembered (for the timestamp
 * tolerance) so that a replay of one, the same signature again in any spelling of its
 * header, is answered as the original was without publishing a second record; 0 turns
 * remembering off (identical requests in flight at the same moment are still published
 * once). Beyond the size, or across gateway instances, a replay is published again and
 * the workers skip it as a duplicate event id
 */
@ConfigurationProperties("ema.gateway")
@Validated
public record GatewayProperties(@NotEmpty(
		message = "must list at least one shared secret (the one the WHMCS module signs with)") List<@NotBlank String> secrets,
		@DefaultValue("300s") @NotNull Duration timestampTolerance, @DefaultValue("64KB") @NotNull DataSize maxBodySize,
		@DefaultValue(Topics.LIFECYCLE) @NotBlank String topic, @DefaultValue("6") @Min(1) int partitions,
		@DefaultValue("1") @Min(1) @Max(Short.MAX_VALUE) int replicationFactor,
		@DefaultValue("true") boolean createTopics, @DefaultValue("/whmcs/gateway") @NotBlank String source,
		@DefaultValue("10s") @NotNull Duration publishTimeout, @DefaultValue("5s") @NotNull Duration retryAfter,
		@DefaultValue("2s") @NotNull Duration healthTimeout, @DefaultValue("5s") @NotNull Duration healthCacheTime,
		@DefaultValue("100000") @Min(0) int replayCacheSize) {

	public GatewayProperties {
		secrets = (secrets != null) ? Collections.unmodifiableList(new ArrayList<>(secrets)) : List.of();
	}

	/** Never prints the secrets, only how many there are. */
	@Override
	public String toString() {
		return "GatewayProperties[secrets=(" + this.secrets.size() + " hidden), timestampTolerance="
				+ this.timestampTolerance + ", maxBodySize=" + this.maxBodySize + ", topic=" + this.topic
				+ ", partitions=" + this.partitions + ", replicationFactor=" + this.replicationFactor
				+ ", createTopics=" + this.createTopics + ", source=" + this.source + ", publishTimeout="
				+ this.publishTimeout + ", retryAfter=" + this.retryAfter + ", healthTimeout=" + this.healthTimeout
				+ ", healthCacheTime=" + this.healthCacheTime + ", replayCacheSize=" + this.replayCacheSize + "]";
	}
}
