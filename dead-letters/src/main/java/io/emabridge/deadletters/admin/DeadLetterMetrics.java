package io.emabridge.deadletters.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.emabridge.deadletters.DeadLetters;
import io.emabridge.deadletters.replay.ReplayMemory;
import io.emabridge.deadletters.replay.ReplayOutcome;
import io.emabridge.deadletters.replay.ReplayReport;

/**
 * The dead-letter meters, declared once: {@code ema_dead_letter_depth{topic,reason}}, the
 * dead letters not replayed yet (recomputed every {@code depth-refresh} by reading the
 * topics), and {@code ema_dead_letter_replays_total{topic,outcome}}, what replays through
 * the admin endpoints did.
 */
public class DeadLetterMetrics implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(DeadLetterMetrics.class);

	private final MeterRegistry registry;

	private final DeadLetters deadLetters;

	private final List<String> topics;

	private final MultiGauge depth;

	private final Map<String, Set<String>> seenReasons = new HashMap<>();

	private final ScheduledExecutorService refresher;

	DeadLetterMetrics(MeterRegistry registry, DeadLetters deadLetters, List<String> topics, Duration refresh) {
		this.registry = registry;
		this.deadLetters = deadLetters;
		this.topics = List.copyOf(topics);
		this.depth = MultiGauge.builder("ema.dead.letter.depth")
			.description("Dead letters not replayed yet, by dead-letter topic and reason")
			.register(registry);
		this.refresher = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "dead-letter-depth");
			thread.setDaemon(true);
			return thread;
		});
		long period = Math.max(1, refresh.toMillis());
		this.refresher.scheduleWithFixedDelay(this::refresh, Math.min(period, 10_000), period, TimeUnit.MILLISECONDS);
	}

	/** Counts what a replay did. */
	void replayed(ReplayReport report) {
		if (report.dryRun()) {
			return;
		}
		report.counts().forEach((outcome, count) -> {
			if (count > 0) {
				replays(report.topic(), outcome).increment(count);
			}
		});
		this.refresher.execute(this::refresh);
	}

	private Counter replays(String topic, ReplayOutcome outcome) {
		return Counter.builder("ema.dead.letter.replays")
			.description("Dead letters replayed through the admin endpoints, by dead-letter topic and outcome")
			.tags("topic", topic, "outcome", outcome.value())
			.register(this.registry);
	}

	/**
	 * Reads every topic and the replay memory and sets the gauges; a topic that cannot be
	 * read keeps its old rows.
	 */
	synchronized void refresh() {
		List<MultiGauge.Row<?>> rows = new ArrayList<>();
		try {
			ReplayMemory memory = this.deadLetters.memory();
			for (String topic : this.topics) {
				Map<String, Integer> byReason = new TreeMap<>();
				this.deadLetters.reader().read(topic, (letter) -> {
					if (memory.replays(letter) == 0) {
						byReason.merge(letter.reason(), 1, Integer::sum);
					}
				});
				// a reason seen once stays at 0 rather than vanishing, so that alerts and
				// graphs see it fall
				this.seenReasons.computeIfAbsent(topic, (t) -> new TreeSet<>()).addAll(byReason.keySet());
				for (String reason : this.seenReasons.get(topic)) {
					rows.add(MultiGauge.Row.of(Tags.of("topic", topic, "reason", reason),
							byReason.getOrDefault(reason, 0)));
				}
			}
			this.depth.register(rows, true);
		}
		catch (RuntimeException ex) {
			log.debug("Could not count dead letters, keeping the last counts: {}", ex.toString());
		}
	}

	@Override
	public void close() throws InterruptedException {
		// a count in progress ends by itself within the Kafka timeout; interrupting it
		// would only make the client complain
		this.refresher.shutdown();
		if (!this.refresher.awaitTermination(5, TimeUnit.SECONDS)) {
			this.refresher.shutdownNow();
		}
	}

}
