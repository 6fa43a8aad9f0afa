package io.emabridge.provisioning.config;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The WHMCS API the worker writes each tenant's slug and URL back into, from
 * {@code ema.whmcs.*}.
 *
 * @param enabled whether to write back at all
 * @param url the WHMCS installation; the API is {url}/includes/api.php
 * @param identifier API credential identifier
 * @param secret API credential secret; set a real one through the environment
 * (EMA_WHMCS_SECRET)
 * @param accessKey the installation's API access key ({@code $api_access_key} in WHMCS's
 * configuration.php), sent with every call so that WHMCS takes calls from addresses not
 * on its API IP allow-list; empty sends none. Set a real one through the environment
 * (EMA_WHMCS_ACCESS_KEY); never logged
 * @param timeout how long one API call may take
 * @param connectTimeout how long connecting may take
 * @param customFields ids of the product's custom fields that receive the slug and the
 * access URL
 * @param retry back-off of the write-back; it never gives up, since the tenant is there
 * and only WHMCS lags
 */
@ConfigurationProperties("ema.whmcs")
@Validated
public record WhmcsProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("http://127.0.0.1:8091") @NotNull URI url, @DefaultValue("sandbox") @NotBlank String identifier,
		@DefaultValue("sandbox") @NotBlank String secret, @DefaultValue("sandbox-access-key") String accessKey,
		@DefaultValue("10s") @NotNull Duration timeout, @DefaultValue("5s") @NotNull Duration connectTimeout,
		@DefaultValue @Valid @NotNull CustomFields customFields, @DefaultValue @Valid @NotNull Retry retry) {

	/** Never prints the secret. */
	@Override
	public String toString() {
		return "WhmcsProperties[enabled=" + this.enabled + ", url=" + this.url + ", identifier=" + this.identifier
				+ ", secret=(hidden), accessKey="
				+ ((this.accessKey == null || this.accessKey.isEmpty()) ? "none" : "(hidden)") + ", timeout="
				+ this.timeout + ", customFields=" + this.customFields + ", retry=" + this.retry + "]";
	}

	/**
	 * Custom field ids (Setup > Products/Services > the product > Custom Fields).
	 *
	 * @param slug the field that shows the archive slug
	 * @param url the field that shows the archive access URL
	 */
	public record CustomFields(@DefaultValue("12") @Min(1) int slug, @DefaultValue("13") @Min(1) int url) {
	}

	/**
	 * Exponential back-off with full jitter, without end.
	 *
	 * @param initial the ceiling of the first wait
	 * @param multiplier how much the ceiling grows per attempt
	 * @param max the largest ceiling; also the wait after a failure retrying cannot fix
	 * by itself (credentials, unknown service), which an administrator has to
	 */
	public record Retry(@DefaultValue("2s") @NotNull Duration initial,
			@DefaultValue("2") @DecimalMin("1.0") double multiplier, @DefaultValue("10m") @NotNull Duration max) {
	}
}
