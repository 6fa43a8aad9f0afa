package io.emabridge.usage.config;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Easy Mail Archive reseller API usage is read from, {@code ema.archive.*} (the same
 * names as the provisioning worker's).
 *
 * @param baseUrl scheme, host and port of the API
 * @param apiKey the reseller API key; give a real one through the environment
 * (EMA_ARCHIVE_API_KEY)
 * @param timeout how long one call may take
 * @param connectTimeout how long connecting may take
 */
@ConfigurationProperties("ema.archive")
@Validated
public record ArchiveProperties(@DefaultValue("http://127.0.0.1:8090") @NotNull URI baseUrl,
		@DefaultValue("sandbox-key") @NotBlank String apiKey, @DefaultValue("10s") @NotNull Duration timeout,
		@DefaultValue("5s") @NotNull Duration connectTimeout) {

	/** Never prints the key. */
	@Override
	public String toString() {
		return "ArchiveProperties[baseUrl=" + this.baseUrl + ", apiKey=(hidden), timeout=" + this.timeout
				+ ", connectTimeout=" + this.connectTimeout + "]";
	}
}
