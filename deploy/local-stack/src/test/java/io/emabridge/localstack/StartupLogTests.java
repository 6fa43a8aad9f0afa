package io.emabridge.localstack;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class StartupLogTests {

	private final AtomicLong clock = new AtomicLong();

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final StartupLog log = new StartupLog(new PrintStream(this.out, true, StandardCharsets.UTF_8),
			this.clock::get);

	@Test
	void saysWhereAComponentIsUpAndHowLongItTook() {
		String started = this.log.up("Kafka (KRaft)", () -> {
			advance(Duration.ofMillis(3140));
			return "127.0.0.1:9092";
		}, (kafka) -> kafka);

		assertThat(started).isEqualTo("127.0.0.1:9092");
		assertThat(printed()).isEqualTo("  Kafka (KRaft)          up     127.0.0.1:9092 (3.1 s)\n");
	}

	@Test
	void aServiceIsStartingFirstAndUpOnceHealthy() {
		long since = this.log.now();
		this.log.starting("provisioning-worker", "its own JVM, log var/logs/provisioning-worker.log");
		advance(Duration.ofSeconds(21));
		this.log.up("provisioning-worker", "http://127.0.0.1:8081", since);

		assertThat(printed()).isEqualTo("""
				  provisioning-worker    starting, its own JVM, log var/logs/provisioning-worker.log
				  provisioning-worker    up     http://127.0.0.1:8081 (21.0 s)
				""");
	}

	@Test
	void nothingIsSaidOfAComponentThatDidNotStart() {
		assertThatIllegalStateException().isThrownBy(() -> this.log.up("PostgreSQL", () -> {
			throw new IllegalStateException("port taken");
		}, Object::toString));

		assertThat(printed()).isEmpty();
	}

	private String printed() {
		return this.out.toString(StandardCharsets.UTF_8);
	}

	private void advance(Duration duration) {
		this.clock.addAndGet(duration.toNanos());
	}

}
