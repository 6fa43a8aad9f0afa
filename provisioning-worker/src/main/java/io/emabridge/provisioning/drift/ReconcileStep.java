package io.emabridge.provisioning.drift;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a reconciliation run is doing now, as it goes: one line of the streamed answer of
 * {@code POST /admin/reconcile} ({@code application/x-ndjson}), which the
 * {@code reconcile} command prints, so that an operator waiting for a run over many
 * thousands of services sees which view it is reading.
 *
 * @param phase the step the run has reached
 * @param detail what the step before found ("2300 WHMCS services read"), or why a run
 * could not start; null when there is nothing to say
 * @param report the run's report, on the last line ({@code done}) only
 */
public record ReconcileStep(Phase phase, String detail, DriftReport report) {

	static ReconcileStep of(Phase phase, String detail) {
		return new ReconcileStep(phase, detail, null);
	}

	static ReconcileStep done(DriftReport report) {
		return new ReconcileStep(Phase.DONE, null, report);
	}

	/** The steps of a run, in the order it takes them. */
	public enum Phase {

		/** Reading the WHMCS services of our products. */
		READING_WHMCS("reading WHMCS"),
		/** Reading the ledger's services. */
		READING_LEDGER("reading the ledger"),
		/** Reading the archive's tenants. */
		READING_ARCHIVE("reading the archive"),
		/** Comparing the three views. */
		COMPARING("comparing"),
		/** Correcting what may be corrected (with fix only). */
		FIXING("fixing"),
		/** The run is over; the line carries its report. */
		DONE("done"),
		/** No run: one is already going on here or on another instance. */
		BUSY("busy");

		private final String words;

		Phase(String words) {
			this.words = words;
		}

		@JsonValue
		public String value() {
			return name().toLowerCase(Locale.ROOT);
		}

		/** The phase for an operator to read. */
		public String words() {
			return this.words;
		}

	}

}
