package io.emabridge.usage.config;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The WHMCS API usage is written into, {@code ema.whmcs.*} (the same names as the
 * provisioning worker's).
 *
 * @param url the WHMCS installation; the API is {url}/includes/api.php
 * @param identifier API credential identifier
 * @param secret API credential secret; give a real one through the environment
 * (EMA_WHMCS_SECRET)
 * @param accessKey the installation's API access key ({@code $api_access_key} in WHMCS's
 * configuration.php), sent with every call so that WHMCS takes calls from addresses not
 * on its API IP allow-list; empty sends none. Set a real one through the environment
 * (EMA_WHMCS_ACCESS_KEY); never logged
 * @param timeout how long one API call may take
 * @param connectTimeout how long connecting may take
 * @param customFields ids of the product's custom fields that receive the figures
 */
@ConfigurationProperties("ema.whmcs")
@Validated
public record WhmcsProperties(@DefaultValue("http://127.0.0.1:8091") @NotNull URI url,
		@DefaultValue("sandbox") @NotBlank String identifier, @DefaultValue("sandbox") @NotBlank String secret,
		@DefaultValue("sandbox-access-key") String accessKey, @DefaultValue("10s") @NotNull Duration timeout,
		@DefaultValue("5s") @NotNull Duration connectTimeout, @DefaultValue @Valid @NotNull CustomFields customFields) {

	/** Never prints the secret. */
	@Override
	public String toString() {
		return "WhmcsProperties[url=" + this.url + ", identifier=" + this.identifier + ", secret=(hidden), accessKey="
				+ ((this.accessKey == null || this.accessKey.isEmpty()) ? "none" : "(hidden)") + ", timeout="
				+ this.timeout + ", customFields=" + this.customFields + "]";
	}

	/**
	 * Custom field ids (Setup > Products/Services > the product > Custom Fields).
	 *
	 * @param activeUsers the field that shows the tenant's active users
	 * @param licenses the field that shows the tenant's licenses
	 */
	public record CustomFields(@DefaultValue("14") @Min(1) int activeUsers, @DefaultValue("15") @Min(1) int licenses) {
	}
}
