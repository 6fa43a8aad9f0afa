package io.emabridge.provisioning.drift;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ReconcileProgressPrinterTests {

	private final AtomicLong clock = new AtomicLong(5_000_000_000L);

	private final StringWriter err = new StringWriter();

	private final ReconcileProgressPrinter printer = new ReconcileProgressPrinter(new PrintWriter(this.err),
			this.clock::get, "waiting for the worker at http://127.0.0.1:8081");

	@Test
	void printsEachStepWithTheTimeSinceTheStartAndWhatTheStepBeforeFound() {
		this.printer.step("reading_whmcs", null);
		advance(Duration.ofMillis(2100));
		this.printer.step("reading_ledger", "2300 WHMCS services read");
		advance(Duration.ofMillis(300));
		this.printer.step("reading_archive", "2300 ledger services read");
		advance(Duration.ofMillis(2600));
		this.printer.step("comparing", "2410 archive tenants read");
		this.printer.step("fixing", "12 differences found");
		advance(Duration.ofMillis(1300));
		this.printer.done();

		assertThat(this.err).hasToString("""
				reconcile: reading WHMCS (0.0 s)
				reconcile: reading the ledger (2.1 s; 2300 WHMCS services read)
				reconcile: reading the archive (2.4 s; 2300 ledger services read)
				reconcile: comparing (5.0 s; 2410 archive tenants read)
				reconcile: fixing (5.0 s; 12 differences found)
				reconcile: done in 6.3 s
				""");
	}

	@Test
	void remindsWhatItWaitsForWhenAStepTakesLong() {
		this.printer.remind(Duration.ofSeconds(5));
		advance(Duration.ofSeconds(5));
		this.printer.remind(Duration.ofSeconds(5));
		this.printer.step("reading_whmcs", null);
		advance(Duration.ofSeconds(2));
		this.printer.remind(Duration.ofSeconds(5));
		advance(Duration.ofSeconds(4));
		this.printer.remind(Duration.ofSeconds(5));

		assertThat(this.err).hasToString("""
				reconcile: still waiting for the worker at http://127.0.0.1:8081 (5.0 s)
				reconcile: reading WHMCS (5.0 s)
				reconcile: still reading WHMCS (11.0 s)
				""");
	}

	@Test
	void aStepItDoesNotKnowIsShownAsNamed() {
		this.printer.step("reading_something_new", null);

		assertThat(this.err).hasToString("reconcile: reading something new (0.0 s)\n");
	}

	@Test
	void remindsByItselfUntilClosed() {
		ReconcileProgressPrinter reminding = new ReconcileProgressPrinter(new PrintWriter(this.err, true),
				System::nanoTime, "waiting for the worker");
		try (reminding) {
			reminding.startReminding(Duration.ofMillis(20));

			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(
						() -> assertThat(this.err.toString()).contains("reconcile: still waiting for the worker"));
		}
	}

	private void advance(Duration duration) {
		this.clock.addAndGet(duration.toNanos());
	}

}
