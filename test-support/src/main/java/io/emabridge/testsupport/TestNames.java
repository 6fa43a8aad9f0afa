package io.emabridge.testsupport;

import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Random names and ids so that tests sharing a broker, a database server or a sandbox
 * never see each other.
 */
public final class TestNames {

	// Service ids are drawn from a random base per JVM, then counted up, so they are
	// unique within a run.
	private static final AtomicLong SERVICE_IDS = new AtomicLong(
			ThreadLocalRandom.current().nextLong(1_000_000L, 1_000_000_000L));

	private TestNames() {
	}

	public static String topic(String purpose) {
		return "test-" + purpose + "-" + shortId();
	}

	public static String groupId(String purpose) {
		return "test-" + purpose + "-" + shortId();
	}

	public static long serviceId() {
		return SERVICE_IDS.incrementAndGet();
	}

	public static String databaseName() {
		return "test_" + shortId();
	}

	public static String shortId() {
		return UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
	}

}
