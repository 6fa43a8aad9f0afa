package io.emabridge.support.kafka;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;

import io.emabridge.testsupport.SharedKafka;
import io.emabridge.testsupport.TestNames;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AcknowledgedSenderTests {

	private final DefaultKafkaProducerFactory<String, byte[]> factory = new DefaultKafkaProducerFactory<>(
			producer(Duration.ofSeconds(10)));

	private final KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(this.factory);

	@AfterEach
	void close() {
		this.factory.destroy();
	}

	@Test
	void answersWhereKafkaStoredTheRecord() {
		String topic = TestNames.topic("acked");
		SharedKafka.createTopic(topic, 1);
		AcknowledgedSender<String, byte[]> sender = new AcknowledgedSender<>(this.template, Duration.ofSeconds(30));

		RecordMetadata first = sender.send(new ProducerRecord<>(topic, "1", "{}".getBytes()));
		sender
			.sendAll(List.of(new ProducerRecord<>(topic, "2", "{}".getBytes()),
					new ProducerRecord<>(topic, "3", "{}".getBytes())))
			.await();
		RecordMetadata last = sender.send(new ProducerRecord<>(topic, "4", "{}".getBytes()));

		assertThat(first.topic()).isEqualTo(topic);
		assertThat(last.offset()).isEqualTo(first.offset() + 3);
	}

	@Test
	void aRecordKafkaRefusesIsNotAcknowledged() {
		String topic = TestNames.topic("refused");
		SharedKafka.createTopic(topic, 1);
		AcknowledgedSender<String, byte[]> sender = new AcknowledgedSender<>(this.template, Duration.ofSeconds(30));
		ProducerRecord<String, byte[]> tooLarge = new ProducerRecord<>(topic, "1", new byte[2 * 1024 * 1024]);

		assertThatExceptionOfType(NotAcknowledgedException.class).isThrownBy(() -> sender.send(tooLarge))
			.havingRootCause()
			.isInstanceOf(RecordTooLargeException.class);
		assertThatExceptionOfType(NotAcknowledgedException.class).isThrownBy(
				() -> sender.sendAll(List.of(new ProducerRecord<>(topic, "2", "{}".getBytes()), tooLarge)).await());
	}

	@Test
	void aTopicThatDoesNotExistIsNotAcknowledgedWithinTheTimeout() {
		// the producer's own waits end within the timeout too, as every service sets them
		DefaultKafkaProducerFactory<String, byte[]> quick = new DefaultKafkaProducerFactory<>(
				producer(Duration.ofSeconds(1)));
		try {
			AcknowledgedSender<String, byte[]> sender = new AcknowledgedSender<>(new KafkaTemplate<>(quick),
					Duration.ofSeconds(1));

			assertThatExceptionOfType(NotAcknowledgedException.class)
				.isThrownBy(() -> sender.send(new ProducerRecord<>(TestNames.topic("missing"), "1", "{}".getBytes())))
				.withMessageContaining("within 1000 ms");
		}
		finally {
			quick.destroy();
		}
	}

	@Test
	void noAnswerInTimeIsNotAcknowledged() {
		AcknowledgedSender<String, byte[]> sender = new AcknowledgedSender<>(neverAnswers(), Duration.ofMillis(50));
		ProducerRecord<String, byte[]> record = new ProducerRecord<>("any", "1", "{}".getBytes());

		assertThatExceptionOfType(NotAcknowledgedException.class).isThrownBy(() -> sender.send(record))
			.withMessageContaining("within 50 ms");
		assertThatExceptionOfType(NotAcknowledgedException.class)
			.isThrownBy(() -> sender.sendAll(List.of(record)).await());
	}

	@Test
	void anInterruptedWaitIsNotAcknowledgedAndKeepsTheInterrupt() {
		AcknowledgedSender<String, byte[]> sender = new AcknowledgedSender<>(neverAnswers(), Duration.ofMinutes(1));
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(NotAcknowledgedException.class)
				.isThrownBy(() -> sender.send(new ProducerRecord<>("any", "1", "{}".getBytes())));
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
	}

	private static Map<String, Object> producer(Duration timeout) {
		Map<String, Object> config = new HashMap<>(KafkaClientSettings.durableProducer(timeout));
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
		return config;
	}

	/** A template whose sends are never acknowledged. */
	@SuppressWarnings("unchecked")
	private static KafkaOperations<String, byte[]> neverAnswers() {
		return (KafkaOperations<String, byte[]>) Proxy.newProxyInstance(AcknowledgedSenderTests.class.getClassLoader(),
				new Class<?>[] { KafkaOperations.class }, (proxy, method, arguments) -> {
					if (method.getName().equals("send")) {
						return new CompletableFuture<>();
					}
					throw new UnsupportedOperationException(method.getName());
				});
	}

}
