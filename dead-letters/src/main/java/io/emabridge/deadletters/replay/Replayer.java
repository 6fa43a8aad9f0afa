package io.emabridge.deadletters.replay;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.emabridge.deadletters.letter.DeadLetter;
import io.emabridge.deadletters.letter.DeadLetterFilter;
import io.emabridge.deadletters.letter.DeadLetterReader;
import io.emabridge.deadletters.letter.DltHeaders;

/**
 * Publishes dead letters again to the topic they failed on: the original key, value and
 * headers (CloudEvents attributes included), without the failure headers, plus a replay
 * counter, the operator's reason and where it was replayed from. The workers' idempotency
 * and newest-wins ordering make this safe: an event that was applied meanwhile is a
 * duplicate, an event older than the service's newest is stale.
 * <p>
 * Each replayed record is remembered only once Kafka acknowledged it, so a replay that
 * fails half-way can be run again and sends only what did not go. A crash between the
 * acknowledgement and the memory write can send a record twice on the next run; the
 * workers take that as the duplicate it is.
 */
public final class Replayer {

	/** Records in flight before their acknowledgements are collected. */
	private static final int CHUNK = 2_000;

	private final DeadLetterReader reader;

	private final Producer<byte[], byte[]> producer;

	private final Clock clock;

	public Replayer(DeadLetterReader reader, Producer<byte[], byte[]> producer, Clock clock) {
		this.reader = reader;
		this.producer = producer;
		this.clock = clock;
	}

	/**
	 * Replays what the filter selects in the topic up to its end at the start, skipping
	 * what memory has.
	 */
	public ReplayReport replay(String topic, DeadLetterFilter filter, ReplayOptions options, ReplayMemory memory) {
		return replay(topic, filter, options, memory, ReplayProgress.NONE);
	}

	/**
	 * Replays what the filter selects in the topic up to its end at the start, skipping
	 * what memory has, telling {@code progress} how far it has got.
	 */
	public ReplayReport replay(String topic, DeadLetterFilter filter, ReplayOptions options, ReplayMemory memory,
			ReplayProgress progress) {
		List<ReplayReport.Item> items = new ArrayList<>();
		List<Pending> pending = new ArrayList<>();
		RateLimiter limiter = (options.rate() > 0) ? limiter(options.rate()) : null;
		this.reader.read(topic, (letter) -> {
			if (!filter.matches(letter)) {
				progress.read(false);
				return;
			}
			int before = memory.replays(letter);
			String target = letter.originalTopic().orElse(null);
			boolean sent = false;
			if (before > 0 && !options.again()) {
				items.add(item(letter, target, ReplayOutcome.ALREADY_REPLAYED, before, null));
			}
			else if (target == null) {
				items.add(item(letter, null, ReplayOutcome.FAILED, before,
						"no " + DltHeaders.ORIGINAL_TOPIC + " header: the topic it failed on is unknown"));
			}
			else if (options.dryRun()) {
				items.add(item(letter, target, ReplayOutcome.WOULD_REPLAY, before + 1, null));
				sent = true;
			}
			else {
				if (limiter != null) {
					RateLimiter.waitForPermission(limiter);
				}
				int replays = Math.max(before, letter.replayCount()) + 1;
				pending.add(new Pending(letter, target, before,
						this.producer.send(record(letter, target, replays, options.reason()))));
				if (pending.size() >= CHUNK) {
					settle(pending, items, memory, options);
				}
				sent = true;
			}
			progress.read(sent);
		}, progress::started);
		settle(pending, items, memory, options);
		progress.finished();
		return new ReplayReport(topic, options.dryRun(), List.copyOf(items));
	}

	/**
	 * One permit every {@code 1 / rate} seconds: records go out evenly, not in a burst at
	 * the start of each second.
	 */
	static RateLimiter limiter(double rate) {
		return RateLimiter.of("dead-letter-replay",
				RateLimiterConfig.custom()
					.limitForPeriod(1)
					.limitRefreshPeriod(Duration.ofNanos(Math.max(1, Math.round(1e9 / rate))))
					.timeoutDuration(Duration.ofDays(1))
					.build());
	}

	private void settle(List<Pending> pending, List<ReplayReport.Item> items, ReplayMemory memory,
			ReplayOptions options) {
		if (pending.isEmpty()) {
			return;
		}
		this.producer.flush();
		Instant now = this.clock.instant();
		List<Future<RecordMetadata>> remembered = new ArrayList<>(pending.size());
		for (Pending sent : pending) {
			String error = failure(sent.future());
			remembered
				.add((error != null) ? null : memory.remember(this.producer, sent.letter(), now, options.reason()));
		}
		this.producer.flush();
		for (int i = 0; i < pending.size(); i++) {
			Pending sent = pending.get(i);
			String error = failure(sent.future());
			if (error != null) {
				items.add(item(sent.letter(), sent.target(), ReplayOutcome.FAILED, sent.before(), error));
			}
			else {
				String warning = failure(remembered.get(i));
				items
					.add(item(sent.letter(), sent.target(), ReplayOutcome.REPLAYED, sent.before() + 1, (warning != null)
							? "replayed, but not remembered (" + warning + "): a next run sends it again" : null));
			}
		}
		pending.clear();
	}

	private static ProducerRecord<byte[], byte[]> record(DeadLetter letter, String target, int replays, String reason) {
		RecordHeaders headers = new RecordHeaders();
		for (DeadLetter.Header header : letter.headers()) {
			String name = header.name();
			if (!name.startsWith(DltHeaders.SPRING_PREFIX) && !name.startsWith(DltHeaders.EMA_PREFIX)
					&& !name.equals(DltHeaders.REPLAY_COUNT) && !name.equals(DltHeaders.REPLAY_REASON)
					&& !name.equals(DltHeaders.REPLAYED_FROM)) {
				headers.add(name, header.value());
			}
		}
		headers.add(DltHeaders.REPLAY_COUNT, bytes(Integer.toString(replays)));
		headers.add(DltHeaders.REPLAY_REASON, bytes(reason));
		headers.add(DltHeaders.REPLAYED_FROM, bytes(letter.position()));
		return new ProducerRecord<>(target, null, letter.key(), letter.value(), headers);
	}

	private static String failure(Future<RecordMetadata> future) {
		if (future == null) {
			return "not sent";
		}
		try {
			future.get();
			return null;
		}
		catch (ExecutionException ex) {
			return String.valueOf(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
	}

	private static ReplayReport.Item item(DeadLetter letter, String target, ReplayOutcome outcome, int replays,
			String error) {
		return new ReplayReport.Item(letter.position(), letter.eventId(), letter.serviceId(), letter.eventType(),
				letter.reason(), target, outcome, replays, error);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private record Pending(DeadLetter letter, String target, int before, Future<RecordMetadata> future) {
	}

}
