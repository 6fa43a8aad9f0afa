package io.emabridge.deadletters.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.emabridge.deadletters.replay.ReplayProgress;

/**
 * Shows an operator that a long replay is moving: a line on standard error every few
 * seconds, whatever the replay is waiting for (Kafka, the rate limit), and one at the
 * end. Each says how many dead letters were read of those to read, how many were sent
 * again, the rate, and about how long the rest will take.
 */
final class ReplayProgressPrinter implements ReplayProgress, AutoCloseable {

	static final Duration INTERVAL = Duration.ofSeconds(2);

	private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	private final PrintWriter out;

	private final LongSupplier nanoTime;

	private final String sentWord;

	private final long createdAt;

	private final AtomicLong total = new AtomicLong(-1);

	private final AtomicLong read = new AtomicLong();

	private final AtomicLong sent = new AtomicLong();

	private volatile long startedAt;

	private ScheduledExecutorService ticker;

	/**
	 * A printer that prints only when told to ({@link #tick()}, {@link #finished()}).
	 * @param out standard error, or what stands in for it
	 * @param nanoTime the clock ({@code System::nanoTime} outside tests)
	 * @param dryRun whether records are only listed, not sent
	 */
	ReplayProgressPrinter(PrintWriter out, LongSupplier nanoTime, boolean dryRun) {
		this.out = out;
		this.nanoTime = nanoTime;
		this.sentWord = dryRun ? "would be sent again" : "sent again";
		this.createdAt = nanoTime.getAsLong();
	}

	/** Prints a line every {@code interval} from now on, until closed. */
	ReplayProgressPrinter startTicking(Duration interval) {
		this.ticker = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "replay-progress");
			thread.setDaemon(true);
			return thread;
		});
		this.ticker.scheduleAtFixedRate(this::tick, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
		return this;
	}

	@Override
	public void started(long records) {
		this.startedAt = this.nanoTime.getAsLong();
		this.total.set(records);
	}

	@Override
	public void read(boolean sent) {
		this.read.incrementAndGet();
		if (sent) {
			this.sent.incrementAndGet();
		}
	}

	@Override
	public void finished() {
		stopTicking();
		print(finalLine());
	}

	/** Prints where the replay is now. */
	void tick() {
		print(line());
	}

	String line() {
		long now = this.nanoTime.getAsLong();
		long total = this.total.get();
		if (total < 0) {
			return "replay: reading the replay memory and the topic's offsets (" + duration(now - this.createdAt) + ")";
		}
		long read = this.read.get();
		long elapsed = now - this.startedAt;
		StringBuilder line = new StringBuilder("replay: ").append(count(read))
			.append(" of ")
			.append(count(total))
			.append(" dead letters read (")
			.append((total > 0) ? Math.min(100, read * 100 / total) : 100)
			.append("%), ")
			.append(count(this.sent.get()))
			.append(' ')
			.append(this.sentWord);
		if (read == 0 || elapsed <= 0) {
			return line.append(", time left not known yet").toString();
		}
		double perSecond = read * (double) SECOND / elapsed;
		long left = (long) (Math.max(0, total - read) / perSecond * SECOND);
		return line.append(", ")
			.append(rate(perSecond))
			.append("/s, about ")
			.append(duration(left))
			.append(" left")
			.toString();
	}

	String finalLine() {
		long elapsed = this.nanoTime.getAsLong() - ((this.total.get() < 0) ? this.createdAt : this.startedAt);
		long read = this.read.get();
		StringBuilder line = new StringBuilder("replay: done, ").append(count(read))
			.append(" dead letters read, ")
			.append(count(this.sent.get()))
			.append(' ')
			.append(this.sentWord)
			.append(", in ")
			.append(duration(elapsed));
		if (read > 0 && elapsed > 0) {
			line.append(" (").append(rate(read * (double) SECOND / elapsed)).append("/s)");
		}
		return line.toString();
	}

	@Override
	public void close() {
		stopTicking();
	}

	private void stopTicking() {
		if (this.ticker != null) {
			this.ticker.shutdownNow();
		}
	}

	private void print(String line) {
		this.out.println(line);
		this.out.flush();
	}

	private static String count(long count) {
		return String.format(Locale.ROOT, "%,d", count);
	}

	private static String rate(double perSecond) {
		return (perSecond < 10) ? String.format(Locale.ROOT, "%.1f", perSecond)
				: String.format(Locale.ROOT, "%,d", Math.round(perSecond));
	}

	static String duration(long nanos) {
		long seconds = Math.round(nanos / (double) SECOND);
		if (seconds < 120) {
			return seconds + " s";
		}
		long minutes = Math.round(seconds / 60.0);
		if (minutes < 120) {
			return minutes + " min";
		}
		return (minutes / 60) + " h " + (minutes % 60) + " min";
	}

}
