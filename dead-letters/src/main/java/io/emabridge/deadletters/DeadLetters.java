package io.emabridge.deadletters;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import org.apache.kafka.clients.producer.KafkaProducer;

import io.emabridge.deadletters.letter.DeadLetter;
import io.emabridge.deadletters.letter.DeadLetterFilter;
import io.emabridge.deadletters.letter.DeadLetterReader;
import io.emabridge.deadletters.replay.ReplayMemory;
import io.emabridge.deadletters.replay.ReplayOptions;
import io.emabridge.deadletters.replay.ReplayProgress;
import io.emabridge.deadletters.replay.ReplayReport;
import io.emabridge.deadletters.replay.Replayer;

/**
 * The operations of the {@code dlt} command and of the admin endpoints, on one cluster:
 * list, find and replay dead letters of any dead-letter topic, with one replay memory
 * topic for all of them.
 */
public final class DeadLetters {

	private final KafkaClients clients;

	private final DeadLetterReader reader;

	private final String memoryTopic;

	private final short memoryReplicationFactor;

	private final Clock clock;

	public DeadLetters(KafkaClients clients, String memoryTopic, short memoryReplicationFactor, Clock clock) {
		this.clients = clients;
		this.reader = new DeadLetterReader(clients::consumer, clients.timeout());
		this.memoryTopic = memoryTopic;
		this.memoryReplicationFactor = memoryReplicationFactor;
		this.clock = clock;
	}

	/** Dead letters the filter selects, each with how often it was replayed. */
	public List<Listed> list(String topic, DeadLetterFilter filter) {
		List<DeadLetter> letters = this.reader.list(topic, filter);
		ReplayMemory memory = memory();
		return letters.stream().map((letter) -> new Listed(letter, memory.replays(letter))).toList();
	}

	/**
	 * Every dead letter of the event (an event that failed again after a replay has
	 * several).
	 */
	public List<Listed> find(String topic, String eventId) {
		return list(topic, new DeadLetterFilter(null, null, null, Set.of(eventId), null, null));
	}

	public ReplayReport replay(String topic, DeadLetterFilter filter, ReplayOptions options) {
		return replay(topic, filter, options, ReplayProgress.NONE);
	}

	/**
	 * Replays as {@link #replay(String, DeadLetterFilter, ReplayOptions)}, telling
	 * {@code progress} how far it got.
	 */
	public ReplayReport replay(String topic, DeadLetterFilter filter, ReplayOptions options, ReplayProgress progress) {
		if (!options.dryRun()) {
			this.clients.ensureCompactedTopic(this.memoryTopic, this.memoryReplicationFactor);
		}
		ReplayMemory memory = memory();
		try (KafkaProducer<byte[], byte[]> producer = this.clients.producer()) {
			return new Replayer(this.reader, producer, this.clock).replay(topic, filter, options, memory, progress);
		}
	}

	/** Reads the replay memory topic, to its end. */
	public ReplayMemory memory() {
		return ReplayMemory.load(this.reader, this.memoryTopic);
	}

	public DeadLetterReader reader() {
		return this.reader;
	}

	/** A dead letter and how often it was replayed. */
	public record Listed(DeadLetter letter, int replays) {
	}

}
