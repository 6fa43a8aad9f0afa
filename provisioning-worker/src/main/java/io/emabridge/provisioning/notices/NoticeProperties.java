package io.emabridge.provisioning.notices;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import io.emabridge.provisioning.config.WhmcsProperties;

/**
 * How dead letters are surfaced in WHMCS, from {@code ema.notices.*}.
 *
 * @param enabled whether to tell WHMCS at all; unset: whenever the WHMCS write-back is
 * enabled
 * @param mode ticket or note; unset: a ticket when a department is configured, else an
 * admin note
 * @param departmentId the support department tickets are opened in (Setup > Support >
 * Departments)
 * @param priority the tickets' priority: Low, Medium or High
 * @param ticketName the name tickets are opened under: the operator's, never the
 * customer's
 * @param ticketEmail the address tickets are opened under (the operator's own), so that
 * the customer is not mailed an internal failure; required in ticket mode
 * @param replyAs the staff name on the replies the worker adds
 * @param pollInterval how often due notices are looked for
 * @param batchSize how many due notices one instance claims at a time
 * @param lease how long a claimed notice is this instance's to send, before another may
 * take it over
 * @param retry back-off after WHMCS failed to take a notice
 * @param replay how the replay command in a notice reaches the dead letters
 */
@ConfigurationProperties("ema.notices")
@Validated
public record NoticeProperties(Boolean enabled, Mode mode, @Min(1) Integer departmentId,
		@DefaultValue("Medium") @NotNull @Pattern(regexp = "Low|Medium|High",
				message = "must be Low, Medium or High") String priority,
		@DefaultValue("Easy Mail Archive bridge") @NotBlank String ticketName,
		@DefaultValue("") @NotNull @Email String ticketEmail,
		@DefaultValue("Easy Mail Archive bridge") @NotBlank String replyAs,
		@DefaultValue("5s") @NotNull Duration pollInterval, @DefaultValue("20") @Min(1) @Max(500) int batchSize,
		@DefaultValue("2m") @NotNull Duration lease, @DefaultValue @Valid @NotNull Retry retry,
		@DefaultValue @Valid @NotNull Replay replay) {

	public NoticeProperties {
		if (mode == Mode.TICKET && departmentId == null) {
			throw new IllegalArgumentException("ema.notices.mode=ticket needs ema.notices.department-id: the id of the"
					+ " support department the tickets are opened in");
		}
		boolean tickets = mode == Mode.TICKET || (mode == null && departmentId != null);
		if (tickets && !Boolean.FALSE.equals(enabled) && ticketEmail.isBlank()) {
			throw new IllegalArgumentException("Tickets need ema.notices.ticket-email (the operator's own address):"
					+ " they are opened under it rather than under the customer, who must not be mailed an internal"
					+ " failure. Or set ema.notices.mode=note for admin notes on the service instead");
		}
	}

	/**
	 * The mode in effect: as configured, else a ticket when a department is configured,
	 * else an admin note.
	 */
	@Override
	public Mode mode() {
		return (this.mode != null) ? this.mode : (this.departmentId != null) ? Mode.TICKET : Mode.NOTE;
	}

	/**
	 * Whether notices are sent: as configured, else whenever the WHMCS write-back is
	 * enabled.
	 */
	public boolean active(WhmcsProperties whmcs) {
		boolean active = (this.enabled != null) ? this.enabled : whmcs.enabled();
		if (active && !whmcs.enabled()) {
			throw new IllegalStateException("ema.notices.enabled=true needs the WHMCS API: set"
					+ " ema.whmcs.enabled=true, or drop ema.notices.enabled");
		}
		return active;
	}

	/** Where a notice goes in WHMCS, besides its lines in the activity log. */
	public enum Mode {

		/**
		 * A support ticket per failure episode, answered and closed when the service
		 * recovers.
		 */
		TICKET,
		/** Dated lines appended to the service's admin notes. */
		NOTE;

		String value() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * Exponential back-off with full jitter, without end: WHMCS being down must lose
	 * nothing.
	 *
	 * @param initial the ceiling of the first wait
	 * @param multiplier how much the ceiling grows per attempt
	 * @param max the largest ceiling
	 */
	public record Retry(@DefaultValue("5s") @NotNull Duration initial,
			@DefaultValue("2") @DecimalMin("1.0") double multiplier, @DefaultValue("10m") @NotNull Duration max) {
	}

	/**
	 * What the replay command in a notice says.
	 *
	 * @param command how the operator runs the dlt command
	 * @param bootstrapServers the brokers as the operator reaches them; unset: the
	 * worker's own spring.kafka.bootstrap-servers
	 * @param adminUrl the worker's admin endpoint base as the operator reaches it
	 */
	public record Replay(@DefaultValue("java -jar dlt.jar") @NotBlank String command, String bootstrapServers,
			@DefaultValue("http://127.0.0.1:8081") @NotNull URI adminUrl) {
	}
}
