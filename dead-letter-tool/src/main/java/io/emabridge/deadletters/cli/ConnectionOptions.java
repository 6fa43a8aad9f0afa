package io.emabridge.deadletters.cli;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import picocli.CommandLine.Option;

import io.emabridge.deadletters.DeadLetters;
import io.emabridge.deadletters.KafkaClients;

/**
 * Where the dead letters are: the cluster, the dead-letter topic and the replay memory
 * topic.
 */
final class ConnectionOptions {

	static final String DEFAULT_TOPIC = "ema.lifecycle.v1-dlt";

	static final String DEFAULT_MEMORY_TOPIC = "ema.dead-letters.replayed";

	@Option(names = { "-b", "--bootstrap-servers" }, paramLabel = "HOST:PORT",
			defaultValue = "${env:EMA_KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
			description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}; env EMA_KAFKA_BOOTSTRAP_SERVERS)")
	String bootstrapServers;

	@Option(names = { "-t", "--topic" }, defaultValue = DEFAULT_TOPIC,
			description = "the dead-letter topic, e.g. ema.usage.v1-dlt (default: ${DEFAULT-VALUE})")
	String topic;

	@Option(names = "--memory-topic", defaultValue = DEFAULT_MEMORY_TOPIC,
			description = "the compacted topic that remembers replays (default: ${DEFAULT-VALUE})")
	String memoryTopic;

	@Option(names = "--memory-replication-factor", defaultValue = "1",
			description = "replicas of the memory topic when it is created (default: ${DEFAULT-VALUE})")
	short memoryReplicationFactor;

	@Option(names = { "-X", "--kafka-property" }, paramLabel = "KEY=VALUE",
			description = "any Kafka client setting, e.g. -X security.protocol=SSL (repeatable)")
	Map<String, String> kafkaProperties = new LinkedHashMap<>();

	@Option(names = "--timeout", defaultValue = "PT30S",
			description = "how long Kafka may take to answer, ISO-8601 (default: ${DEFAULT-VALUE})")
	Duration timeout;

	DeadLetters deadLetters() {
		Map<String, Object> connection = new HashMap<>(this.kafkaProperties);
		connection.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers);
		return new DeadLetters(new KafkaClients(connection, this.timeout), this.memoryTopic,
				this.memoryReplicationFactor, Clock.systemUTC());
	}

}
