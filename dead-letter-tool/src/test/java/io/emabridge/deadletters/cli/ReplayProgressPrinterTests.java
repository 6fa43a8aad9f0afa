package io.emabridge.deadletters.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ReplayProgressPrinterTests {

	private final AtomicLong clock = new AtomicLong(1_000_000_000L);

	private final StringWriter err = new StringWriter();

	private final ReplayProgressPrinter printer = new ReplayProgressPrinter(new PrintWriter(this.err), this.clock::get,
			false);

	@Test
	void saysWhatItDoesBeforeTheTopicIsRead() {
		advance(Duration.ofSeconds(3));

		this.printer.tick();

		assertThat(this.err).hasToString("replay: reading the replay memory and the topic's offsets (3 s)\n");
	}

	@Test
	void showsDoneRateAndTimeLeft() {
		this.printer.started(5000);
		read(1200, 1150);
		advance(Duration.ofSeconds(4));

		this.printer.tick();

		assertThat(this.err)
			.hasToString("replay: 1,200 of 5,000 dead letters read (24%), 1,150 sent again, 300/s, about 13 s left\n");
	}

	@Test
	void longWaitsAreInMinutesAndHours() {
		this.printer.started(1_000_000);
		read(1000, 1000);
		advance(Duration.ofSeconds(10));

		assertThat(this.printer.line()).endsWith("100/s, about 2 h 47 min left");
		assertThat(ReplayProgressPrinter.duration(Duration.ofMinutes(5).toNanos())).isEqualTo("5 min");
	}

	@Test
	void slowRatesKeepADecimal() {
		this.printer.started(10);
		read(1, 1);
		advance(Duration.ofSeconds(2));

		assertThat(this.printer.line()).contains("0.5/s, about 18 s left");
	}

	@Test
	void beforeTheFirstRecordTheTimeLeftIsNotGuessed() {
		this.printer.started(10);
		advance(Duration.ofSeconds(1));

		assertThat(this.printer.line())
			.isEqualTo("replay: 0 of 10 dead letters read (0%), 0 sent again, time left not known yet");
	}

	@Test
	void theEndIsAlwaysPrinted() {
		this.printer.started(20);
		read(20, 15);
		advance(Duration.ofSeconds(5));

		this.printer.finished();

		assertThat(this.err).hasToString("replay: done, 20 dead letters read, 15 sent again, in 5 s (4.0/s)\n");
	}

	@Test
	void aDryRunSaysWhatWouldBeSent() {
		ReplayProgressPrinter dryRun = new ReplayProgressPrinter(new PrintWriter(this.err), this.clock::get, true);
		dryRun.started(3);
		dryRun.read(true);
		dryRun.read(false);
		dryRun.read(true);

		dryRun.finished();

		assertThat(this.err.toString()).startsWith("replay: done, 3 dead letters read, 2 would be sent again, in ");
	}

	@Test
	void printsByItselfEveryIntervalUntilClosed() {
		ReplayProgressPrinter ticking = new ReplayProgressPrinter(new PrintWriter(this.err, true), System::nanoTime,
				false);
		try (ticking) {
			ticking.startTicking(Duration.ofMillis(20));
			ticking.started(100);

			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(
						this.err.toString().lines().filter((line) -> line.startsWith("replay: 0 of 100")).count())
					.isGreaterThanOrEqualTo(2));
		}
	}

	private void read(int records, int sent) {
		for (int i = 0; i < records; i++) {
			this.printer.read(i < sent);
		}
	}

	private void advance(Duration duration) {
		this.clock.addAndGet(duration.toNanos());
	}

}
