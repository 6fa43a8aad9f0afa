package io.emabridge.provisioning.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

import io.emabridge.model.archive.ArchiveApiClient;
import io.emabridge.model.archive.ArchiveApiSettings;
import io.emabridge.model.archive.NewTenant;
import io.emabridge.model.lifecycle.LifecycleEvent;
import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.model.lifecycle.ServiceCreated;
import io.emabridge.model.slug.SlugInput;
import io.emabridge.model.slug.SlugRules;

/**
 * The naive design the worker is measured against: a plain {@code @KafkaListener} that
 * takes one record at a time and calls the archive synchronously for it, one consumer
 * thread per partition. No ledger, no retries, no deduplication: only the work itself.
 * <p>
 * Deliberately not a {@code @Configuration}: the worker's component scan must not find
 * it.
 */
@EnableKafka
class BaselineListener {

	static final AtomicInteger processed = new AtomicInteger();

	@Bean
	ConsumerFactory<String, byte[]> consumerFactory(@Value("${baseline.bootstrap-servers}") String bootstrap,
			@Value("${baseline.group}") String group) {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
		config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		return new DefaultKafkaConsumerFactory<>(config);
	}

	@Bean
	ConcurrentKafkaListenerContainerFactory<String, byte[]> kafkaListenerContainerFactory(
			ConsumerFactory<String, byte[]> consumerFactory, @Value("${baseline.partitions}") int partitions) {
		ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
		factory.setConsumerFactory(consumerFactory);
		factory.setConcurrency(partitions);
		return factory;
	}

	@Bean
	ArchiveApiClient baselineArchive(@Value("${baseline.archive-url}") String url) {
		return new ArchiveApiClient(ArchiveApiSettings.of(url, "sandbox-key"));
	}

	@Bean
	Handler handler(ArchiveApiClient archive) {
		return new Handler(archive);
	}

	static final class Handler {

		private final ArchiveApiClient archive;

		Handler(ArchiveApiClient archive) {
			this.archive = archive;
		}

		@KafkaListener(topics = "${baseline.topic}")
		void on(ConsumerRecord<String, byte[]> record) {
			LifecycleEvent event = LifecycleEventJson.read(record.value());
			switch (event.type()) {
				case CREATE ->
					this.archive.createTenant(new NewTenant(SlugRules.derive(SlugInput.of((ServiceCreated) event)),
							"Service " + event.serviceId(), null, null, null));
				case SUSPEND, TERMINATE -> this.archive.suspend(slug(event));
				case UNSUSPEND -> this.archive.unsuspend(slug(event));
			}
			processed.incrementAndGet();
		}

		/**
		 * The benchmark names every service's company "Base {id}", which derives to this
		 * slug.
		 */
		private static String slug(LifecycleEvent event) {
			return "base-" + event.serviceId();
		}

	}

}
