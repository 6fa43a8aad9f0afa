package io.emabridge.provisioning.welcome;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The welcome e-mail that carries the tenant's URL, from {@code ema.welcome.*}.
 *
 * @param template the name of the WHMCS e-mail template (a Product/Service template) sent
 * once per service after its slug and URL were written back; empty: no welcome e-mail,
 * and services provisioned meanwhile get none later either
 * @param pollInterval how often due e-mails are looked for
 * @param batchSize how many due e-mails one instance takes at a time
 * @param lease how long a SendEmail may be under way before its outcome counts as unknown
 * (a worker that died mid-call); well above {@code ema.whmcs.timeout}
 * @param retry back-off after WHMCS answered that it did not send (or could not be
 * reached at all); never gives up
 */
@ConfigurationProperties("ema.welcome")
@Validated
public record WelcomeProperties(@DefaultValue("") @NotNull String template,
		@DefaultValue("5s") @NotNull Duration pollInterval, @DefaultValue("20") @Min(1) @Max(500) int batchSize,
		@DefaultValue("2m") @NotNull Duration lease, @DefaultValue @Valid @NotNull Retry retry) {

	/** Whether a template is configured. */
	public boolean enabled() {
		return !this.template.isBlank();
	}

	/**
	 * Exponential back-off with full jitter, without end.
	 *
	 * @param initial the ceiling of the first wait
	 * @param multiplier how much the ceiling grows per attempt
	 * @param max the largest ceiling
	 */
	public record Retry(@DefaultValue("5s") @NotNull Duration initial,
			@DefaultValue("2") @DecimalMin("1.0") double multiplier, @DefaultValue("10m") @NotNull Duration max) {
	}

}
