package io.emabridge.usage.tenantstate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

import io.emabridge.model.topic.CloudEventHeaders;
import io.emabridge.support.kafka.AcknowledgedSender;
import io.emabridge.usage.metrics.UsageMetrics;
import io.emabridge.usage.writer.UnknownTenants;

/**
 * Materialises the tenant state topic into the {@link TenantDirectory}, a poll batch at a
 * time. When a record names a tenant whose usage arrived before any service was known for
 * it, that usage is published again, so the writer now finds its service. Offsets are
 * committed only after both, so a failure repeats the batch (both steps are idempotent).
 */
class TenantStateListener {

	private static final Logger log = LoggerFactory.getLogger(TenantStateListener.class);

	private final TenantDirectory directory;

	private final UnknownTenants unknown;

	private final AcknowledgedSender<String, byte[]> sender;

	private final String usageTopic;

	private final UsageMetrics metrics;

	TenantStateListener(TenantDirectory directory, UnknownTenants unknown, KafkaTemplate<String, byte[]> template,
			String usageTopic, Duration timeout, UsageMetrics metrics) {
		this.directory = directory;
		this.unknown = unknown;
		this.sender = new AcknowledgedSender<>(template, timeout);
		this.usageTopic = usageTopic;
		this.metrics = metrics;
	}

	@KafkaListener(id = "tenant-state", topics = "${ema.usage.tenant-state-topic:ema.tenant-state.v1}",
			groupId = "${spring.kafka.consumer.group-id:ema-usage-sync-worker}-tenant-state",
			containerFactory = "tenantStateContainerFactory")
	void onBatch(List<ConsumerRecord<String, byte[]>> records) throws Exception {
		List<TenantStateRecord> states = new ArrayList<>(records.size());
		for (ConsumerRecord<String, byte[]> record : records) {
			try {
				states.add(TenantStateRecord.read(record.value()));
			}
			catch (IllegalArgumentException ex) {
				// the provisioning worker's topic: not ours to dead-letter; counted and
				// skipped
				this.metrics.tenantState("invalid");
				log.warn("Skipped tenant state record {}-{}@{}: {}", record.topic(), record.partition(),
						record.offset(), ex.getMessage());
			}
		}
		if (states.isEmpty()) {
			return;
		}
		int applied = this.directory.apply(states);
		for (int i = 0; i < applied; i++) {
			this.metrics.tenantState("applied");
		}
		for (int i = applied; i < states.size(); i++) {
			this.metrics.tenantState("stale");
		}
		Set<String> slugs = new LinkedHashSet<>();
		states.forEach((state) -> slugs.add(state.slug()));
		republishUnknown(slugs);
	}

	private void republishUnknown(Set<String> slugs) throws Exception {
		Map<String, byte[]> waiting = this.unknown.snapshotsOf(slugs);
		if (waiting.isEmpty()) {
			return;
		}
		List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
		for (Map.Entry<String, byte[]> entry : waiting.entrySet()) {
			ProducerRecord<String, byte[]> record = new ProducerRecord<>(this.usageTopic, entry.getKey(),
					entry.getValue());
			record.headers()
				.add(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON.getBytes(StandardCharsets.UTF_8));
			records.add(record);
		}
		this.sender.sendAll(records).await();
		waiting.forEach(this.unknown::forget);
		log.info("Usage of {} tenant(s) published again now that their WHMCS service is known", waiting.size());
	}

}
