package io.emabridge.provisioning.ledger;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long the ledger keeps events it no longer needs, from {@code ema.ledger.*}.
 *
 * @param retention how long an applied or stale event stays in the ledger after it was
 * applied or skipped; at least an hour (a bare number would be milliseconds). Events a
 * service, a dead letter or a notice still needs are kept whatever their age
 * @param prune when and how much is deleted
 */
@ConfigurationProperties("ema.ledger")
@Validated
public record LedgerProperties(@DefaultValue("30d") @NotNull Duration retention,
		@DefaultValue @Valid @NotNull Prune prune) {

	static final Duration MIN_RETENTION = Duration.ofHours(1);

	public LedgerProperties {
		if (retention != null && retention.compareTo(MIN_RETENTION) < 0) {
			throw new IllegalArgumentException("ema.ledger.retention must be at least 1h (a bare number is"
					+ " milliseconds; write 30d for thirty days), not " + retention);
		}
	}

	/**
	 * The pruning schedule: every {@code interval}, batches of {@code batchSize} events
	 * (each its own short transaction) until no event is left to look at or
	 * {@code maxPerRun} were looked at.
	 *
	 * @param enabled whether this instance prunes at all (with several instances one
	 * prunes at a time anyway)
	 * @param interval the time between the end of one run and the start of the next
	 * @param batchSize events looked at per transaction
	 * @param maxPerRun events looked at per run, at most; the next run goes on
	 */
	public record Prune(@DefaultValue("true") boolean enabled, @DefaultValue("5m") @NotNull Duration interval,
			@DefaultValue("1000") @Min(1) @Max(10000) int batchSize, @DefaultValue("100000") @Min(1) int maxPerRun) {

		public Prune {
			if (interval != null && (interval.isNegative() || interval.compareTo(Duration.ofSeconds(1)) < 0)) {
				throw new IllegalArgumentException("ema.ledger.prune.interval must be at least 1s, not " + interval);
			}
		}

	}

}
