package io.emabridge.usage.writer;

import java.time.Clock;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

import io.emabridge.deadletters.letter.DltHeaders;
import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.usage.config.UsageProperties;
import io.emabridge.usage.failure.DeadLetterReason;
import io.emabridge.usage.failure.UsageFailure;
import io.emabridge.usage.metrics.UsageMetrics;
import io.emabridge.usage.metrics.UsageMetrics.WriteOutcome;
import io.emabridge.usage.tenantstate.TenantDirectory;
import io.emabridge.usage.whmcs.UsageTarget;

/**
 * The writer and its error handling as one bean: a {@link DefaultErrorHandler} that sends
 * permanent failures to the dead-letter topic at once and retries everything else in
 * place (the partition waits, so nothing overtakes) with exponential back-off, until the
 * give-up period ends and the snapshot is dead-lettered too.
 */
@Configuration(proxyBeanMethods = false)
class WriterConfiguration {

	private static final Logger log = LoggerFactory.getLogger(WriterConfiguration.class);

	@Bean
	UnknownTenants unknownTenants(JdbcTemplate jdbc, Clock clock, UsageMetrics metrics) {
		UnknownTenants unknown = new JdbcUnknownTenants(jdbc, clock);
		metrics.unknownTenants(unknown::count);
		return unknown;
	}

	@Bean
	WrittenUsageStore writtenUsageStore(JdbcTemplate jdbc, Clock clock) {
		return new JdbcWrittenUsageStore(jdbc, clock);
	}

	@Bean
	UsageWriter usageWriter(TenantDirectory directory, WrittenUsageStore written, UnknownTenants unknown,
			UsageTarget target, UsageMetrics metrics) {
		return new UsageWriter(directory, written, unknown, target, metrics);
	}

	@Bean
	UsageListener usageListener(UsageWriter writer, FailureTracker tracker) {
		return new UsageListener(writer, tracker);
	}

	@Bean
	FailureTracker failureTracker(Clock clock) {
		return new FailureTracker(clock);
	}

	/**
	 * Publishes to the dead-letter topic without naming a partition (the key, the slug,
	 * keeps a tenant's dead letters together), with spring-kafka's standard headers plus
	 * ours, and waits for the acknowledgement.
	 */
	@Bean
	DeadLetterPublishingRecoverer usageDeadLetterRecoverer(KafkaTemplate<String, byte[]> template,
			UsageProperties properties, FailureTracker tracker) {
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
				(record, ex) -> new TopicPartition(properties.dltTopic(), -1));
		recoverer.setHeadersFunction((record, ex) -> {
			FailureTracker.Failures failures = tracker.take(record);
			DeadLetterReason reason = UsageFailure.find(ex)
				.filter((failure) -> failure.isPermanent())
				.map(UsageFailure::reason)
				.orElse(DeadLetterReason.RETRIES_EXHAUSTED);
			return DltHeaders.failure(reason.value(), failures.attempts(),
					LifecycleEventJson.formatInstant(failures.first()),
					LifecycleEventJson.formatInstant(failures.last()));
		});
		recoverer.setFailIfSendResultIsError(true);
		recoverer.setWaitForSendResultTimeout(properties.publishTimeout());
		return recoverer;
	}

	@Bean
	DefaultErrorHandler usageErrorHandler(DeadLetterPublishingRecoverer recoverer, UsageProperties properties,
			UsageMetrics metrics, FailureTracker tracker) {
		UsageProperties.Retry retry = properties.writer().retry();
		ExponentialBackOff backOff = new ExponentialBackOff(retry.initial().toMillis(), retry.multiplier());
		backOff.setMaxInterval(retry.max().toMillis());
		backOff.setMaxElapsedTime(retry.giveUpAfter().toMillis());
		DefaultErrorHandler handler = new DefaultErrorHandler((record, ex) -> {
			// the container wraps the failure; the dead letter's exception headers should
			// name the failure itself
			recoverer.accept(record, UsageFailure.find(ex).<Exception>map((failure) -> failure).orElse(ex));
			metrics.write(WriteOutcome.DEAD_LETTERED);
			log.warn("Usage record {}-{}@{} (tenant {}) dead-lettered: {}", record.topic(), record.partition(),
					record.offset(), record.key(),
					UsageFailure.find(ex).map(Throwable::getMessage).orElse(String.valueOf(ex)));
		}, backOff);
		handler.setBackOffFunction((record, ex) -> UsageFailure.isPermanentFailure(ex) ? new FixedBackOff(0, 0) : null);
		handler.setCommitRecovered(true);
		handler.setRetryListeners(new RetryListener() {

			@Override
			public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
				tracker.failed(record);
				if (!UsageFailure.isPermanentFailure(ex)) {
					metrics.write(WriteOutcome.RETRIED);
					log.warn("Could not write usage record {}-{}@{} (attempt {}), retrying: {}", record.topic(),
							record.partition(), record.offset(), deliveryAttempt,
							UsageFailure.find(ex).map(Throwable::getMessage).orElse(String.valueOf(ex)));
				}
			}

			@Override
			public void recovered(ConsumerRecord<?, ?> record, Exception ex) {
				tracker.forget(record);
			}
		});
		handler.setLogLevel(KafkaException.Level.DEBUG);
		return handler;
	}

	@Bean
	ConcurrentKafkaListenerContainerFactory<Object, Object> usageContainerFactory(
			ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
			DefaultErrorHandler usageErrorHandler, UsageProperties properties) {
		ConcurrentKafkaListenerContainerFactory<Object, Object> factory = new ConcurrentKafkaListenerContainerFactory<>();
		configurer.configure(factory, consumers);
		factory.setBatchListener(true);
		factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.BATCH);
		factory.setCommonErrorHandler(usageErrorHandler);
		factory.setAutoStartup(properties.writer().autoStartup());
		return factory;
	}

}
