package io.emabridge.provisioning.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

import io.emabridge.deadletters.letter.DltHeaders;
import io.emabridge.model.lifecycle.LifecycleEventJson;
import io.emabridge.provisioning.applier.ApplierLoop;
import io.emabridge.provisioning.applier.DeadLetterSink;
import io.emabridge.provisioning.archive.ArchiveAccount;
import io.emabridge.provisioning.archive.ArchiveAccounts;
import io.emabridge.provisioning.config.WorkerProperties;
import io.emabridge.provisioning.decisions.EventRecorder;
import io.emabridge.provisioning.failure.DeadLetter;
import io.emabridge.provisioning.failure.DeadLetterReason;
import io.emabridge.provisioning.failure.FailureClassifier;
import io.emabridge.provisioning.failure.ProvisioningFailure;
import io.emabridge.provisioning.metrics.WorkerMetrics;
import io.emabridge.provisioning.metrics.WorkerMetrics.Outcome;
import io.emabridge.support.kafka.KafkaClientSettings;
import io.emabridge.support.kafka.KafkaHealth;

/**
 * The topics, the client settings the worker's promises rest on, and error handling as
 * one bean: a {@link DefaultErrorHandler} that sends permanent failures (poison records)
 * to the dead-letter topic at once and retries everything else, a ledger that cannot be
 * written above all, with back-off and without end.
 */
@Configuration(proxyBeanMethods = false)
class KafkaConfiguration {

	/**
	 * Replaces Boot's logging listener: a tenant state or dead letter that is not
	 * acknowledged is logged once, with the service and the next attempt, by whoever sent
	 * it; the default would add an error with a stack trace per record (hundreds during a
	 * broker outage).
	 */
	@Bean
	ProducerListener<Object, Object> kafkaProducerListener() {
		return new ProducerListener<>() {
		};
	}

	/** Kafka's part of {@code /actuator/health}; Boot checks the database itself. */
	@Bean
	KafkaHealth kafkaHealthIndicator(KafkaAdmin kafkaAdmin) {
		return KafkaHealth.withOwnAdmin(kafkaAdmin.getConfigurationProperties(), "provisioning-worker-health",
				Duration.ofSeconds(2), Duration.ofSeconds(5));
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "ema.worker.create-topics", matchIfMissing = true)
	NewTopic lifecycleTopic(WorkerProperties properties) {
		return TopicBuilder.name(properties.topic())
			.partitions(properties.partitions())
			.replicas(properties.replicationFactor())
			.build();
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "ema.worker.create-topics", matchIfMissing = true)
	NewTopic deadLetterTopic(WorkerProperties properties) {
		return TopicBuilder.name(properties.dltTopic())
			.partitions(properties.dltPartitions())
			.replicas(properties.replicationFactor())
			.build();
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "ema.worker.create-topics", matchIfMissing = true)
	NewTopic tenantStateTopic(WorkerProperties properties) {
		return TopicBuilder.name(properties.tenantStateTopic())
			.partitions(properties.tenantStatePartitions())
			.replicas(properties.replicationFactor())
			.config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
			.build();
	}

	/**
	 * Applied over {@code spring.kafka.consumer.*}: offsets are committed by the
	 * container after the ledger has the batch, never automatically, and bytes that
	 * cannot be deserialized reach the listener as such instead of failing the poll.
	 */
	@Bean
	DefaultKafkaConsumerFactoryCustomizer workerConsumerSettings() {
		return (factory) -> factory.updateConfigs(KafkaClientSettings.manualCommitConsumer());
	}

	/**
	 * Applied over {@code spring.kafka.producer.*}: tenant states and dead letters are
	 * written once and to every in-sync replica, and every wait inside the producer ends
	 * within the publish timeout.
	 */
	@Bean
	DefaultKafkaProducerFactoryCustomizer workerProducerSettings(WorkerProperties properties) {
		return (factory) -> factory.updateConfigs(KafkaClientSettings.durableProducer(properties.publishTimeout()));
	}

