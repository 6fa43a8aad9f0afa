package io.emabridge.publisher.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.emabridge.embedded.LocalKafka;
import io.emabridge.publisher.Events;
import io.emabridge.publisher.GatewayApplication;
import io.emabridge.publisher.GatewayClient;
import io.emabridge.publisher.GatewayClient.Answer;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker that only takes SASL-authenticated clients (SASL/PLAIN): the gateway reaches
 * it through Boot's standard {@code spring.kafka.security.*} and
 * {@code spring.kafka.properties.sasl.*} settings alone, and a wrong password is a 503
 * and a DOWN health, never an acknowledged event. TLS is configured the same way
 * ({@code spring.kafka.ssl.*}).
 */
class KafkaSaslTests {

	private static final String SECRET = "sasl-test-secret";

	private static final String CLIENT_PASSWORD = "client-password-7d1e";

	private static final String TOPIC = TestNames.topic("sasl");

	private static Path home;

	private static LocalKafka broker;

	@BeforeAll
	static void startSaslBroker() throws IOException {
		home = Files.createTempDirectory("ema-sasl-kafka");
		// the listener keeps its name but speaks SASL: clients and the broker itself must
		// authenticate
		broker = LocalKafka.start(home, 0,
				Map.of("listener.security.protocol.map", "PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
						"sasl.enabled.mechanisms", "PLAIN", "sasl.mechanism.inter.broker.protocol", "PLAIN",
						"listener.name.plaintext.plain.sasl.jaas.config",
						"org.apache.kafka.common.security.plain.PlainLoginModule required username=\"broker\" "
								+ "password=\"broker-password\" user_broker=\"broker-password\" user_ema=\""
								+ CLIENT_PASSWORD + "\";"));
		try (Admin admin = Admin.create(clientConfig(CLIENT_PASSWORD))) {
			admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
		}
		catch (Exception ex) {
			throw new IllegalStateException("could not create the topic on the SASL broker", ex);
		}
	}

	@AfterAll
	static void stopBroker() {
		if (broker != null) {
			broker.close();
		}
	}

	@Test
	void gatewayPublishesToASaslBrokerThroughBootsKafkaSettings() {
		try (ConfigurableApplicationContext gateway = gateway(CLIENT_PASSWORD)) {
			Answer answer = client(gateway).postEvent(Events.create(TestNames.serviceId()));

			assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
			assertThat(recordsOnTopic()).isEqualTo(1);
			assertThat(client(gateway).get("/actuator/health").body()).contains("\"UP\"");
		}
	}

	@Test
	void aWrongPasswordIsA503AndNothingIsAcknowledged() {
		long before = recordsOnTopic();
		try (ConfigurableApplicationContext gateway = gateway("wrong-password")) {
			Answer answer = client(gateway).postEvent(Events.create(TestNames.serviceId()));

			assertThat(answer.status()).as(answer.toString()).isEqualTo(503);
			assertThat(answer.body()).doesNotContain("wrong-password").doesNotContain(SECRET);
			assertThat(client(gateway).get("/actuator/health").status()).isEqualTo(503);
		}
		assertThat(recordsOnTopic()).isEqualTo(before);
	}

	private static ConfigurableApplicationContext gateway(String password) {
		return new SpringApplicationBuilder(GatewayApplication.class).run("--server.port=0",
				"--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
				"--spring.kafka.security.protocol=SASL_PLAINTEXT", "--spring.kafka.properties.sasl.mechanism=PLAIN",
				"--spring.kafka.properties.sasl.jaas.config=" + jaas(password), "--ema.gateway.secrets=" + SECRET,
				"--ema.gateway.create-topics=false", "--ema.gateway.publish-timeout=3s",
				"--ema.gateway.health-timeout=1s", "--ema.gateway.health-cache-time=0s",
				"--ema.gateway.topic=" + TOPIC);
	}

	private static GatewayClient client(ConfigurableApplicationContext gateway) {
		return new GatewayClient(((WebServerApplicationContext) gateway).getWebServer().getPort(), SECRET);
	}

	private static long recordsOnTopic() {
		Map<String, Object> config = clientConfig(CLIENT_PASSWORD);
		config.put(ConsumerConfig.GROUP_ID_CONFIG, TestNames.groupId("sasl"));
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			TopicPartition partition = new TopicPartition(TOPIC, 0);
			return consumer.endOffsets(List.of(partition), Duration.ofSeconds(10)).get(partition);
		}
	}

	private static Map<String, Object> clientConfig(String password) {
		return new java.util.HashMap<>(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
				CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT", SaslConfigs.SASL_MECHANISM, "PLAIN",
				SaslConfigs.SASL_JAAS_CONFIG, jaas(password)));
	}

	private static String jaas(String password) {
		return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"ema\" password=\""
				+ password + "\";";
	}

}
