package io.emabridge.provisioning.drift;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The drift reconciler, from {@code ema.reconcile.*}.
 *
 * @param enabled whether runs are scheduled at all (POST /admin/reconcile works either
 * way)
 * @param schedule when to run: a Spring cron expression (seconds first), in UTC; "-" runs
 * only on demand
 * @param fix whether scheduled runs fix what they may (a run on demand says so itself)
 * @param productIds the WHMCS products of our module; empty: every service that has the
 * "Archive slug" custom field (ema.whmcs.custom-fields.slug)
 * @param pageSize services per GetClientsProducts page
 * @param maxFixes the most fixes one run makes: a run that finds more fixes the first
 * ones and says so, since that many usually means a wrong configuration rather than drift
 * @param lockUrl the JDBC URL of the connection that holds the reconciler's advisory
 * lock, a session-level lock: it must reach PostgreSQL itself or a PgBouncer in session
 * mode, never one in transaction mode; empty: {@code spring.datasource.url}
 */
@ConfigurationProperties("ema.reconcile")
@Validated
public record ReconcileProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("0 17 * * * *") @NotBlank String schedule, @DefaultValue("false") boolean fix,
		@DefaultValue List<@NotNull @Positive Long> productIds, @DefaultValue("250") @Min(1) @Max(1000) int pageSize,
		@DefaultValue("100") @Min(0) int maxFixes, @DefaultValue("") @NotNull @Pattern(regexp = "(jdbc:postgresql:.*)?",
				message = "must be a jdbc:postgresql: URL, or empty for spring.datasource.url") String lockUrl) {
}
