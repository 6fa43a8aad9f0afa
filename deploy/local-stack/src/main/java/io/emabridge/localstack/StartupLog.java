package io.emabridge.localstack;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Tells the operator each part of the local stack as it comes up, what it is, where it
 * answers and how long it took, so that a first start (which unpacks PostgreSQL and
 * starts three JVMs) is seen to move rather than to hang.
 */
final class StartupLog {

	private final PrintStream out;

	private final LongSupplier nanoTime;

	/**
	 * A log to {@code out}.
	 * @param nanoTime the clock ({@code System::nanoTime} outside tests)
	 */
	StartupLog(PrintStream out, LongSupplier nanoTime) {
		this.out = out;
		this.nanoTime = nanoTime;
	}

	/** A log that prints nothing. */
	static StartupLog quiet() {
		return new StartupLog(new PrintStream(OutputStream.nullOutputStream()), System::nanoTime);
	}

	/**
	 * Starts a component and says where it is up, and after how long.
	 * @param component what it is, for the operator
	 * @param start starts it
	 * @param where where it answers, once it is up
	 */
	<T> T up(String component, Supplier<T> start, Function<T, String> where) {
		long since = now();
		T started = start.get();
		up(component, where.apply(started), since);
		return started;
	}

	/** Says that a component started at {@code since} is up and where. */
	void up(String component, String where, long since) {
		print(String.format(Locale.ROOT, "  %-22s up     %s (%s)", component, where, seconds(now() - since)));
	}

	/** Says that a component is starting, and where to look meanwhile. */
	void starting(String component, String detail) {
		print(String.format(Locale.ROOT, "  %-22s starting, %s", component, detail));
	}

	long now() {
		return this.nanoTime.getAsLong();
	}

	private void print(String line) {
		this.out.println(line);
		this.out.flush();
	}

	private static String seconds(long nanos) {
		return String.format(Locale.ROOT, "%.1f s", nanos / (double) TimeUnit.SECONDS.toNanos(1));
	}

}
