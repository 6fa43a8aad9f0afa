package io.emabridge.deadletters.replay;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import io.emabridge.deadletters.letter.DeadLetter;
import io.emabridge.deadletters.letter.DeadLetterReader;
import io.emabridge.deadletters.letter.UnknownTopicException;

/**
 * Which dead letters were replayed, kept in a compacted Kafka topic keyed by the dead
 * letter's position ({@code topic/partition/offset}): the last record per key says how
 * often and when it was last replayed. It needs nothing but the broker the dead letters
 * are on, so it serves every worker and every dead-letter topic alike.
 */
public final class ReplayMemory {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private final String topic;

	private final Map<String, Replay> replays;

	private ReplayMemory(String topic, Map<String, Replay> replays) {
		this.topic = topic;
		this.replays = replays;
	}

	/**
	 * Reads the memory topic to its end; a topic that does not exist yet is an empty
	 * memory.
	 */
	public static ReplayMemory load(DeadLetterReader reader, String topic) {
		Map<String, Replay> replays = new HashMap<>();
		try {
			reader.read(topic, (record) -> {
				String key = record.keyText();
				if (key == null) {
					return;
				}
				if (record.value() == null) {
					replays.remove(key);
				}
				else {
					parse(record).ifPresent((replay) -> replays.put(key, replay));
				}
			});
		}
		catch (UnknownTopicException ex) {
			// nothing was ever replayed through this memory
		}
		return new ReplayMemory(topic, replays);
	}

	public String topic() {
		return this.topic;
	}

	/** How often the dead letter was replayed; 0 when never. */
	public int replays(DeadLetter letter) {
		Replay replay = this.replays.get(letter.position());
		return (replay != null) ? replay.replays() : 0;
	}

	public Optional<Replay> replay(DeadLetter letter) {
		return Optional.ofNullable(this.replays.get(letter.position()));
	}

	/** Remembers a replay, here and (asynchronously) in the topic. */
	Future<RecordMetadata> remember(Producer<byte[], byte[]> producer, DeadLetter letter, Instant at, String reason) {
		Replay replay = new Replay(letter.position(), letter.eventId(), replays(letter) + 1, at.toString(), reason);
		this.replays.put(letter.position(), replay);
		return producer
			.send(new ProducerRecord<>(this.topic, bytes(letter.position()), MAPPER.writeValueAsBytes(replay)));
	}

	private static Optional<Replay> parse(DeadLetter record) {
		try {
			return Optional.of(MAPPER.readValue(record.value(), Replay.class));
		}
		catch (JacksonException ex) {
			// not ours: a memory record is never rewritten, so an unreadable one is
			// ignored rather than fatal
			return Optional.empty();
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** What one dead letter's replays were; the value of a memory record. */
	public record Replay(String deadLetter, String eventId, int replays, String lastReplayedAt, String reason) {
	}

}
