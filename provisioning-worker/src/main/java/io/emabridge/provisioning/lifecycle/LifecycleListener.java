package io.emabridge.provisioning.lifecycle;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

import io.emabridge.provisioning.applier.ApplierLoop;
import io.emabridge.provisioning.decisions.EventRecorder;
import io.emabridge.provisioning.ledger.IncomingEvent;
import io.emabridge.provisioning.ledger.Ledger;
import io.emabridge.provisioning.ledger.RecordingPlan;
import io.emabridge.provisioning.metrics.WorkerMetrics;
import io.emabridge.provisioning.metrics.WorkerMetrics.Outcome;

/**
 * Records each batch of lifecycle events in the ledger, in one transaction, and wakes the
 * applier. Consumption only records intent: the archive is called by the applier, so a
 * slow or failing archive never holds up a partition.
 * <p>
 * The container commits the batch's offsets after this returns (ack mode BATCH), so an
 * offset is committed only once its event is in the ledger. A poison record ends the
 * batch: the records before it are recorded, and the error handler commits them, sends
 * the poison record to the dead-letter topic and delivers the rest again. A ledger that
 * cannot be written fails the batch at its first record, so that the error handler
 * delivers the whole batch again with back-off, for as long as it takes.
 * <p>
 * Every failure names the record it happened at: the handler's other way of retrying (a
 * whole batch, in memory) does not know poison records, and one among the records it
 * retries would be retried without end once the ledger is back.
 */
@Component
class LifecycleListener {

	/**
	 * The listener container's id, for pausing it while the archive circuit is open
	 * ({@link ConsumerPause}).
	 */
	static final String ID = "lifecycle";

	private static final Logger log = LoggerFactory.getLogger(LifecycleListener.class);

	private final RecordParser parser;

	private final Ledger ledger;

	private final EventRecorder recorder;

	private final ApplierLoop applier;

	private final WorkerMetrics metrics;

	LifecycleListener(RecordParser parser, Ledger ledger, EventRecorder recorder, ApplierLoop applier,
			WorkerMetrics metrics) {
		this.parser = parser;
		this.ledger = ledger;
		this.recorder = recorder;
		this.applier = applier;
		this.metrics = metrics;
	}

	// idIsGroup = false: the consumer group is spring.kafka.consumer.group-id, not the
	// listener's id
	@KafkaListener(id = ID, idIsGroup = false, topics = "${ema.worker.topic}", batch = "true")
	void onBatch(List<ConsumerRecord<String, byte[]>> records) {
		List<IncomingEvent> events = new ArrayList<>(records.size());
		for (int i = 0; i < records.size(); i++) {
			RecordParser.Parsed parsed = this.parser.parse(records.get(i));
			if (parsed instanceof RecordParser.Poison poison) {
				// the records before it first: while the ledger is away, nothing is said
				// of the poison record (the batch comes again)
				record(events, records);
				ConsumerRecord<String, byte[]> record = records.get(i);
				log.warn("Poison record at {}-{}@{} goes to the dead-letter topic as {}: {}", record.topic(),
						record.partition(), record.offset(), poison.failure().reason().value(),
						poison.failure().getMessage());
				throw new BatchListenerFailedException(poison.failure().getMessage(), poison.failure(), i);
			}
			events.add(((RecordParser.Good) parsed).event());
		}
		record(events, records);
	}

	private void record(List<IncomingEvent> events, List<ConsumerRecord<String, byte[]>> records) {
		if (events.isEmpty()) {
			return;
		}
		RecordingPlan plan;
		try {
			plan = this.ledger.record(events, this.recorder);
		}
		catch (RuntimeException ex) {
			// nothing of the batch is recorded: it is delivered again from its first
			// record
			throw new BatchListenerFailedException("The ledger could not record the batch", ex, records.get(0));
		}
		for (RecordingPlan.Verdict verdict : plan.verdicts()) {
			switch (verdict.kind()) {
				case DUPLICATE -> this.metrics.event(verdict.type(), Outcome.DUPLICATE);
				case STALE -> this.metrics.event(verdict.type(), Outcome.STALE);
				default -> {
				}
			}
		}
		this.applier.wake();
	}

}