	/**
	 * Publishes to the dead-letter topic without naming a partition (the topic may have
	 * fewer partitions than the lifecycle topic; the service id key keeps a service's
	 * dead letters together), with spring-kafka's standard headers plus ours, and waits
	 * for the acknowledgement.
	 */
	@Bean
	DeadLetterPublishingRecoverer deadLetterPublishingRecoverer(KafkaTemplate<String, byte[]> template,
			WorkerProperties properties, Clock clock) {
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
				(record, ex) -> new TopicPartition(properties.dltTopic(), -1));
		recoverer.setHeadersFunction((record, ex) -> headers(letterOf(ex, clock.instant())));
		recoverer.setFailIfSendResultIsError(true);
		recoverer.setWaitForSendResultTimeout(properties.publishTimeout());
		return recoverer;
	}

	@Bean
	DeadLetterSink deadLetterSink(DeadLetterPublishingRecoverer recoverer) {
		return new KafkaDeadLetterSink(recoverer);
	}

	@Bean
	CommonErrorHandler lifecycleErrorHandler(DeadLetterPublishingRecoverer recoverer, WorkerProperties properties,
			WorkerMetrics metrics, Clock clock) {
		ExponentialBackOff retryForever = new ExponentialBackOff(properties.listenerBackOff().initial().toMillis(),
				2.0);
		retryForever.setMaxInterval(properties.listenerBackOff().max().toMillis());
		DefaultErrorHandler handler = new DefaultErrorHandler((record, ex) -> {
			// the container wraps the failure twice; the dead letter's exception headers
			// should name the failure
			recoverer.accept(record, FailureClassifier.find(ex).<Exception>map((failure) -> failure).orElse(ex));
			DeadLetter letter = letterOf(ex, clock.instant());
			metrics.event(WorkerMetrics.UNKNOWN_TYPE, Outcome.DEAD_LETTERED);
			metrics.deadLetter(letter.reason());
		}, retryForever);
		// permanent failures are not retried; anything else (the ledger, above all) is
		// retried until it works
		handler.setBackOffFunction((record, ex) -> FailureClassifier.isPermanent(ex) ? new FixedBackOff(0, 0) : null);
		handler.setCommitRecovered(true);
		handler.setRetryListeners(new LedgerRetryLogger());
		// a poison record makes the handler re-seek the rest of the batch by throwing:
		// routine, so not an ERROR; a
		// ledger outage is still logged at this level on every retry
		handler.setLogLevel(KafkaException.Level.WARN);
		return handler;
	}

	/**
	 * The lifecycle listener pauses while no reseller account can take work: each one's
	 * circuit open or key refused.
	 */
	@Bean
	ConsumerPause consumerPause(KafkaListenerEndpointRegistry registry, ApplierLoop applier, ArchiveAccounts accounts,
			WorkerMetrics metrics) {
		ConsumerPause pause = new ConsumerPause(registry, applier, accounts::noneAvailable);
		for (ArchiveAccount account : accounts.all()) {
			account.circuit().onStateChange(pause::circuitChanged);
			account.keyCheck().onChange(pause::keyChanged);
		}
		metrics.consumersPaused(pause::paused);
		return pause;
	}

	@Bean
	RecordParser recordParser() {
		return new RecordParser();
	}

	@Bean
	EventRecorder eventRecorder() {
		return new EventRecorder();
	}

	/** The headers that say why, as every worker writes them. */
	static Headers headers(DeadLetter letter) {
		return DltHeaders.failure(letter.reason().value(), letter.attempts(),
				LifecycleEventJson.formatInstant(letter.firstFailure()),
				LifecycleEventJson.formatInstant(letter.lastFailure()));
	}

	static DeadLetter letterOf(Exception ex, Instant now) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof DeadLetteredException dead) {
				return dead.letter();
			}
		}
		ProvisioningFailure failure = FailureClassifier.find(ex).orElse(null);
		DeadLetterReason reason = (failure != null) ? failure.reason() : DeadLetterReason.RETRIES_EXHAUSTED;
		String message = (failure != null) ? failure.getMessage() : String.valueOf(ex.getMessage());
		return new DeadLetter(reason, message, 1, now, now);
	}

	/**
	 * Makes a listener that keeps failing (the ledger is down) visible, once per attempt.
	 */
	private static final class LedgerRetryLogger implements RetryListener {

		private static final Logger log = LoggerFactory.getLogger(LedgerRetryLogger.class);

		@Override
		public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
			if (!FailureClassifier.isPermanent(ex)) {
				log.warn("Could not record the event at {}-{}@{} (attempt {}), retrying: {}", record.topic(),
						record.partition(), record.offset(), deliveryAttempt, rootCause(ex));
			}
		}

		@Override
		public void failedDelivery(ConsumerRecords<?, ?> records, Exception ex, int deliveryAttempt) {
			// every failure of the listener names the record it happened at, which is
			// logged above with its attempt; a poison record is dead-lettered (and
			// logged by the listener). Anything else is a failure the listener did not
			// foresee.
			if (!namesItsRecord(ex) && !FailureClassifier.isPermanent(ex)) {
				log.warn("Could not record a batch of {} events (attempt {}), retrying: {}", records.count(),
						deliveryAttempt, rootCause(ex));
			}
		}

		private static boolean namesItsRecord(Throwable ex) {
			for (Throwable t = ex; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
				if (t instanceof BatchListenerFailedException) {
					return true;
				}
			}
			return false;
		}

		private static String rootCause(Throwable ex) {
			Throwable cause = ex;
			while (cause.getCause() != null && cause.getCause() != cause) {
				cause = cause.getCause();
			}
			return cause.toString();
		}

	}

}
